package phaselab.engine.optim;

import java.util.Collection;
import phaselab.engine.tensor.Tensor;

/** Global-norm gradient clipping, as PyTorch's {@code clip_grad_norm_}. */
public final class GradClip {
  private GradClip() {}

  /** √Σ‖g‖² over all parameters with a gradient, accumulated in double in parameter order. */
  public static double globalNorm(Collection<Tensor> params) {
    double s = 0;
    for (Tensor p : params) {
      float[] g = p.grad();
      if (g != null) {
        for (float v : g) {
          s += (double) v * v;
        }
      }
    }
    return Math.sqrt(s);
  }

  /**
   * Scales every gradient by min(1, maxNorm / (norm + 1e-6)); returns the norm before clipping.
   * maxNorm ≤ 0 disables clipping (the norm is still returned).
   */
  public static double clip(Collection<Tensor> params, double maxNorm) {
    double norm = globalNorm(params);
    if (maxNorm > 0 && norm > maxNorm) {
      float f = (float) (maxNorm / (norm + 1e-6));
      for (Tensor p : params) {
        float[] g = p.grad();
        if (g != null) {
          for (int i = 0; i < g.length; i++) {
            g[i] *= f;
          }
        }
      }
    }
    return norm;
  }
}
