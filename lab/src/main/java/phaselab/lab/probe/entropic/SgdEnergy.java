package phaselab.lab.probe.entropic;

/**
 * Gradient energies as SGD sees them, estimated from n per-example gradients g_i of a probe set
 * (ḡ their mean). The probe's ‖ḡ‖² is biased upwards by the noise, E‖ḡ‖² = ‖∇L‖² + tr Σ / n, so
 * ‖∇L‖² ≈ ‖ḡ‖² − tr Σ̂ / n with the unbiased tr Σ̂ = Σ‖g_i − ḡ‖² / (n − 1). A minibatch of B
 * examples drawn with replacement (phaselab's sampler) has E‖∇L_B‖² = ‖∇L‖² + tr Σ / B; full-batch
 * gradient descent has no noise term.
 */
public final class SgdEnergy {
  private SgdEnergy() {}

  /** ‖∇L‖² (unbiased) and tr Σ (unbiased) from ‖ḡ‖², mean‖g_i‖² and n. */
  public record Moments(double gradSq, double traceSigma) {
    /** E‖∇L_B‖²: the energy a step of batch B carries (B = 0: full batch, no noise). */
    public double minibatch(int batch) {
      return batch <= 0 ? gradSq : gradSq + traceSigma / batch;
    }
  }

  public static Moments of(double meanGradSq, double meanSampleSq, int n) {
    if (n < 2) {
      return new Moments(meanGradSq, Double.NaN);
    }
    double spread = meanSampleSq - meanGradSq; // (1/n) Σ‖g_i − ḡ‖²
    double trace = spread * n / (n - 1);
    return new Moments(meanGradSq - trace / n, trace);
  }

  /**
   * The leading-order modified loss of SGD (Smith et al. 2021; Ziyin et al. 2025):
   * φ = L + (η_eff/4)(‖∇L‖² + tr Σ / B), η_eff = η / (1 − μ) with heavy-ball momentum μ; the two
   * terms are reported apart ({@code gdTerm}: the gradient-descent form, {@code noiseTerm}: SGD's).
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
    return new ModifiedLoss(loss, eta, eta / 4 * m.gradSq(), noise);
  }
}
