package phaselab.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import phaselab.engine.rng.RngStream;

/**
 * Every kernel of both implementations against a float64 reference, at sizes that exercise
 * vector tails (1, primes, one past a vector, several blocks).
 */
class KernelsTest {
  static final int[] SIZES = {1, 3, 7, 16, 17, 31, 64, 97, 300};

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(2);
  }

  static Stream<Arguments> kernelsAndSizes() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.vector()}) {
      for (int n : SIZES) {
        b.add(Arguments.of(k.name(), k, n));
      }
    }
    return b.build();
  }

  static float[] random(long seed, int n, float scale) {
    RngStream r = new RngStream(seed, "kernels-test");
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (scale * r.nextGaussian());
    }
    return a;
  }

  @ParameterizedTest(name = "{0} n={2}")
  @MethodSource("kernelsAndSizes")
  void reductionsAndElementwise(String name, Kernels k, int n) {
    float[] a = random(1, n + 3, 1f);
    float[] b = random(2, n + 5, 1f);
    double dot = 0;
    double sum = 0;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      dot += (double) a[3 + i] * b[5 + i];
      sum += a[3 + i];
      max = Math.max(max, a[3 + i]);
    }
    assertThat((double) k.dot(a, 3, b, 5, n)).isCloseTo(dot, org.assertj.core.data.Offset.offset(1e-4 * (1 + n)));
    assertThat((double) k.sum(a, 3, n)).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-4 * (1 + n)));
    assertThat(k.max(a, 3, n)).isEqualTo(max);
    float[] out = new float[n];
    k.add(a, 3, b, 5, out, 0, n);
    for (int i = 0; i < n; i++) {
      assertThat(out[i]).isEqualTo(a[3 + i] + b[5 + i]);
    }
    k.mul(a, 3, b, 5, out, 0, n);
    for (int i = 0; i < n; i++) {
      assertThat(out[i]).isEqualTo(a[3 + i] * b[5 + i]);
    }
    float[] y = b.clone();
    k.axpy(0.5f, a, 3, y, 5, n);
    for (int i = 0; i < n; i++) {
      assertThat((double) y[5 + i]).isCloseTo(b[5 + i] + 0.5 * a[3 + i], org.assertj.core.data.Offset.offset(1e-6));
    }
    float s = k.expShift(a, 3, 0.5f, out, 0, n);
    double es = 0;
    for (int i = 0; i < n; i++) {
      double e = Math.exp(a[3 + i] - 0.5);
      es += e;
      assertThat((double) out[i]).isCloseTo(e, org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, e)));
    }
    assertThat((double) s).isCloseTo(es, org.assertj.core.data.Offset.offset(1e-4 * es));
  }

  @ParameterizedTest(name = "{0} n={2}")
  @MethodSource("kernelsAndSizes")
  void activationsAndLayerNorm(String name, Kernels k, int n) {
    float[] x = random(3, n, 2f);
    float[] dy = random(4, n, 1f);
    float[] y = new float[n];
    float[] dx = new float[n];
    k.gelu(x, 0, y, 0, n);
    k.geluBackward(x, 0, dy, 0, dx, 0, n);
    for (int i = 0; i < n; i++) {
      double v = x[i];
      double t = Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v));
      assertThat((double) y[i]).isCloseTo(0.5 * v * (1 + t), org.assertj.core.data.Offset.offset(1e-5));
      double d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * Math.sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * v * v);
      assertThat((double) dx[i]).isCloseTo(dy[i] * d, org.assertj.core.data.Offset.offset(1e-5));
    }
    // the exact GELU against Φ in double (the scalar reference's), to float precision
    java.util.Arrays.fill(dx, 0f);
    k.geluExact(x, 0, y, 0, n);
    k.geluExactBackward(x, 0, dy, 0, dx, 0, n);
    for (int i = 0; i < n; i++) {
      double v = x[i];
      double cdf = ScalarKernels.normalCdf(v);
      assertThat((double) y[i]).isCloseTo(v * cdf, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(v))));
      double d = cdf + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
      assertThat((double) dx[i]).isCloseTo(dy[i] * d, org.assertj.core.data.Offset.offset(1e-6));
    }
    float[] gamma = random(5, n, 1f);
    float[] beta = random(6, n, 1f);
    float[] stats = new float[2];
    k.layerNorm(x, 0, gamma, beta, 1e-5f, y, 0, stats, 0, n);
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= n;
    double var = 0;
    for (float v : x) {
      var += (v - mean) * (v - mean);
    }
    var /= n;
    for (int i = 0; i < n; i++) {
      double ref = (x[i] - mean) / Math.sqrt(var + 1e-5) * gamma[i] + beta[i];
      assertThat((double) y[i]).isCloseTo(ref, org.assertj.core.data.Offset.offset(2e-4 * (1 + Math.abs(ref))));
    }
  }

  static Stream<Arguments> gemmCases() {
    Stream.Builder<Arguments> b = Stream.builder();
    int[][] shapes = {{1, 1, 1}, {8, 32, 4}, {7, 33, 5}, {65, 3, 300}, {19, 129, 257}, {130, 70, 40}};
    for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.vector()}) {
      for (int[] s : shapes) {
        for (int layout = 0; layout < 4; layout++) {
          b.add(Arguments.of(k.name(), k, s[0], s[1], s[2], (layout & 1) != 0, (layout & 2) != 0));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} m={2} n={3} k={4} tA={5} tB={6}")
  @MethodSource("gemmCases")
  void gemmAllLayoutsAgainstFloat64(String name, Kernels kern, int m, int n, int k, boolean tA, boolean tB) {
    float[] a = random(7, 2 + m * k, 1f);
    float[] b = random(8, 3 + k * n, 1f);
    float[] c = random(9, m * n, 1f);
    float[] c0 = c.clone();
    kern.gemm(tA, tB, m, n, k, a, 2, b, 3, c, 0, true);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = c0[i * n + j];
        for (int p = 0; p < k; p++) {
          double av = tA ? a[2 + p * m + i] : a[2 + i * k + p];
          double bv = tB ? b[3 + j * k + p] : b[3 + p * n + j];
          s += av * bv;
        }
        assertThat((double) c[i * n + j]).as("C[%d,%d]", i, j).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-5 * (k + 1) * 4));
      }
    }
    // overwrite mode ignores the old C
    float[] d = random(10, m * n, 100f);
    kern.gemm(tA, tB, m, n, k, a, 2, b, 3, d, 0, false);
    float[] e = new float[m * n];
    kern.gemm(tA, tB, m, n, k, a, 2, b, 3, e, 0, true);
    assertThat(d).containsExactly(e);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernelsOnly")
  void gemmIsBitIdenticalForAnyThreadCount(String name, Kernels k) {
    int m = 200;
    int n = 300;
    int kk = 513;
    float[] a = random(11, m * kk, 1f);
    float[] b = random(12, kk * n, 1f);
    float[] c1 = new float[m * n];
    float[] c2 = new float[m * n];
    Parallel.setThreads(1);
    k.gemm(false, true, m, n, kk, a, 0, b, 0, c1, 0, false);
    Parallel.setThreads(2);
    k.gemm(false, true, m, n, kk, a, 0, b, 0, c2, 0, false);
    assertThat(c2).containsExactly(c1);
  }

  static Stream<Arguments> kernelsOnly() {
    return Stream.of(Arguments.of("scalar", Kernels.scalar()), Arguments.of("vector", Kernels.vector()));
  }

  @Test
  void normalCdfReferenceMatchesKnownValues() {
    // Φ at ±1, −3, −6 and 2.5 (Abramowitz & Stegun, Table 26.1; erfc tables)
    assertThat(ScalarKernels.normalCdf(1)).isCloseTo(0.8413447460685429, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(ScalarKernels.normalCdf(-1)).isCloseTo(0.15865525393145705, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(ScalarKernels.normalCdf(2.5)).isCloseTo(0.9937903346742238, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(ScalarKernels.normalCdf(-3) / 0.0013498980316300946).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-13));
    assertThat(ScalarKernels.normalCdf(-6) / 9.865876450376946e-10).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void exactGeluVectorAndScalarLanesGiveTheSameBits() {
    // a chunk boundary can put any element in a vector lane or in the scalar tail
    float[] x = random(9, 1001, 6f);
    float[] y = new float[x.length];
    VectorKernels.INSTANCE.geluExact(x, 0, y, 0, x.length);
    float[] dx = new float[x.length];
    float[] dy = random(10, x.length, 1f);
    VectorKernels.INSTANCE.geluExactBackward(x, 0, dy, 0, dx, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      float[] one = new float[1];
      VectorKernels.INSTANCE.geluExact(x, i, one, 0, 1);
      assertThat(one[0]).isEqualTo(y[i]);
      float[] d1 = new float[1];
      VectorKernels.INSTANCE.geluExactBackward(x, i, dy, i, d1, 0, 1);
      assertThat(d1[0]).isEqualTo(dx[i]);
    }
  }

  @Test
  void adamwVectorAndScalarGiveTheSameBitsWithAGradientScale() {
    // AdamW's update is a chunk of a parameter: any element can fall in a vector lane or the scalar tail
    int n = 1001;
    float[] g = random(11, n, 3f);
    float[][] state = {random(12, n, 1f), random(13, n, 0.1f), random(14, n, 0.01f)}; // w, m, v (v ≥ 0 below)
    for (int i = 0; i < n; i++) {
      state[2][i] = Math.abs(state[2][i]);
    }
    float[][] vec = {state[0].clone(), state[1].clone(), state[2].clone()};
    float[][] ref = {state[0].clone(), state[1].clone(), state[2].clone()};
    VectorKernels.INSTANCE.adamw(vec[0], g, 0.37f, vec[1], vec[2], 0, n, 0.9f, 0.999f, 1e-3f, 0.3f, 1e-7f, 0.999f);
    ScalarKernels.INSTANCE.adamw(ref[0], g, 0.37f, ref[1], ref[2], 0, n, 0.9f, 0.999f, 1e-3f, 0.3f, 1e-7f, 0.999f);
    for (int a = 0; a < 3; a++) {
      assertThat(vec[a]).isEqualTo(ref[a]);
      assertThat(vec[a]).isNotEqualTo(state[a]);
    }
  }
  @ParameterizedTest
  @CsvSource({"37, 128, 0, 128", "37, 200, 72, 200", "5, 47, 3, 45", "1, 16, 0, 16"})
  void columnSumsGiveTheBitsOfTheRowByRowAccumulationTheyReplaced(int rows, int width, int c0, int c1) {
    // layer norm's dγ, dβ and a bias's gradient keep each column's sum in a register; every
    // lane and the scalar tail must add the rows in the order the old row-by-row loops did
    float[] x = random(21, rows * width, 2f);
    float[] dy = random(22, rows * width, 1f);
    float[] stats = random(23, 2 * rows, 1f);
    float[] startG = random(24, width, 0.1f);
    float[] startB = random(25, width, 0.1f);
    float[] oldG = startG.clone();
    float[] oldB = startB.clone();
    for (int r = 0; r < rows; r++) {
      for (int j = c0; j < c1; j++) {
        float g = dy[r * width + j];
        oldG[j] += g * (x[r * width + j] - stats[2 * r]) * stats[2 * r + 1];
        oldB[j] += g;
      }
    }
    for (Kernels k : new Kernels[] {VectorKernels.INSTANCE, ScalarKernels.INSTANCE}) {
      float[] dg = startG.clone();
      float[] db = startB.clone();
      k.layerNormParamGrad(x, dy, stats, rows, width, c0, c1, dg, db);
      assertThat(dg).as(k.name()).isEqualTo(oldG);
      assertThat(db).as(k.name()).isEqualTo(oldB);

      float[] sums = startB.clone();
      k.sumRows(dy, rows, width, c0, c1, sums);
      float[] oldSums = startB.clone();
      for (int r = 0; r < rows; r++) {
        ScalarKernels.INSTANCE.axpy(1f, dy, r * width + c0, oldSums, c0, c1 - c0);
      }
      assertThat(sums).as(k.name()).isEqualTo(oldSums);
    }
    assertThat(oldG).isNotEqualTo(startG);
  }
}
