package phaselab.lab.suite.entropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;

class AlignmentTest {
  static float[] gaussian(int n, int p, long seed) {
    RngStream r = new RngStream(seed, "x");
    float[] x = new float[n * p];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  /** A random orthogonal p × p matrix by Gram–Schmidt. */
  static double[][] orthogonal(int p, long seed) {
    RngStream r = new RngStream(seed, "q");
    double[][] q = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        q[i][j] = r.nextGaussian();
      }
      for (int k = 0; k < i; k++) {
        double d = 0;
        for (int j = 0; j < p; j++) {
          d += q[i][j] * q[k][j];
        }
        for (int j = 0; j < p; j++) {
          q[i][j] -= d * q[k][j];
        }
      }
      double norm = 0;
      for (int j = 0; j < p; j++) {
        norm += q[i][j] * q[i][j];
      }
      for (int j = 0; j < p; j++) {
        q[i][j] /= Math.sqrt(norm);
      }
    }
    return q;
  }

  static float[] times(float[] x, int n, int p, double[][] q, double scale) {
    float[] y = new float[n * p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        double s = 0;
        for (int k = 0; k < p; k++) {
          s += x[i * p + k] * q[k][j];
        }
        y[i * p + j] = (float) (scale * s);
      }
    }
    return y;
  }

  @Test
  void ckaIsOneUnderOrthogonalTransformAndIsotropicScaling() {
    int n = 60;
    int p = 8;
    float[] x = gaussian(n, p, 1);
    assertThat(Alignment.cka(x, p, times(x, n, p, orthogonal(p, 2), 1.0), p, n)).isCloseTo(1.0, within(1e-6));
    assertThat(Alignment.cka(x, p, times(x, n, p, orthogonal(p, 3), 7.5), p, n)).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void ckaOfUnrelatedRepresentationsIsSmallAndSymmetric() {
    int n = 200;
    float[] x = gaussian(n, 5, 1);
    float[] y = gaussian(n, 7, 9);
    double xy = Alignment.cka(x, 5, y, 7, n);
    assertThat(xy).isLessThan(0.1).isCloseTo(Alignment.cka(y, 7, x, 5, n), within(1e-12));
  }

  @Test
  void mutualKnnIsOneForIdenticalAndNearChanceForUnrelated() {
    int n = 300;
    int k = 10;
    float[] x = gaussian(n, 6, 1);
    assertThat(Alignment.mutualKnn(x, 6, x, 6, n, k)).isEqualTo(1.0);
    // scaling and rotation keep cosine neighbours
    assertThat(Alignment.mutualKnn(x, 6, times(x, n, 6, orthogonal(6, 4), 3.0), 6, n, k)).isEqualTo(1.0);
    double chance = (double) k / (n - 1);
    assertThat(Alignment.mutualKnn(x, 6, gaussian(n, 6, 2), 6, n, k)).isLessThan(4 * chance);
  }

  /**
   * Two independent Gaussian representations: biased CKA sits well above 0 at n = 100, p = 50 (its
   * bias is of order p/n), the debiased one is centred on 0; identical (up to rotation and scale)
   * representations give 1 either way.
   */
  @Test
  void debiasedCkaOfIndependentGaussiansIsNearZero() {
    int n = 100;
    int p = 50;
    double biased = 0;
    double debiased = 0;
    int trials = 20;
    for (int t = 0; t < trials; t++) {
      float[] x = gaussian(n, p, 100 + t);
      float[] y = gaussian(n, p, 200 + t);
      biased += Alignment.cka(x, p, y, p, n) / trials;
      debiased += Alignment.debiasedCka(x, p, y, p, n) / trials;
    }
    assertThat(biased).isGreaterThan(0.2);
    assertThat(debiased).isCloseTo(0, within(0.02));
    float[] x = gaussian(n, p, 7);
    assertThat(Alignment.debiasedCka(x, p, times(x, n, p, orthogonal(p, 8), 3.0), p, n)).isCloseTo(1, within(1e-6));
  }

  /** Huh et al.'s mutual k-NN: 1 for the same representation, about k/(n − 1) for unrelated ones; clamping tames an outlier feature. */
  @Test
  void referenceMutualKnnAsHuhEtAlCompute() {
    int n = 300;
    int p = 32;
    float[] x = gaussian(n, p, 11);
    assertThat(Alignment.mutualKnnReference(x, p, x, p, n, 10)).isEqualTo(1.0);
    assertThat(Alignment.mutualKnnReference(x, p, gaussian(n, p, 12), p, n, 10)).isCloseTo(10.0 / (n - 1), within(0.03));
    // one huge feature in y dominates raw cosine neighbours; the 95th-percentile clamp removes its hold
    float[] y = x.clone();
    for (int i = 0; i < n; i++) {
      y[i * p] *= 1000;
    }
    assertThat(Alignment.mutualKnnReference(x, p, y, p, n, 10)).isGreaterThan(Alignment.mutualKnn(x, p, y, p, n, 10) + 0.2);
  }
}
