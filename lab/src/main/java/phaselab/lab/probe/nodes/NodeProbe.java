package phaselab.lab.probe.nodes;

import java.util.LinkedHashMap;
import java.util.Map;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.probe.Probe;
import phaselab.lab.train.Workload;

/**
 * The node probe during training: every probes.every steps, the per-step numbers of
 * {@link NodeAnalysis} (accuracy with all nodes, order parameters of nodes and heads, envelope
 * bound vs achieved) at probes.site, and the same numbers for the label-shuffled null model, so
 * symmetry breaking can be followed over training in metrics.jsonl. The full analysis (matrices, crossover) is {@code phaselab probe nodes}.
 */
public final class NodeProbe implements Probe {
  private static final int TOP_TOKENS = 100;
  private final ExperimentConfig config;

  public NodeProbe(ExperimentConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "nodes";
  }

  @Override
  public Map<String, Double> measure(Workload work, long step) {
    var p = config.probes();
    SiteFeatures f = SiteFeatures.extract(work, p.site(), p.readout(), p.nodesLimit(), TOP_TOKENS);
    NodeAnalysis analysis = new NodeAnalysis(p.minRecall(), p.meanSilencing(), 0, 32, 0, config.seed(), false);
    Map<String, Double> out = new LinkedHashMap<>();
    NodeAnalysis.summary(analysis.run(f)).forEach((k, v) -> out.put("nodes/" + k, v));
    // the label-shuffled null model beside every figure (the random-body one: phaselab probe nodes)
    NodeAnalysis.summary(analysis.shuffled().run(f)).forEach((k, v) -> out.put("nodes_shuffled/" + k, v));
    return out;
  }
}
