package phaselab.lab.probe;

import java.util.Map;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.probe.entropic.EntropicProbe;
import phaselab.lab.probe.structure.TreeProjectionProbe;
import phaselab.lab.train.Workload;

/** A measurement of a model during training; returns metric name → value. */
public interface Probe {
  String name();

  /** Measures the workload's model at {@code step} without changing it. */
  Map<String, Double> measure(Workload work, long step);

  /** The probe registered under a config name, set up from the run's config. */
  static Probe byName(String name, ExperimentConfig config) {
    return switch (name) {
      case "weight_norm" -> new WeightNormProbe();
      case "attention_sparsity" -> new AttentionSparsityProbe();
      case "tree_projection" -> new TreeProjectionProbe(config.probes().treeSentences(), config.probes().treeMaxWords());
      case "entropic" -> EntropicProbe.from(config);
      case "nodes" -> new phaselab.lab.probe.nodes.NodeProbe(config);
      default -> throw new IllegalArgumentException("unknown probe '" + name + "'");
    };
  }
}
