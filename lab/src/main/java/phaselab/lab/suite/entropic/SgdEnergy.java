package phaselab.lab.suite.entropic;

/**
 * Gradient energies as SGD sees them, estimated from n per-example gradients g_i of a probe set
 * (ḡ their mean) drawn without replacement from the N training examples. With Σ the population
 * covariance (divisor N) and s² = Σ‖g_i − ḡ‖² / (n − 1), sampling without replacement gives
 * E‖ḡ‖² = ‖∇L‖² + (tr Σ / n)·(N − n)/(N − 1) and E s² = tr Σ · N/(N − 1), so the unbiased
 * estimates are ‖∇L‖² ≈ ‖ḡ‖² − (s²/n)·(N − n)/N and tr Σ ≈ s²·(N − 1)/N (the finite-population
 * correction; Cochran 1977, §2.8). The i.i.d. formula ‖ḡ‖² − s²/n is biased by −tr Σ/(N − 1):
 * negative in every draw at a minimum. At n = N the correction vanishes and ‖ḡ‖² is exact. A
 * minibatch of B examples drawn with replacement (phaselab's sampler) has E‖∇L_B‖² = ‖∇L‖² +
 * tr Σ / B; full-batch gradient descent has no noise term.
 */
public final class SgdEnergy {
  private SgdEnergy() {}

  /** ‖∇L‖² and tr Σ, both unbiased for the population the probe set was drawn from. */
  public record Moments(double gradSq, double traceSigma) {
    /** E‖∇L_B‖²: the energy a step of batch B carries (B = 0: full batch, no noise). */
    public double minibatch(int batch) {
      return batch <= 0 ? gradSq : gradSq + traceSigma / batch;
    }
  }

  /**
   * From ‖ḡ‖², mean‖g_i‖², the probe size n and the population size N (n distinct examples of N;
   * N ≤ 0 for an infinite population, i.i.d. draws).
   */
  public static Moments of(double meanGradSq, double meanSampleSq, int n, int population) {
    if (n < 2) {
      return new Moments(meanGradSq, Double.NaN);
    }
    double spread = meanSampleSq - meanGradSq; // (1/n) Σ‖g_i − ḡ‖²
    double s2 = spread * n / (n - 1);
    if (population <= 0) {
      return new Moments(meanGradSq - s2 / n, s2);
    }
    if (n > population) {
      throw new IllegalArgumentException("a probe set of " + n + " distinct examples cannot come from " + population);
    }
    return new Moments(meanGradSq - s2 / n * (population - n) / population, s2 * (population - 1) / population);
  }

  /**
   * The leading-order modified loss of SGD (Smith et al. 2021; Ziyin et al. 2025):
   * φ = L + (η_eff/4)·(1 + μ)/(1 − μ)·‖∇L‖² + (η_eff/4)·tr Σ / B, η_eff = η / (1 − μ) with
   * heavy-ball momentum μ, as a flow in time η_eff per step. The (1 + μ)/(1 − μ) of the gradient
   * term is Ghosh et al. 2023's (derived in docs/entropic-forces.md; SgdEnergyTest checks it
   * against the decay rate of heavy ball on a quadratic); the noise term's momentum factor is
   * not derived here, so it carries none (exact at μ = 0). The two terms are reported apart
   * ({@code gdTerm}: the gradient-descent form, {@code noiseTerm}: SGD's).
   */
  public record ModifiedLoss(double loss, double effectiveLr, double gdTerm, double noiseTerm) {
    public double phi() {
      return loss + gdTerm + noiseTerm;
    }
  }

  /** {@code batch} ≤ 0 means full-batch gradient descent. */
  public static ModifiedLoss modifiedLoss(double loss, Moments m, double lr, double momentum, int batch) {
    double eta = lr / (1 - momentum);
    double noise = batch <= 0 ? 0 : eta / 4 * m.traceSigma() / batch;
    return new ModifiedLoss(loss, eta, eta / 4 * (1 + momentum) / (1 - momentum) * m.gradSq(), noise);
  }
}
