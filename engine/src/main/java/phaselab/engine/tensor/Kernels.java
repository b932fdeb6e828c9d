package phaselab.engine.tensor;

/**
 * The numeric primitives every op is built from. Two implementations exist: {@link
 * ScalarKernels} (plain loops, the reference) and {@link VectorKernels} (Vector API). They agree
 * to float rounding, not bit for bit (a vector sum adds in a different order); each one alone is
 * deterministic.
 *
 * <p>Arrays are passed with offsets so that rows of a larger tensor need no copies. Methods that
 * say "accumulate" add into their output ({@code +=}); the others overwrite it.
 */
public interface Kernels {

  /** The implementation chosen by {@code -Dphaselab.simd=on|off} (default on). */
  static Kernels get() {
    return Holder.INSTANCE;
  }

  /** Both implementations, for tests that compare them. */
  static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /** The Vector API implementation. */
  static Kernels vector() {
    return VectorKernels.INSTANCE;
  }

  /** "scalar" or "vector". */
  String name();

  /**
   * General matrix multiply, {@code C (+)= op(A) · op(B)} with C of shape (m, n) row-major.
   * op(A) is (m, k): A is stored (m, k) row-major, or (k, m) when {@code transA}. op(B) is (k, n):
   * B is stored (k, n), or (n, k) when {@code transB}. With {@code accumulate} the product is
   * added to C, otherwise C is overwritten. Rows of C are split into fixed blocks, so the result
   * is the same for any thread count.
   */
  default void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
    gemm(transA, transB, m, n, k, a, aOff, transA ? m : k, b, bOff, transB ? k : n, c, cOff, n, accumulate);
  }

  /**
   * The same on sub-matrices of larger row-major arrays, BLAS-style: row r of stored A starts at
   * {@code a[aOff + r·lda]}, of stored B at {@code b[bOff + r·ldb]}, of C at {@code c[cOff + r·ldc]}
   * (so one head's columns of a (T, C) activation are used in place, with ld = C). Elements of
   * C outside the m × n block are not touched.
   */
  void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate);

  /** Σ a[i]·b[i]. */
  float dot(float[] a, int aOff, float[] b, int bOff, int n);

  /** Accumulate: y += alpha · x. */
  void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

  /** out = a + b. */
  void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

  /** out = a · b elementwise. */
  void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

  /** out = s · x. */
  void scale(float s, float[] x, int xOff, float[] out, int outOff, int n);

  /** Σ x[i]. */
  float sum(float[] x, int xOff, int n);

  /** max x[i] (−∞ for n = 0). */
  float max(float[] x, int xOff, int n);

  /** out[i] = exp(x[i] − shift); returns Σ out[i]. */
  float expShift(float[] x, int xOff, float shift, float[] out, int outOff, int n);

  /** GELU, tanh form: y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (Hendrycks and Gimpel 2016). */
  void gelu(float[] x, int xOff, float[] y, int yOff, int n);

  /** Accumulate: dx += dy · GELU'(x). */
  void geluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

  /** GELU, exact form: y = x·Φ(x) = ½x(1 + erf(x/√2)) (BERT, Hugging Face's "gelu", PyTorch's default). */
  void geluExact(float[] x, int xOff, float[] y, int yOff, int n);

  /** Accumulate: dx += dy · (Φ(x) + x·φ(x)). */
  void geluExactBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

  /** y = max(x, 0). */
  void relu(float[] x, int xOff, float[] y, int yOff, int n);

  /** Accumulate: dx += dy where x > 0. */
  void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

  /**
   * One row of layer norm: mean μ, rstd = 1/√(var + eps) (biased variance), y = (x − μ)·rstd·γ +
   * β. Writes μ and rstd to {@code stats[2·row]} and {@code stats[2·row+1]} for the backward pass.
   */
  void layerNorm(float[] x, int xOff, float[] gamma, float[] beta, float eps,
      float[] y, int yOff, float[] stats, int row, int n);

  /**
   * Accumulate the input gradient of one layer-norm row: with x̂ = (x − μ)·rstd and g = dy·γ,
   * dx += rstd · (g − mean(g) − x̂ · mean(g·x̂)).
   */
  void layerNormBackward(float[] x, int xOff, float[] dy, int dyOff, float[] gamma,
      float[] stats, int row, float[] dx, int dxOff, int n);

  /**
   * Layer norm's parameter gradients over columns [c0, c1) of a rows × width block: dγ[j] +=
   * Σ_r dy·x̂ and dβ[j] += Σ_r dy, rows in order, with x̂ = (x − μ_r)·rstd_r from {@code stats}.
   * Each column's running sum stays in a register and is written once: threads on neighbouring
   * column blocks must not write a shared cache line row after row (that made the pass 2.7×
   * slower on two threads than on one).
   */
  void layerNormParamGrad(float[] x, float[] dy, float[] stats, int rows, int width, int c0, int c1,
      float[] dGamma, float[] dBeta);

  /** out[j] += Σ_r src[r·width + j] for j in [c0, c1), rows in order, each sum written once. */
  void sumRows(float[] src, int rows, int width, int c0, int c1, float[] out);

  /**
   * One AdamW update of n elements (see {@code phaselab.engine.optim.AdamW}) with the gradient
   * gs = gradScale·g (the float product a clipping pass would have stored): m ← β1·m + (1−β1)·gs,
   * v ← β2·v + (1−β2)·gs², w ← w·decay − stepSize·m / (√v / bc2Sqrt + eps).
   */
  void adamw(float[] w, float[] g, float gradScale, float[] m, float[] v, int off, int n, float beta1, float beta2,
      float stepSize, float bc2Sqrt, float eps, float decay);

  /** Holds the instance chosen at start-up. */
  final class Holder {
    static final Kernels INSTANCE =
        "off".equalsIgnoreCase(System.getProperty("phaselab.simd", "on"))
            ? ScalarKernels.INSTANCE : VectorKernels.INSTANCE;

    private Holder() {}
  }
}
