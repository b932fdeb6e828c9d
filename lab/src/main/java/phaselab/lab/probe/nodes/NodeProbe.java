package phaselab.lab.probe.nodes;

import java.util.LinkedHashMap;
import java.util.Map;
import phaselab.lab.probe.Probe;
import phaselab.lab.probe.ProbeContext;
import phaselab.lab.workload.Workload;

/**
 * The node probe during training: every probes.every steps, the per-step numbers of
 * {@link NodeAnalysis} (accuracy with all nodes, order parameters of nodes and heads, envelope
 * bound vs achieved) at probes.site, and the same numbers for the label-shuffled null model, so
 * symmetry breaking can be followed over training in metrics.jsonl. The full analysis (matrices, crossover) is {@code phaselab probe nodes}.
 */
public final class NodeProbe implements Probe {
  private static final int TOP_TOKENS = 100;
  private final Settings settings;

  public NodeProbe(Settings settings) {
    this.settings = settings;
  }

  /**
   * probes.site, probes.readout, probes.min_recall, probes.silence (mean: true) and
   * probes.nodes_limit (docs/research.md A.1; see {@link NodeAnalysis}).
   */
  public record Settings(String site, String readout, double minRecall, boolean meanSilencing, int limit) {}

  @Override
  public String name() {
    return "nodes";
  }

  @Override
  public Map<String, Double> measure(Workload work, ProbeContext context) {
    var p = settings;
    SiteFeatures f = SiteFeatures.extract(work, p.site(), p.readout(), p.limit(), TOP_TOKENS);
    NodeAnalysis analysis = new NodeAnalysis(p.minRecall(), p.meanSilencing(), 0, 32, 0, context.seed(), false);
    Map<String, Double> out = new LinkedHashMap<>();
    analysis.run(f).summary().metrics().forEach((k, v) -> out.put("nodes/" + k, v));
    // the label-shuffled null model beside every figure (the random-body one: phaselab probe nodes)
    analysis.shuffled().run(f).summary().metrics().forEach((k, v) -> out.put("nodes_shuffled/" + k, v));
    return out;
  }
}
