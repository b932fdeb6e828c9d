package phaselab.engine.tensor;

/** Plain-loop reference implementation of {@link Kernels}: obviously right, not fast. */
final class ScalarKernels implements Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();
  static final float SQRT_2_OVER_PI = 0.7978845608028654f;
  static final float GELU_C = 0.044715f;

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    GemmCounter.count(m, n, k);
    // Rows of C are independent: one task per block of 16 rows, fixed by m only.
    Parallel.forChunks(m, 16, (i0, i1) -> {
      for (int i = i0; i < i1; i++) {
        for (int j = 0; j < n; j++) {
          float s = 0f;
          for (int p = 0; p < k; p++) {
            float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            s += av * bv;
          }
          int ci = cOff + i * ldc + j;
          c[ci] = accumulate ? c[ci] + s : s;
        }
      }
    });
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
  }

  @Override
  public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = a[aOff + i] * b[bOff + i];
    }
  }

  @Override
  public void scale(float s, float[] x, int xOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = s * x[xOff + i];
    }
  }

  @Override
  public float sum(float[] x, int xOff, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      s += x[xOff + i];
    }
    return s;
  }

  @Override
  public float max(float[] x, int xOff, int n) {
    float m = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, x[xOff + i]);
    }
    return m;
  }

  @Override
  public float expShift(float[] x, int xOff, float shift, float[] out, int outOff, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      float e = (float) Math.exp(x[xOff + i] - shift);
      out[outOff + i] = e;
      s += e;
    }
    return s;
  }

  @Override
  public void gelu(float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      float v = x[xOff + i];
      float t = (float) Math.tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v));
      y[yOff + i] = 0.5f * v * (1f + t);
    }
  }

  @Override
  public void geluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    for (int i = 0; i < n; i++) {
      float v = x[xOff + i];
      float t = (float) Math.tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v));
      // d/dx ½x(1+t) = ½(1+t) + ½x(1−t²)·√(2/π)(1 + 3c·x²)
      float d = 0.5f * (1f + t) + 0.5f * v * (1f - t * t) * SQRT_2_OVER_PI * (1f + 3f * GELU_C * v * v);
      dx[dxOff + i] += dy[dyOff + i] * d;
    }
  }

  // The reference evaluates Φ in double through erfc's continued fraction / series (see normalCdf).
  @Override
  public void geluExact(float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      double v = x[xOff + i];
      y[yOff + i] = (float) (v * normalCdf(v));
    }
  }

  @Override
  public void geluExactBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    for (int i = 0; i < n; i++) {
      double v = x[xOff + i];
      double d = normalCdf(v) + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
      dx[dxOff + i] += (float) (dy[dyOff + i] * d);
    }
  }

  /**
   * Φ(x) in double to ~1e-15: erf's Taylor series for |x|/√2 ≤ 2, erfc's continued fraction
   * (Lentz) beyond, so the reference has no approximation error of its own at float precision.
   */
  static double normalCdf(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double erfc;
    if (z <= 2) {
      double term = z;
      double sum = z;
      for (int k = 1; k < 60 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
        term *= -z * z / k;
        sum += term / (2 * k + 1);
      }
      erfc = 1 - 2 / Math.sqrt(Math.PI) * sum;
    } else {
      // erfc(z) = exp(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + …)))))
      double tiny = 1e-300;
      double f = z;
      double c = z;
      double d = 0;
      for (int k = 1; k < 200; k++) {
        double a = k / 2.0;
        d = z + a * d;
        d = Math.abs(d) < tiny ? tiny : d;
        c = z + a / c;
        c = Math.abs(c) < tiny ? tiny : c;
        d = 1 / d;
        double delta = c * d;
        f *= delta;
        if (Math.abs(delta - 1) < 1e-16) {
          break;
        }
      }
      erfc = Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
    }
    return x < 0 ? 0.5 * erfc : 1 - 0.5 * erfc;
  }

  @Override
  public void relu(float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] = Math.max(x[xOff + i], 0f);
    }
  }

  @Override
  public void reluBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    for (int i = 0; i < n; i++) {
      if (x[xOff + i] > 0f) {
        dx[dxOff + i] += dy[dyOff + i];
      }
    }
  }

  @Override
  public void layerNorm(float[] x, int xOff, float[] gamma, float[] beta, float eps,
      float[] y, int yOff, float[] stats, int row, int n) {
    float mean = sum(x, xOff, n) / n;
    float var = 0f;
    for (int i = 0; i < n; i++) {
      float d = x[xOff + i] - mean;
      var += d * d;
    }
    var /= n;
    float rstd = (float) (1.0 / Math.sqrt(var + eps));
    for (int i = 0; i < n; i++) {
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
    float sumG = 0f;
    float sumGx = 0f;
    for (int i = 0; i < n; i++) {
      float g = dy[dyOff + i] * gamma[i];
      sumG += g;
      sumGx += g * (x[xOff + i] - mean) * rstd;
    }
    float meanG = sumG / n;
    float meanGx = sumGx / n;
    for (int i = 0; i < n; i++) {
      float xhat = (x[xOff + i] - mean) * rstd;
      float g = dy[dyOff + i] * gamma[i];
      dx[dxOff + i] += rstd * (g - meanG - xhat * meanGx);
    }
  }

  @Override
  public void layerNormParamGrad(float[] x, float[] dy, float[] stats, int rows, int width, int c0, int c1,
      float[] dGamma, float[] dBeta) {
    for (int j = c0; j < c1; j++) {
      float sg = dGamma[j];
      float sb = dBeta[j];
      for (int r = 0; r < rows; r++) {
        float g = dy[r * width + j];
        sg += g * (x[r * width + j] - stats[2 * r]) * stats[2 * r + 1];
        sb += g;
      }
      dGamma[j] = sg;
      dBeta[j] = sb;
    }
  }

  @Override
  public void sumRows(float[] src, int rows, int width, int c0, int c1, float[] out) {
    for (int j = c0; j < c1; j++) {
      float s = out[j];
      for (int r = 0; r < rows; r++) {
        s += src[r * width + j];
      }
      out[j] = s;
    }
  }

  @Override
  public void adamw(float[] w, float[] g, float gradScale, float[] m, float[] v, int off, int n, float beta1, float beta2,
      float stepSize, float bc2Sqrt, float eps, float decay) {
    for (int i = off; i < off + n; i++) {
      float gi = g[i] * gradScale;
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
      float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
      w[i] = w[i] * decay - stepSize * m[i] / denom;
    }
  }
}
