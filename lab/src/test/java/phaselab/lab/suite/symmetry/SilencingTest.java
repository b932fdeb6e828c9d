package phaselab.lab.suite.symmetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;

class SilencingTest {
  static float[] gaussian(int n, long seed) {
    RngStream r = new RngStream(seed, "h");
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  @Test
  void silencingAllButSEqualsZeroingTheOtherReadoutColumns() {
    int k = 5;
    int d = 6;
    int n = 40;
    double[] w = new double[k * d];
    double[] b = new double[k];
    RngStream r = new RngStream(1, "w");
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextGaussian();
    }
    for (int c = 0; c < k; c++) {
      b[c] = r.nextGaussian();
    }
    float[] h = gaussian(n * d, 2);
    int[] y = new int[n];
    int[] subset = {1, 4};
    double[] zeroed = w.clone();
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < d; i++) {
        if (i != 1 && i != 4) {
          zeroed[c * d + i] = 0;
        }
      }
    }
    double[] silenced = new Silencing(new Readout(k, d, w, b), h, n, y, null).fields(subset);
    double[] reference = new Silencing(new Readout(k, d, zeroed, b), h, n, y, null).fields(new int[] {0, 1, 2, 3, 4, 5});
    assertThat(silenced).containsExactly(reference, within(1e-12));
    // mean silencing adds the silenced nodes' mean contributions to the intercepts
    double[] mean = Silencing.means(h, n, d);
    double[] a = new Silencing(new Readout(k, d, w, b), h, n, y, mean).intercepts(subset);
    double expected = b[2];
    for (int i = 0; i < d; i++) {
      expected += i == 1 || i == 4 ? 0 : w[2 * d + i] * mean[i];
    }
    assertThat(a[2]).isCloseTo(expected, within(1e-12));
  }

  @Test
  void learnedSetsFromASyntheticConfusion() {
    // one node, 3 labels: the field makes label 0 win for h < 0 and label 2 for h > 0; label 1 never wins
    Readout r = new Readout(3, 1, new double[] {-1, 0, 1}, new double[] {0, -5, 0});
    float[] h = {-1, -2, 1, 2, 3, -1};
    int[] y = {0, 0, 2, 2, 1, 1};
    Silencing.Result res = new Silencing(r, h, 6, y, null).evaluate(new int[] {0}, 2.0 / 3);
    assertThat(res.learned()).containsExactly(0, 2);
    assertThat(res.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(res.confusion()[1]).containsExactly(1, 0, 1);
    assertThat(res.snr()).isGreaterThan(0);
  }

  @Test
  void orderParametersOfSymmetricAndSpecialisedPopulations() {
    int k = 4;
    // symmetric phase: every node learns every label
    OrderParameters sym = OrderParameters.of(List.of(new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3}), k);
    assertThat(sym.meanJaccard()).isEqualTo(1.0);
    assertThat(sym.meanSize()).isEqualTo(4.0);
    assertThat(sym.coverage()).isEqualTo(1.0);
    // broken phase: each node learns one label of its own
    OrderParameters broken = OrderParameters.of(List.of(new int[] {0}, new int[] {1}, new int[] {2}, new int[] {3}), k);
    assertThat(broken.meanJaccard()).isEqualTo(0.0);
    assertThat(broken.meanSize()).isEqualTo(1.0);
    assertThat(broken.coverage()).isEqualTo(1.0);
    assertThat(broken.histogram()).containsExactly(0, 4, 0, 0, 0);
    OrderParameters dead = OrderParameters.of(List.of(new int[0], new int[] {2}), k);
    assertThat(dead.emptyFraction()).isEqualTo(0.5);
    assertThat(dead.meanJaccard()).isNaN();
  }

  @Test
  void theReadoutFitSeparatesSeparableData() {
    int n = 200;
    int d = 3;
    float[] h = gaussian(n * d, 5);
    int[] y = new int[n];
    for (int r = 0; r < n; r++) {
      y[r] = h[r * d] > 0 ? 1 : 0;
    }
    Readout fit = Readout.fit(h, n, d, y, 2, 1e-4);
    Silencing s = new Silencing(fit, h, n, y, null);
    assertThat(s.accuracy(new int[] {0, 1, 2})).isGreaterThan(0.95);
    assertThat(s.accuracy(new int[] {0})).isGreaterThan(0.95); // node 0 alone carries the label
    assertThat(s.accuracy(new int[] {1})).isLessThan(0.7);
  }
}
