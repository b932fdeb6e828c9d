package phaselab.lab.probe;

import java.util.Map;
import phaselab.engine.nn.DecoderLM;
import phaselab.lab.task.LmTask;

/** A measurement of a model; returns metric name → value. */
public interface Probe {
  String name();

  /** Measures {@code model} (without changing it) on inputs it takes from {@code task}. */
  Map<String, Double> measure(DecoderLM model, LmTask task);

  /** The probe registered under a config name. */
  static Probe byName(String name) {
    return switch (name) {
      case "weight_norm" -> new WeightNormProbe();
      case "attention_sparsity" -> new AttentionSparsityProbe();
      case "tree_projection" -> new phaselab.lab.probe.structure.TreeProjectionProbe(50);
      default -> throw new IllegalArgumentException("unknown probe '" + name + "'");
    };
  }
}
