package phaselab.lab.suite.symmetry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import phaselab.lab.config.ConfigNode;
import phaselab.lab.config.ModelKind;
import phaselab.lab.config.TaskKind;
import phaselab.lab.probe.Probe;
import phaselab.lab.probe.ProbeContext;
import phaselab.lab.probe.ProbeSettings;
import phaselab.lab.probe.ProbeSpec;
import phaselab.lab.workload.Workload;

/**
 * The node probe during training: every probes.every steps, the per-step numbers of
 * {@link NodeAnalysis} (accuracy with all nodes, order parameters of nodes and heads, envelope
 * bound vs achieved) at probes.site, and the same numbers for the label-shuffled null model, so
 * symmetry breaking can be followed over training in metrics.jsonl. The full analysis (matrices, crossover) is {@code phaselab probe nodes}.
 */
public final class NodeProbe implements Probe {
  /** The order parameters of the trained readout and of its label-shuffled control; reads BERT encoders. */
  public static final ProbeSpec SPEC = new ProbeSpec("nodes", Set.of(ModelKind.ENCODER), "reads BERT encoders",
      new ProbeSettings<>(Settings.class, Map.of("site", "site", "readout", "readout", "min_recall", "min_recall", "silence", "silence",
          "nodes_limit", "limit", "protocol", "protocol"), Settings::read),
      List.of("nodes/", "nodes_shuffled/"), NodeProbe::chart, config -> new NodeProbe(config.probes().get(Settings.class)));

  /** The trained readout's order parameters in three charts; the shuffled control's in one. */
  public static String chart(String m) {
    if (!m.startsWith(ProbeSpec.PREFIX + "nodes/")) {
      return ProbeSpec.ownChart(m);
    }
    if (m.endsWith("_jaccard") || m.endsWith("_coverage") || m.endsWith("_empty_fraction")) {
      return "Nodes: order parameters (Jaccard overlap, coverage, empty sets)";
    } else if (m.endsWith("_learned_mean") || m.endsWith("bound_size_mean") || m.endsWith("learned_size_mean")) {
      return "Nodes: learned-set size |L| and its convex-hull bound";
    } else if (m.contains("accuracy")) {
      return "Nodes: accuracy with all nodes, one node, one head";
    }
    return null;
  }

  private static final int TOP_TOKENS = 100;
  private final Settings settings;

  public NodeProbe(Settings settings) {
    this.settings = settings;
  }

  /**
   * {@code probes.nodes} (docs/research.md A.1; see {@link NodeAnalysis}): the analysis site (auto =
   * the classifier's input, or the MLM decoder's), the readout (auto = the model's own output layer
   * where the site feeds one), the learned-set recall threshold (0 = 2/K), the silencing mode
   * (mean: zero is not the neutral value of a GELU or LayerNorm output), how many examples of each
   * split it reads, and the protocol of {@code phaselab probe nodes}: kanter (the group's recipe,
   * docs/symmetry-breaking.md) or argmax (phaselab's own; runs recorded before the key existed).
   */
  public record Settings(String site, String readout, double minRecall, boolean meanSilencing, int limit, String protocol) {
    static Settings read(ConfigNode n, TaskKind task) {
      return new Settings(n.string("site", "auto"), n.choice("readout", "auto", "auto", "model", "fitted"),
          n.number("min_recall", 0.0, 0.0, 1.0), n.choice("silence", "mean", "zero", "mean").equals("mean"),
          n.integer("limit", 1000, 10, 1_000_000), n.choice("protocol", n.absentFromOlderRun("protocol") ? "argmax" : "kanter", "kanter",
          "argmax"));
    }
  }

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
