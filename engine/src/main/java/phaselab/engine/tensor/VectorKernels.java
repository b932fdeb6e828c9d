package phaselab.engine.tensor;

import static phaselab.engine.tensor.ScalarKernels.GELU_C;
import static phaselab.engine.tensor.ScalarKernels.SQRT_2_OVER_PI;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link Kernels}: full vectors over {@code loopBound}, then a
 * scalar tail that repeats the reference formula. Reductions keep one vector accumulator and
 * reduce it at the end, a fixed order for a given length.
 */
final class VectorKernels implements Kernels {
  static final VectorKernels INSTANCE = new VectorKernels();
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final ScalarKernels REF = ScalarKernels.INSTANCE;
  /**
   * Per-thread spill space for a reduction's lanes. The lanes are stored here inside the kernel and
   * summed from the array: a helper that took the vector boxed it whenever the JIT did not inline
   * the helper into that copy of the kernel (JFR: 3–8 MB a step on two threads, in LayerNorm).
   */
  private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[S.length()]);

  private VectorKernels() {}

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    GemmCounter.count(m, n, k);
    VectorGemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    for (; i < bound; i += S.length()) {
      acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
    }
    float[] lanes = LANES.get();
    acc.intoArray(lanes, 0);
    float s = VectorMath.sumLanes(lanes);
    for (; i < n; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector av = FloatVector.broadcast(S, alpha);
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, x, xOff + i).fma(av, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
  }

  @Override
  public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = a[aOff + i] * b[bOff + i];
    }
  }

  @Override
  public void scale(float s, float[] x, int xOff, float[] out, int outOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, x, xOff + i).mul(s).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = s * x[xOff + i];
    }
  }

  @Override
  public float sum(float[] x, int xOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    for (; i < bound; i += S.length()) {
      acc = acc.add(FloatVector.fromArray(S, x, xOff + i));
    }
    float[] lanes = LANES.get();
    acc.intoArray(lanes, 0);
    float s = VectorMath.sumLanes(lanes);
    for (; i < n; i++) {
      s += x[xOff + i];
    }
    return s;
  }

  @Override
  public float max(float[] x, int xOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    for (; i < bound; i += S.length()) {
      acc = acc.max(FloatVector.fromArray(S, x, xOff + i));
    }
    float m = acc.reduceLanes(VectorOperators.MAX);
    for (; i < n; i++) {
      m = Math.max(m, x[xOff + i]);
    }
    return m;
  }

  @Override
  public float expShift(float[] x, int xOff, float shift, float[] out, int outOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    for (; i < bound; i += S.length()) {
      FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, xOff + i).sub(shift));
      e.intoArray(out, outOff + i);
      acc = acc.add(e);
    }
    float[] lanes = LANES.get();
    acc.intoArray(lanes, 0);
    float s = VectorMath.sumLanes(lanes);
    for (; i < n; i++) {
      float e = VectorMath.exp(x[xOff + i] - shift);
      out[outOff + i] = e;
      s += e;
    }
    return s;
  }

  @Override
  public void gelu(float[] x, int xOff, float[] y, int yOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      FloatVector inner = v.mul(v).mul(v).mul(GELU_C).add(v).mul(SQRT_2_OVER_PI);
      FloatVector t = VectorMath.tanh(inner);
      v.mul(0.5f).mul(t.add(1f)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      float t = VectorMath.tanh((v * v * v * GELU_C + v) * SQRT_2_OVER_PI);
      y[yOff + i] = v * 0.5f * (t + 1f);
    }
  }

  @Override
  public void geluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      FloatVector v2 = v.mul(v);
      FloatVector t = v2.mul(v).mul(GELU_C).add(v).mul(SQRT_2_OVER_PI);
      t = VectorMath.tanh(t);
      FloatVector left = t.add(1f).mul(0.5f);
      FloatVector sech2 = t.mul(t).neg().add(1f);
      FloatVector right = v.mul(0.5f).mul(sech2).mul(SQRT_2_OVER_PI).mul(v2.mul(3f * GELU_C).add(1f));
      FloatVector g = FloatVector.fromArray(S, dy, dyOff + i);
      g.fma(left.add(right), FloatVector.fromArray(S, dx, dxOff + i)).intoArray(dx, dxOff + i);
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      float v2 = v * v;
      float t = VectorMath.tanh((v2 * v * GELU_C + v) * SQRT_2_OVER_PI);
      float d = (t + 1f) * 0.5f + v * 0.5f * (-(t * t) + 1f) * SQRT_2_OVER_PI * (v2 * (3f * GELU_C) + 1f);
      dx[dxOff + i] = dy[dyOff + i] * d + dx[dxOff + i];
    }
  }

  @Override
  public void geluExact(float[] x, int xOff, float[] y, int yOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      v.mul(VectorMath.normalCdf(v)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      y[yOff + i] = v * VectorMath.normalCdf(v);
    }
  }

  @Override
  public void geluExactBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      FloatVector d = v.mul(VectorMath.normalPdf(v)).add(VectorMath.normalCdf(v));
      FloatVector g = FloatVector.fromArray(S, dy, dyOff + i);
      g.mul(d).add(FloatVector.fromArray(S, dx, dxOff + i)).intoArray(dx, dxOff + i);
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      float d = v * VectorMath.normalPdf(v) + VectorMath.normalCdf(v);
      dx[dxOff + i] = dy[dyOff + i] * d + dx[dxOff + i];
    }
  }

  @Override
  public void relu(float[] x, int xOff, float[] y, int yOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, x, xOff + i).max(0f).intoArray(y, yOff + i);
    }
    REF.relu(x, xOff + i, y, yOff + i, n - i);
  }

  @Override
  public void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      var positive = FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
      FloatVector d = FloatVector.fromArray(S, dx, dxOff + i);
      d.add(FloatVector.fromArray(S, dy, dyOff + i), positive).intoArray(dx, dxOff + i);
    }
    REF.reluBackward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
  }

  @Override
  public void layerNorm(float[] x, int xOff, float[] gamma, float[] beta, float eps,
      float[] y, int yOff, float[] stats, int row, int n) {
    float mean = sum(x, xOff, n) / n;
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    for (; i < bound; i += S.length()) {
      FloatVector d = FloatVector.fromArray(S, x, xOff + i).sub(mean);
      acc = d.fma(d, acc);
    }
    float[] lanes = LANES.get();
    acc.intoArray(lanes, 0);
    float var = VectorMath.sumLanes(lanes);
    for (; i < n; i++) {
      float d = x[xOff + i] - mean;
      var += d * d;
    }
    var /= n;
    float rstd = (float) (1.0 / Math.sqrt(var + eps));
    for (i = 0; i < bound; i += S.length()) {
      FloatVector xh = FloatVector.fromArray(S, x, xOff + i).sub(mean).mul(rstd);
      xh.fma(FloatVector.fromArray(S, gamma, i), FloatVector.fromArray(S, beta, i)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = (x[xOff + i] - mean) * rstd * gamma[i] + beta[i];
    }
    stats[2 * row] = mean;
    stats[2 * row + 1] = rstd;
  }

  @Override
  public void layerNormBackward(float[] x, int xOff, float[] dy, int dyOff, float[] gamma,
      float[] stats, int row, float[] dx, int dxOff, int n) {
    float mean = stats[2 * row];
    float rstd = stats[2 * row + 1];
    int bound = S.loopBound(n);
    FloatVector accG = FloatVector.zero(S);
    FloatVector accGx = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, dyOff + i).mul(FloatVector.fromArray(S, gamma, i));
      FloatVector xh = FloatVector.fromArray(S, x, xOff + i).sub(mean).mul(rstd);
      accG = accG.add(g);
      accGx = g.fma(xh, accGx);
    }
    float[] lanes = LANES.get();
    accG.intoArray(lanes, 0);
    float sumG = VectorMath.sumLanes(lanes);
    accGx.intoArray(lanes, 0);
    float sumGx = VectorMath.sumLanes(lanes);
    for (; i < n; i++) {
      float g = dy[dyOff + i] * gamma[i];
      sumG += g;
      sumGx += g * (x[xOff + i] - mean) * rstd;
    }
    float meanG = sumG / n;
    float meanGx = sumGx / n;
    for (i = 0; i < bound; i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dy, dyOff + i).mul(FloatVector.fromArray(S, gamma, i));
      FloatVector xh = FloatVector.fromArray(S, x, xOff + i).sub(mean).mul(rstd);
      FloatVector d = g.sub(meanG).sub(xh.mul(meanGx)).mul(rstd);
      d.add(FloatVector.fromArray(S, dx, dxOff + i)).intoArray(dx, dxOff + i);
    }
    for (; i < n; i++) {
      float xhat = (x[xOff + i] - mean) * rstd;
      float g = dy[dyOff + i] * gamma[i];
      dx[dxOff + i] += rstd * (g - meanG - xhat * meanGx);
    }
  }

  @Override
  public void layerNormParamGrad(float[] x, float[] dy, float[] stats, int rows, int width, int c0, int c1,
      float[] dGamma, float[] dBeta) {
    int w = S.length();
    int j = c0;
    // two vectors of columns at a time: four running sums in registers, one strided walk of rows
    for (; j + 2 * w <= c1; j += 2 * w) {
      FloatVector g0 = FloatVector.fromArray(S, dGamma, j);
      FloatVector g1 = FloatVector.fromArray(S, dGamma, j + w);
      FloatVector b0 = FloatVector.fromArray(S, dBeta, j);
      FloatVector b1 = FloatVector.fromArray(S, dBeta, j + w);
      for (int r = 0; r < rows; r++) {
        int o = r * width + j;
        float mean = stats[2 * r];
        float rstd = stats[2 * r + 1];
        FloatVector d0 = FloatVector.fromArray(S, dy, o);
        FloatVector d1 = FloatVector.fromArray(S, dy, o + w);
        g0 = g0.add(d0.mul(FloatVector.fromArray(S, x, o).sub(mean)).mul(rstd));
        g1 = g1.add(d1.mul(FloatVector.fromArray(S, x, o + w).sub(mean)).mul(rstd));
        b0 = b0.add(d0);
        b1 = b1.add(d1);
      }
      g0.intoArray(dGamma, j);
      g1.intoArray(dGamma, j + w);
      b0.intoArray(dBeta, j);
      b1.intoArray(dBeta, j + w);
    }
    for (; j + w <= c1; j += w) {
      FloatVector g0 = FloatVector.fromArray(S, dGamma, j);
      FloatVector b0 = FloatVector.fromArray(S, dBeta, j);
      for (int r = 0; r < rows; r++) {
        int o = r * width + j;
        FloatVector d0 = FloatVector.fromArray(S, dy, o);
        g0 = g0.add(d0.mul(FloatVector.fromArray(S, x, o).sub(stats[2 * r])).mul(stats[2 * r + 1]));
        b0 = b0.add(d0);
      }
      g0.intoArray(dGamma, j);
      b0.intoArray(dBeta, j);
    }
    REF.layerNormParamGrad(x, dy, stats, rows, width, j, c1, dGamma, dBeta);
  }

  @Override
  public void sumRows(float[] src, int rows, int width, int c0, int c1, float[] out) {
    int w = S.length();
    int j = c0;
    for (; j + 4 * w <= c1; j += 4 * w) {
      FloatVector s0 = FloatVector.fromArray(S, out, j);
      FloatVector s1 = FloatVector.fromArray(S, out, j + w);
      FloatVector s2 = FloatVector.fromArray(S, out, j + 2 * w);
      FloatVector s3 = FloatVector.fromArray(S, out, j + 3 * w);
      for (int r = 0; r < rows; r++) {
        int o = r * width + j;
        s0 = s0.add(FloatVector.fromArray(S, src, o));
        s1 = s1.add(FloatVector.fromArray(S, src, o + w));
        s2 = s2.add(FloatVector.fromArray(S, src, o + 2 * w));
        s3 = s3.add(FloatVector.fromArray(S, src, o + 3 * w));
      }
      s0.intoArray(out, j);
      s1.intoArray(out, j + w);
      s2.intoArray(out, j + 2 * w);
      s3.intoArray(out, j + 3 * w);
    }
    for (; j + w <= c1; j += w) {
      FloatVector s0 = FloatVector.fromArray(S, out, j);
      for (int r = 0; r < rows; r++) {
        s0 = s0.add(FloatVector.fromArray(S, src, r * width + j));
      }
      s0.intoArray(out, j);
    }
    REF.sumRows(src, rows, width, j, c1, out);
  }

  @Override
  public void adamw(float[] w, float[] g, float gradScale, float[] m, float[] v, int off, int n, float beta1, float beta2,
      float stepSize, float bc2Sqrt, float eps, float decay) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      int o = off + i;
      FloatVector gi = FloatVector.fromArray(S, g, o).mul(gradScale);
      FloatVector mi = FloatVector.fromArray(S, m, o).mul(beta1).add(gi.mul(1 - beta1));
      FloatVector vi = FloatVector.fromArray(S, v, o).mul(beta2).add(gi.mul(1 - beta2).mul(gi));
      mi.intoArray(m, o);
      vi.intoArray(v, o);
      FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
      FloatVector.fromArray(S, w, o).mul(decay).sub(mi.mul(stepSize).div(denom)).intoArray(w, o);
    }
    REF.adamw(w, g, gradScale, m, v, off + i, n - i, beta1, beta2, stepSize, bc2Sqrt, eps, decay);
  }
}
