package phaselab.lab.probe.entropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;

class SgdEnergyTest {
  @Test
  void handComputedMomentsAndModifiedLoss() {
    // g_1 = (1, 0), g_2 = (3, 2): ḡ = (2, 1), ‖ḡ‖² = 5, mean‖g_i‖² = (1 + 13)/2 = 7
    SgdEnergy.Moments m = SgdEnergy.of(5, 7, 2);
    // Σ‖g_i − ḡ‖² = 2 + 2 = 4, unbiased tr Σ = 4/(2−1) = 4; ‖∇L‖² = 5 − 4/2 = 3
    assertThat(m.traceSigma()).isCloseTo(4, within(1e-12));
    assertThat(m.gradSq()).isCloseTo(3, within(1e-12));
    assertThat(m.minibatch(4)).isCloseTo(3 + 1, within(1e-12));
    assertThat(m.minibatch(0)).isCloseTo(3, within(1e-12)); // gradient descent: no noise
    // η 0.1 with momentum 0.5: η_eff 0.2; φ = L + 0.05·3 + 0.05·4/4
    SgdEnergy.ModifiedLoss phi = SgdEnergy.modifiedLoss(1.0, m, 0.1, 0.5, 4);
    assertThat(phi.effectiveLr()).isCloseTo(0.2, within(1e-12));
    assertThat(phi.gdTerm()).isCloseTo(0.15, within(1e-12));
    assertThat(phi.noiseTerm()).isCloseTo(0.05, within(1e-12));
    assertThat(phi.phi()).isCloseTo(1.2, within(1e-12));
  }

  /** The estimate is unbiased: over many small probe sets its mean is the population ‖∇L‖², the naive one is not. */
  @Test
  void theGradientEnergyEstimateRemovesTheSmallSampleBias() {
    RngStream r = new RngStream(4, "t");
    double mu = 0.3; // per-example gradients N(μ, 1) in one dimension: ‖∇L‖² = 0.09, tr Σ = 1
    int n = 8;
    double naive = 0;
    double unbiased = 0;
    int trials = 40_000;
    for (int t = 0; t < trials; t++) {
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double g = mu + r.nextGaussian();
        sum += g;
        sq += g * g;
      }
      double mean = sum / n;
      naive += mean * mean / trials;
      unbiased += SgdEnergy.of(mean * mean, sq / n, n).gradSq() / trials;
    }
    assertThat(unbiased).isCloseTo(0.09, within(0.01));
    assertThat(naive).isCloseTo(0.09 + 1.0 / n, within(0.01)); // biased up by tr Σ / n
  }
}
