package phaselab.engine.autograd;

import phaselab.engine.tensor.Arena;
import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.Scratch;
import phaselab.engine.tensor.ShapeException;
import phaselab.engine.tensor.Tensor;

/** Loss functions returning one-element tensors. */
public final class Losses {
  private Losses() {}

  /**
   * Cross-entropy of logits (N, V) against integer targets, PyTorch's {@code F.cross_entropy}
   * with {@code ignore_index} and {@code label_smoothing}: for each row r whose target is not
   * {@code ignoreIndex}, ℓ_r = logsumexp(x_r) − (1 − ε)·x_r[t_r] − (ε/V)·Σ_c x_r[c]; the loss is
   * the mean over those rows (0 when there are none). Backward: dx_r = (softmax(x_r) − q_r)/n with
   * q_r = (1 − ε)·onehot(t_r) + ε/V.
   */
  public static Tensor crossEntropy(Tensor logits, int[] targets, int ignoreIndex, float labelSmoothing) {
    int v = logits.dim(-1);
    int n = logits.rows();
    if (targets.length != n) {
      throw new ShapeException("cross_entropy: " + targets.length + " targets for " + n + " rows of '" + logits.name() + "'");
    }
    if (labelSmoothing < 0f || labelSmoothing >= 1f) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
    }
    int count = 0;
    for (int t : targets) {
      if (t != ignoreIndex) {
        if (t < 0 || t >= v) {
          throw new IndexOutOfBoundsException("cross_entropy: target " + t + " outside [0, " + v + ")");
        }
        count++;
      }
    }
    boolean grad = Tape.needsGrad(logits);
    // Only each row's max and exp-sum are kept for backward, not an (N, V) softmax: backward
    // recomputes the row's probabilities with the same kernels, so the same bits, one row at a
    // time (bert-mini's logits are 2048 × 8000: 64 MB fewer per step).
    float[] rowStats = Arena.uninitialized(2 * n);
    float[] rowLoss = Arena.floats(n);
    Kernels k = Kernels.get();
    float eps = labelSmoothing;
    Parallel.forChunks(n, 16, (r0, r1) -> {
      float[] row = ROW.atLeast(v);
      for (int r = r0; r < r1; r++) {
        int t = targets[r];
        if (t == ignoreIndex) {
          continue;
        }
        int off = r * v;
        float max = k.max(logits.data, off, v);
        float sum = k.expShift(logits.data, off, max, row, 0, v);
        float lse = max + (float) Math.log(sum);
        float loss = lse - (1f - eps) * logits.data[off + t];
        if (eps > 0f) {
          loss -= eps / v * k.sum(logits.data, off, v);
        }
        rowLoss[r] = loss;
        rowStats[2 * r] = max;
        rowStats[2 * r + 1] = sum;
      }
    });
    double total = 0;
    for (float l : rowLoss) {
      total += l;
    }
    final int valid = count;
    Tensor y = Tensor.of("cross_entropy", new float[] {valid == 0 ? 0f : (float) (total / valid)}, 1);
    if (grad && valid > 0) {
      Tape.record(y, () -> {
        float g = y.grad()[0] / valid;
        float[] dx = logits.gradOrCreate();
        Parallel.forChunks(n, 16, (r0, r1) -> {
          float[] p = ROW.atLeast(v);
          for (int r = r0; r < r1; r++) {
            int t = targets[r];
            if (t == ignoreIndex) {
              continue;
            }
            int off = r * v;
            k.expShift(logits.data, off, rowStats[2 * r], p, 0, v);
            k.scale(1f / rowStats[2 * r + 1], p, 0, p, 0, v);
            k.axpy(g, p, 0, dx, off, v);
            if (eps > 0f) {
              for (int c = 0; c < v; c++) {
                dx[off + c] -= g * eps / v;
              }
            }
            dx[off + t] -= g * (1f - eps);
          }
        });
      });
    }
    return y;
  }

  /** One row of probabilities, (V), per thread. */
  private static final Scratch ROW = new Scratch();

  /** Mean squared error mean((pred − target)²), as PyTorch's {@code MSELoss}. */
  public static Tensor mse(Tensor pred, Tensor target) {
    Pointwise.requireSameShape("mse", pred, target);
    int n = pred.size();
    double s = 0;
    for (int i = 0; i < n; i++) {
      double d = pred.data[i] - target.data[i];
      s += d * d;
    }
    Tensor y = Tensor.of("mse", new float[] {(float) (s / n)}, 1);
    if (Tape.needsGrad(pred, target)) {
      Tape.record(y, () -> {
        float g = 2f * y.grad()[0] / n;
        if (pred.requiresGrad()) {
          float[] dp = pred.gradOrCreate();
          for (int i = 0; i < n; i++) {
            dp[i] += g * (pred.data[i] - target.data[i]);
          }
        }
        if (target.requiresGrad()) {
          float[] dt = target.gradOrCreate();
          for (int i = 0; i < n; i++) {
            dt[i] -= g * (pred.data[i] - target.data[i]);
          }
        }
      });
    }
    return y;
  }
}
