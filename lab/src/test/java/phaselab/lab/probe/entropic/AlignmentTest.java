package phaselab.lab.probe.entropic;

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
}
