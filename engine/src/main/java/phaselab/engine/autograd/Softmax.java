package phaselab.engine.autograd;

import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.Tensor;

/** Softmax over the last dimension. */
public final class Softmax {
  private Softmax() {}

  /**
   * p_i = exp(x_i − max x) / Σ_j exp(x_j − max x). A row that is −∞ everywhere (every key
   * masked) gives all zeros rather than NaN. Backward: dx = p ⊙ (dp − Σ_j p_j dp_j).
   */
  public static Tensor softmax(Tensor x) {
    int n = x.dim(-1);
    int rows = x.rows();
    Tensor y = Tensor.empty("softmax", x.shape());
    Kernels k = Kernels.get();
    Parallel.forChunks(rows, 64, (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        softmaxRow(k, x.data, y.data, r * n, n);
      }
    });
    if (Tape.needsGrad(x)) {
      Tape.record(y, () -> {
        float[] dx = x.gradOrCreate();
        Parallel.forChunks(rows, 64, (r0, r1) -> {
          for (int r = r0; r < r1; r++) {
            backwardRow(k, y.data, y.grad(), dx, r * n, n);
          }
        });
      });
    }
    return y;
  }

  static void softmaxRow(Kernels k, float[] x, float[] y, int off, int n) {
    float max = k.max(x, off, n);
    if (max == Float.NEGATIVE_INFINITY) {
      java.util.Arrays.fill(y, off, off + n, 0f);
      return;
    }
    float sum = k.expShift(x, off, max, y, off, n);
    k.scale(1f / sum, y, off, y, off, n);
  }

  /** dx += p ⊙ (dp − p·dp). */
  static void backwardRow(Kernels k, float[] p, float[] dp, float[] dx, int off, int n) {
    float dot = k.dot(p, off, dp, off, n);
    for (int i = 0; i < n; i++) {
      dx[off + i] += p[off + i] * (dp[off + i] - dot);
    }
  }
}
