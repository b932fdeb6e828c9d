package phaselab.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;

/**
 * The GEMM's result does not depend on how it is cut: every plan (tile shape, KC, MC, NC), the
 * tuned one included, and every thread count give the bits of one scalar fma chain per element.
 */
class GemmPlanTest {
  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(2);
  }

  static float[] random(long seed, int n) {
    RngStream r = new RngStream(seed, "gemm-plan-test");
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  /**
   * The defining order: c ← fma(a_p, b_p, c) over p = 0..k-1, from C (accumulate) or from zero;
   * for a split shape, one such chain from zero per depth chunk, the chunks then added in order
   * (to C when accumulating).
   */
  static float[] chain(boolean tA, boolean tB, int m, int n, int k, float[] a, float[] b, float[] c0, boolean accumulate) {
    float[] c = c0.clone();
    int chunks = VectorGemm.depthChunks(m, n, k);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        if (chunks == 1) {
          float s = accumulate ? c[i * n + j] : 0f;
          for (int p = 0; p < k; p++) {
            s = Math.fma(tA ? a[p * m + i] : a[i * k + p], tB ? b[j * k + p] : b[p * n + j], s);
          }
          c[i * n + j] = s;
          continue;
        }
        float total = 0f;
        for (int q = 0; q < chunks; q++) {
          float s = 0f;
          for (int p = q * VectorGemm.SPLIT_DEPTH; p < Math.min(k, (q + 1) * VectorGemm.SPLIT_DEPTH); p++) {
            s = Math.fma(tA ? a[p * m + i] : a[i * k + p], tB ? b[j * k + p] : b[p * n + j], s);
          }
          total = q == 0 ? (accumulate ? c[i * n + j] + s : s) : total + s;
        }
        c[i * n + j] = total;
      }
    }
    return c;
  }

  static float[] run(GemmPlan plan, boolean serial, boolean tA, boolean tB, int m, int n, int k, float[] a, float[] b,
      float[] c0, boolean accumulate) {
    float[] c = c0.clone();
    VectorGemm.gemm(plan, serial, tA, tB, m, n, k, a, 0, b, 0, c, 0, accumulate);
    return c;
  }

  @Test
  void everyPlanGivesTheBitsOfTheScalarFmaChain() {
    // the last two are split into depth chunks (a weight gradient's shape: small output, long reduction)
    int[][] sizes = {{37, 53, 300}, {1, 1, 1}, {9, 100, 17}, {130, 7, 65}, {24, 40, 1100}, {9, 33, 2100}};
    int plans = 0;
    for (int[] sz : sizes) {
      int m = sz[0];
      int n = sz[1];
      int k = sz[2];
      float[] a = random(1, m * k);
      float[] b = random(2, k * n);
      float[] c0 = random(3, m * n);
      for (int layout = 0; layout < 3; layout++) {
        boolean tA = layout == 2;
        boolean tB = layout == 1;
        for (boolean acc : new boolean[] {false, true}) {
          float[] want = chain(tA, tB, m, n, k, a, b, c0, acc);
          for (int shape = 0; shape < GemmKernels.SHAPES.length; shape++) {
            for (int kc : new int[] {1, 7, 64, 256}) {
              for (int mc : new int[] {1, 24, 200}) {
                for (int nc : new int[] {1, 4}) {
                  GemmPlan plan = new GemmPlan(shape, kc, mc, nc, (kc + nc) % 3 == 0 ? 0 : 100_000);
                  float[] got = run(plan, (kc + mc) % 2 == 0, tA, tB, m, n, k, a, b, c0, acc);
                  assertThat(got).as("%s, %dx%dx%d layout %d accumulate %s", plan, m, n, k, layout, acc).isEqualTo(want);
                  plans++;
                }
              }
            }
          }
        }
      }
    }
    assertThat(VectorGemm.depthChunks(24, 40, 1100)).isEqualTo(3);
    assertThat(VectorGemm.depthChunks(9, 33, 2100)).isEqualTo(5);
    assertThat(plans).isEqualTo(6 * 3 * 2 * GemmKernels.SHAPES.length * 4 * 3 * 2);
  }

  @Test
  void subMatricesWithLeadingDimensionsAreUsedInPlaceAndNothingElseIsTouched() {
    // one head (columns 8..8+hs) of (T, C) activations, as attention uses them
    int t = 37;
    int c = 40;
    int hs = 13;
    int ho = 8;
    float[] q = random(9, t * c);
    float[] k = random(10, t * c);
    for (Kernels kern : new Kernels[] {Kernels.vector(), Kernels.scalar()}) {
      float[] s = random(11, t * (t + 3)); // ldc = t + 3: three columns of every row must stay
      float[] before = s.clone();
      kern.gemm(false, true, t, t, hs, q, ho, c, k, ho, c, s, 0, t + 3, false);
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < t + 3; j++) {
          if (j >= t) {
            assertThat(s[i * (t + 3) + j]).isEqualTo(before[i * (t + 3) + j]);
            continue;
          }
          float want = 0f;
          for (int p = 0; p < hs; p++) {
            want = kern == Kernels.vector() ? Math.fma(q[ho + i * c + p], k[ho + j * c + p], want) : want + q[ho + i * c + p] * k[ho + j * c + p];
          }
          assertThat(s[i * (t + 3) + j]).as("%s (%d, %d)", kern.name(), i, j).isEqualTo(want);
        }
      }
      // Aᵀ·B accumulated into a head of a (T, C) gradient: columns outside the head stay
      float[] g = random(12, t * c);
      float[] g0 = g.clone();
      float[] ds = random(13, t * t);
      kern.gemm(true, false, t, hs, t, ds, 0, t, q, ho, c, g, ho, c, true);
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < c; j++) {
          if (j < ho || j >= ho + hs) {
            assertThat(g[i * c + j]).isEqualTo(g0[i * c + j]);
          } else {
            double want = g0[i * c + j];
            for (int p = 0; p < t; p++) {
              want += (double) ds[p * t + i] * q[p * c + j];
            }
            assertThat((double) g[i * c + j]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4));
          }
        }
      }
    }
  }

  @Test
  void oneAndTwoThreadsAndTheMachinePlanAgreeOnALargeProduct() {
    int m = 300;
    int n = 520;
    int k = 700;
    float[] a = random(4, m * k);
    float[] b = random(5, k * n);
    float[] c0 = new float[m * n];
    float[] want = chain(false, true, m, n, k, a, b, c0, false);
    for (int threads : new int[] {1, 2, 3}) {
      Parallel.setThreads(threads);
      float[] c = c0.clone();
      Kernels.vector().gemm(false, true, m, n, k, a, 0, b, 0, c, 0, false);
      assertThat(c).as("%d threads", threads).isEqualTo(want);
    }
  }

  @Test
  void aSplitWeightGradientIsTheSameForOneTwoAndThreeThreads() {
    int m = 128;
    int n = 96;
    int k = 2048;
    float[] dy = random(14, k * m);
    float[] x = random(15, k * n);
    float[] c0 = random(16, m * n);
    float[] want = chain(true, false, m, n, k, dy, x, c0, true);
    for (int threads : new int[] {1, 2, 3}) {
      Parallel.setThreads(threads);
      float[] c = c0.clone();
      Kernels.vector().gemm(true, false, m, n, k, dy, 0, x, 0, c, 0, true);
      assertThat(c).as("%d threads", threads).isEqualTo(want);
    }
  }

  @Test
  void theTunedPlanGivesTheDefaultPlansBits() {
    GemmTuner.Result tuned = GemmTuner.search(1.5);
    assertThat(tuned.gflops()).isPositive();
    int m = 200;
    int n = 96;
    int k = 513;
    float[] a = random(6, m * k);
    float[] b = random(7, k * n);
    float[] c0 = random(8, m * n);
    for (boolean acc : new boolean[] {false, true}) {
      assertThat(run(tuned.plan(), false, true, false, m, n, k, a, b, c0, acc))
          .isEqualTo(run(GemmPlan.defaults(), true, true, false, m, n, k, a, b, c0, acc));
    }
  }

  @Test
  void overridesApplyAndBadValuesNameTheProperty() {
    try {
      System.setProperty("phaselab.gemm.kernel", "6x2");
      System.setProperty("phaselab.gemm.kc", "64");
      GemmPlan p = GemmTuner.withOverrides(GemmPlan.defaults());
      assertThat(p.kernelName()).isEqualTo("6x2");
      assertThat(p.kc()).isEqualTo(64);
      assertThat(p.mc() % 6).isZero();
      System.setProperty("phaselab.gemm.kernel", "9x9");
      assertThatThrownBy(() -> GemmTuner.withOverrides(GemmPlan.defaults()))
          .hasMessageContaining("phaselab.gemm.kernel='9x9'").hasMessageContaining("8x2");
      System.clearProperty("phaselab.gemm.kernel");
      System.setProperty("phaselab.gemm.kc", "-3");
      assertThatThrownBy(() -> GemmTuner.withOverrides(GemmPlan.defaults())).hasMessageContaining("phaselab.gemm.kc='-3' must be an integer >= 1");
    } finally {
      System.clearProperty("phaselab.gemm.kernel");
      System.clearProperty("phaselab.gemm.kc");
    }
  }
}
