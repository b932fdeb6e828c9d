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

  /** Xavier (Glorot) uniform for a (out, in) matrix: U(±gain·√(6 / (in + out))). */
  public static void xavierUniform(Tensor w, double gain, RngStream rng) {
    int out = w.dim(0);
    int in = w.data.length / out;
    uniform(w, gain * Math.sqrt(6.0 / (in + out)), rng);
  }

  /**
   * A transformer block as PyTorch's layers and Murty et al.'s code initialise it: q, k, v and the
   * output projection Xavier-uniform; the first FFN matrix Xavier-uniform with gain √2 for ReLU
   * (calculate_gain("relu")), 1 otherwise; the second Xavier-uniform; every bias U(±1/√fan_in)
   * (nn.Linear's default). LayerNorms keep γ = 1, β = 0.
   */
  public static void xavierBlock(TransformerBlock block, FeedForward.Activation activation, RngStream rng) {
    MultiHeadAttention a = block.attention();
    for (Linear l : new Linear[] {a.query, a.key, a.value, a.proj}) {
      linear(l, 1.0, rng);
    }
    FeedForward f = block.feedForward();
    linear(f.fcIn, activation == FeedForward.Activation.RELU ? Math.sqrt(2.0) : 1.0, rng);
    linear(f.fcOut, 1.0, rng);
  }

  private static void linear(Linear l, double gain, RngStream rng) {
    xavierUniform(l.weight, gain, rng);
    if (l.bias != null) {
      uniform(l.bias, 1 / Math.sqrt(l.in), rng);
    }
  }
}
