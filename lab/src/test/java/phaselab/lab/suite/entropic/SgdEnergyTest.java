package phaselab.lab.suite.entropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;

class SgdEnergyTest {
  @Test
  void handComputedMomentsAndModifiedLoss() {
    // g_1 = (1, 0), g_2 = (3, 2): ḡ = (2, 1), ‖ḡ‖² = 5, mean‖g_i‖² = (1 + 13)/2 = 7
    SgdEnergy.Moments m = SgdEnergy.of(5, 7, 2, 0);
    // Σ‖g_i − ḡ‖² = 2 + 2 = 4, unbiased tr Σ = 4/(2−1) = 4; ‖∇L‖² = 5 − 4/2 = 3
    assertThat(m.traceSigma()).isCloseTo(4, within(1e-12));
    assertThat(m.gradSq()).isCloseTo(3, within(1e-12));
    assertThat(m.minibatch(4)).isCloseTo(3 + 1, within(1e-12));
    assertThat(m.minibatch(0)).isCloseTo(3, within(1e-12)); // gradient descent: no noise
    // η 0.1 with momentum 0.5: η_eff 0.2; φ = L + 0.05·(1.5/0.5)·3 + 0.05·4/4
    SgdEnergy.ModifiedLoss phi = SgdEnergy.modifiedLoss(1.0, m, 0.1, 0.5, 4);
    assertThat(phi.effectiveLr()).isCloseTo(0.2, within(1e-12));
    assertThat(phi.gdTerm()).isCloseTo(0.45, within(1e-12));
    assertThat(phi.noiseTerm()).isCloseTo(0.05, within(1e-12));
    assertThat(phi.phi()).isCloseTo(1.5, within(1e-12));
  }

  /**
   * The gradient term's momentum factor, checked against heavy ball itself: on L = λθ²/2 the
   * iteration θ' = θ + μ(θ − θ₋) − ηλθ decays by the dominant root r of z² − (1 + μ − ηλ)z + μ a
   * step, and the modified flow θ̇ = −η_eff ∇φ predicts ln r = −η_eff(λ + 2cλ²) with c the
   * coefficient of ‖∇L‖² in φ. The two agree to O(η_eff³) only with the (1 + μ)/(1 − μ) factor.
   */
  @Test
  void theGradientTermReproducesHeavyBallToSecondOrder() {
    double lambda = 1;
    for (double mu : new double[] {0, 0.5, 0.9}) {
      for (double lr : new double[] {1e-3, 1e-4}) {
        double b = 1 + mu - lr * lambda;
        double root = (b + Math.sqrt(b * b - 4 * mu)) / 2;
        SgdEnergy.ModifiedLoss phi = SgdEnergy.modifiedLoss(0, new SgdEnergy.Moments(1, 0), lr, mu, 0);
        double c = phi.gdTerm(); // the coefficient of ‖∇L‖² = 1
        double eta = phi.effectiveLr();
        double predicted = -eta * (lambda + 2 * c * lambda * lambda);
        // what is left is third order: |residual| / η_eff² → 0 as η → 0 (it is ≈ 9 with the factor left out at μ = 0.9)
        assertThat(Math.abs(Math.log(root) - predicted) / (eta * eta)).as("μ = %s, η = %s", mu, lr).isLessThan(2.5 * eta / 1e-2 + 1e-3);
      }
    }
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
      unbiased += SgdEnergy.of(mean * mean, sq / n, n, 0).gradSq() / trials;
    }
    assertThat(unbiased).isCloseTo(0.09, within(0.01));
    assertThat(naive).isCloseTo(0.09 + 1.0 / n, within(0.01)); // biased up by tr Σ / n
  }

  /**
   * At a minimum the probe set is n distinct examples of a finite population whose gradients sum
   * to zero: the finite-population estimate is centred on 0, where the i.i.d. one is negative in
   * every draw (its bias is −tr Σ/(N − 1)), and at n = N it is exactly ‖ḡ‖² = 0.
   */
  @Test
  void atAMinimumTheFinitePopulationEstimateIsCentredOnZero() {
    RngStream r = new RngStream(5, "population");
    int population = 200;
    double[] g = new double[population];
    double mean = 0;
    for (int i = 0; i < population; i++) {
      g[i] = r.nextGaussian();
      mean += g[i] / population;
    }
    double traceSigma = 0;
    for (int i = 0; i < population; i++) {
      g[i] -= mean; // ∇L = 0 exactly
      traceSigma += g[i] * g[i] / population;
    }
    int n = 32;
    int trials = 20_000;
    double corrected = 0;
    double iid = 0;
    int negativeIid = 0;
    int[] idx = java.util.stream.IntStream.range(0, population).toArray();
    for (int t = 0; t < trials; t++) {
      r.shuffle(idx);
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        sum += g[idx[i]];
        sq += g[idx[i]] * g[idx[i]];
      }
      double m = sum / n;
      corrected += SgdEnergy.of(m * m, sq / n, n, population).gradSq() / trials;
      double naive = SgdEnergy.of(m * m, sq / n, n, 0).gradSq();
      iid += naive / trials;
      negativeIid += naive < 0 ? 1 : 0;
    }
    double se = traceSigma / n * 0.05; // the spread of a single estimate is ~tr Σ/n; 20k draws shrink it 140-fold
    assertThat(corrected).isCloseTo(0, within(se));
    assertThat(iid).isCloseTo(-traceSigma / (population - 1), within(se));
    assertThat(negativeIid).isGreaterThan(trials / 2);
    // the whole population: no correction left, ‖ḡ‖² itself
    double all = 0;
    double allSq = 0;
    for (double x : g) {
      all += x / population;
      allSq += x * x / population;
    }
    assertThat(SgdEnergy.of(all * all, allSq, population, population).gradSq()).isCloseTo(all * all, within(1e-15));
  }
}
