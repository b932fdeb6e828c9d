package phaselab.engine.optim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.Tensor;

/** Global-norm gradient clipping, as PyTorch's {@code clip_grad_norm_}. */
public final class GradClip {
  /** Elements per chunk: squares are summed in float within a chunk, chunks in double, in order. */
  private static final int CHUNK = 1 << 12;

  private GradClip() {}

  /**
   * √Σ‖g‖² over all parameters with a gradient. Chunk boundaries depend on the sizes only and
   * chunk sums are added in order, so the value is the same for any thread count.
   */
  public static double globalNorm(Collection<Tensor> params) {
    List<float[]> grads = new ArrayList<>();
    for (Tensor p : params) {
      if (p.grad() != null) {
        grads.add(p.grad());
      }
    }
    double total = 0;
    Kernels k = Kernels.get();
    for (float[] g : grads) {
      int chunks = (g.length + CHUNK - 1) / CHUNK;
      double[] partial = new double[chunks];
      Parallel.forEach(chunks, c -> {
        int s = c * CHUNK;
        int n = Math.min(CHUNK, g.length - s);
        partial[c] = k.dot(g, s, g, s, n);
      });
      for (double v : partial) {
        total += v;
      }
    }
    return Math.sqrt(total);
  }

  /**
   * The factor clipping scales gradients by at global norm {@code norm}: maxNorm / (norm + 1e-6)
   * when the norm exceeds maxNorm > 0, else 1. Training passes it to {@link Optimizer#step(float,
   * float)}, which applies it while it reads the gradients, rather than scaling them in a pass of their own.
   */
  public static float factor(double norm, double maxNorm) {
    return maxNorm > 0 && norm > maxNorm ? (float) (maxNorm / (norm + 1e-6)) : 1f;
  }

  /**
   * Scales every gradient by min(1, maxNorm / (norm + 1e-6)); returns the norm before clipping.
   * maxNorm ≤ 0 disables clipping (the norm is still returned).
   */
  public static double clip(Collection<Tensor> params, double maxNorm) {
    double norm = globalNorm(params);
    float f = factor(norm, maxNorm);
    if (f != 1f) {
      Kernels k = Kernels.get();
      for (Tensor p : params) {
        float[] g = p.grad();
        if (g != null) {
          Parallel.forChunks(g.length, 1 << 14, (s, e) -> k.scale(f, g, s, g, s, e - s));
        }
      }
    }
    return norm;
  }
}
