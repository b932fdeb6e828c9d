package phaselab.engine.autograd;

import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.ShapeException;
import phaselab.engine.tensor.Tensor;

/** Matrix products with their gradients. */
public final class Linalg {
  private Linalg() {}

  /**
   * Affine map over the last dimension, PyTorch's {@code nn.Linear}: y = x · Wᵀ + b with W of
   * shape (out, in) and b of shape (out) or null. x is (…, in), y is (…, out).
   * Backward: dx += dy · W, dW += dyᵀ · x, db += Σ_rows dy.
   */
  public static Tensor linear(Tensor x, Tensor w, Tensor b) {
    w.requireRank(2);
    int out = w.dim(0);
    int in = w.dim(1);
    x.requireLastDim(in);
    if (b != null) {
      b.requireShape(out);
    }
    int n = x.rows();
    int[] shape = x.shape();
    shape[shape.length - 1] = out;
    Tensor y = Tensor.empty("linear", shape);
    Kernels k = Kernels.get();
    if (b != null) {
      // the bias starts each output's fma chain (one pass fewer than adding it afterwards)
      Parallel.forChunks(n, 64, (r0, r1) -> {
        for (int r = r0; r < r1; r++) {
          System.arraycopy(b.data, 0, y.data, r * out, out);
        }
      });
    }
    k.gemm(false, true, n, out, in, x.data, 0, w.data, 0, y.data, 0, b != null);
    if (Tape.needsGrad(x, w, b)) {
      Tape.record(y, () -> {
        float[] dy = y.grad();
        if (x.requiresGrad()) {
          k.gemm(false, false, n, in, out, dy, 0, w.data, 0, x.gradOrCreate(), 0, true);
        }
        if (w.requiresGrad()) {
          k.gemm(true, false, out, in, n, dy, 0, x.data, 0, w.gradOrCreate(), 0, true);
        }
        if (b != null && b.requiresGrad()) {
          sumRowsInto(dy, n, out, b.gradOrCreate());
        }
      });
    }
    return y;
  }

  /**
   * Matrix product of two rank-2 tensors, y = a · b with a (m, k), b (k, n).
   * Backward: da += dy · bᵀ, db += aᵀ · dy.
   */
  public static Tensor matmul(Tensor a, Tensor b) {
    a.requireRank(2);
    b.requireRank(2);
    int m = a.dim(0);
    int kk = a.dim(1);
    int n = b.dim(1);
    if (b.dim(0) != kk) {
      throw new ShapeException("matmul: tensor '" + b.name() + "' must have " + kk + " rows to match '"
          + a.name() + "' " + java.util.Arrays.toString(a.shape()) + ", got " + java.util.Arrays.toString(b.shape()));
    }
    Tensor y = Tensor.empty("matmul", m, n);
    Kernels k = Kernels.get();
    k.gemm(false, false, m, n, kk, a.data, 0, b.data, 0, y.data, 0, false);
    if (Tape.needsGrad(a, b)) {
      Tape.record(y, () -> {
        if (a.requiresGrad()) {
          k.gemm(false, true, m, kk, n, y.grad(), 0, b.data, 0, a.gradOrCreate(), 0, true);
        }
        if (b.requiresGrad()) {
          k.gemm(true, false, kk, n, m, a.data, 0, y.grad(), 0, b.gradOrCreate(), 0, true);
        }
      });
    }
    return y;
  }

  /**
   * Accumulates column sums: out[j] += Σ_r src[r·width + j]. Parallel over column blocks, rows
   * summed in order, so the result does not depend on the thread count.
   */
  static void sumRowsInto(float[] src, int rows, int width, float[] out) {
    Kernels k = Kernels.get();
    Parallel.forChunks(width, 256, (c0, c1) -> k.sumRows(src, rows, width, c0, c1, out));
  }
}
