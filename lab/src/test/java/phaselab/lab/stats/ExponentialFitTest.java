package phaselab.lab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExponentialFitTest {
  private static double[] times(int n, double dt, double from) {
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = from + i * dt;
    }
    return t;
  }

  @Test
  void recoversAnExactRelaxation() {
    double[] t = times(200, 10, 50);
    double[] y = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      y[i] = 1.386 + 0.47 * Math.exp(-(t[i] - 50) / 312.5);
    }
    ExponentialFit.Result r = ExponentialFit.fit(t, y);
    assertEquals(312.5, r.tau(), 1e-4);
    assertEquals(1.386, r.plateau(), 1e-7);
    assertEquals(0.47, r.amplitude(), 1e-7);
    assertEquals(1.0, r.r2(), 1e-9);
    assertTrue(r.resolved());
  }

  @Test
  void noisyRelaxationWithinAFewPercent() {
    Random rng = new Random(7);
    double[] t = times(2000, 10, 0);
    double[] y = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      y[i] = -0.2 * Math.exp(-t[i] / 3000) + 0.01 * rng.nextGaussian();
    }
    ExponentialFit.Result r = ExponentialFit.fit(t, y);
    assertEquals(3000, r.tau(), 150);
    assertEquals(0, r.plateau(), 0.005);
  }

  @Test
  void aFlatSeriesIsNotAResolvedRelaxation() {
    Random rng = new Random(3);
    double[] t = times(300, 1, 0);
    double[] y = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      y[i] = 2 + 0.001 * t[i];
    }
    assertFalse(ExponentialFit.fit(t, y).resolved(), "a straight line has no time constant inside the window");
  }
}
