package phaselab.engine.nn;

import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/** Parameter initialisers drawing from an explicit stream, in element order. */
public final class Init {
  private Init() {}

  /** Normal(0, std²), e.g. BERT/GPT-2 use std = 0.02. */
  public static void normal(Tensor t, double std, RngStream rng) {
    for (int i = 0; i < t.data.length; i++) {
      t.data[i] = (float) (std * rng.nextGaussian());
    }
  }

  /** Uniform(−bound, bound); PyTorch's default Linear init uses bound = 1/√fan_in. */
  public static void uniform(Tensor t, double bound, RngStream rng) {
    for (int i = 0; i < t.data.length; i++) {
      t.data[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
  }

  /** Every element = v. */
  public static void constant(Tensor t, float v) {
    java.util.Arrays.fill(t.data, v);
  }

  /**
   * The transformer initialisation (BERT, GPT-2): every matrix Normal(0, std²), drawn in
   * parameter order; rank-1 parameters keep their construction values (biases 0, LayerNorm γ 1).
   */
  public static void matrices(Module m, double std, RngStream rng) {
    for (Tensor p : m.namedParameters().values()) {
      if (p.rank() > 1) {
        normal(p, std, rng);
      }
    }
  }
}
