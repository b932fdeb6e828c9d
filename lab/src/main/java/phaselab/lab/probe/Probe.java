package phaselab.lab.probe;

import java.util.List;
import java.util.Map;
import phaselab.engine.nn.DecoderLM;

/** A measurement of a model; returns metric name → value. */
public interface Probe {
  String name();

  /** Measures {@code model} (without changing it) on {@code inputs} (real sequences of the task). */
  Map<String, Double> measure(DecoderLM model, List<int[]> inputs);

  /** The probe registered under a config name. */
  static Probe byName(String name) {
    return switch (name) {
      case "weight_norm" -> new WeightNormProbe();
      case "attention_sparsity" -> new AttentionSparsityProbe();
      default -> throw new IllegalArgumentException("unknown probe '" + name + "'");
    };
  }
}
