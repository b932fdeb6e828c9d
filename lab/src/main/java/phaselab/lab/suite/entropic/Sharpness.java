package phaselab.lab.suite.entropic;

import phaselab.engine.rng.RngStream;

/**
 * Hessian eigenvalues ("sharpness") from Hessian-vector products by central finite differences of
 * the gradient: Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / (realised step) for unit v, where the realised
 * step is the float32 displacement actually applied, ((θ+) − (θ−))·v, not the nominal 2ε (for
 * large |θ_i| the rounding of θ ± εv_i to float32 changes the step by up to u·|θ_i|). The
 * truncation error is O(ε²) (it vanishes for a quadratic loss) and float32 rounding of the
 * gradients adds about u·‖∇L‖/ε (u = 6e-8); ε = 1e-3 balances the two for the networks here.
 * The probe uses {@link Lanczos} (top-k at both ends, converged to a residual tolerance); power
 * iteration stays for comparison.
 */
public final class Sharpness {
  public static final double EPS = 1e-3;

  /** The gradient of a fixed loss at a parameter vector. */
  public interface Gradient {
    float[] at(float[] theta);
  }

  /** Largest-magnitude eigenvalue found and the number of HVPs used. */
  public record Result(double eigenvalue, int iterations) {}

  private Sharpness() {}

  /** Hv by central differences with step {@code eps} along the unit direction v/‖v‖, scaled back by ‖v‖. */
  public static double[] hvp(Gradient g, float[] theta, double[] v, double eps) {
    double norm = norm(v);
    float[] plus = theta.clone();
    float[] minus = theta.clone();
    for (int i = 0; i < theta.length; i++) {
      double step = eps * v[i] / norm;
      plus[i] = (float) (theta[i] + step);
      minus[i] = (float) (theta[i] - step);
    }
    double realised = 0;
    for (int i = 0; i < theta.length; i++) {
      realised += ((double) plus[i] - minus[i]) * (v[i] / norm);
    }
    float[] gp = g.at(plus);
    float[] gm = g.at(minus);
    double[] out = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      out[i] = (gp[i] - (double) gm[i]) / realised * norm;
    }
    return out;
  }

  /** Top-k and bottom-k eigenvalues of the Hessian at theta by Lanczos on finite-difference HVPs. */
  public static Lanczos.Result lanczos(Gradient g, float[] theta, int k, int maxIterations, double tol, RngStream rng, double eps) {
    return Lanczos.run(v -> hvp(g, theta, v, eps), theta.length, k, maxIterations, tol, rng);
  }

  /**
   * The largest (most positive) eigenvalue: power iteration finds the eigenvalue of largest
   * magnitude; when that is negative, a second power iteration on H − λI (whose top eigenvalue is
   * λ_max − λ ≥ 0) recovers λ_max.
   */
  public static Result topEigenvalue(Gradient g, float[] theta, int iterations, RngStream rng, double eps) {
    Result first = power(g, theta, iterations, rng, eps, 0);
    if (first.eigenvalue() >= 0) {
      return first;
    }
    Result shifted = power(g, theta, iterations, rng, eps, first.eigenvalue());
    return new Result(shifted.eigenvalue() + first.eigenvalue(), first.iterations() + shifted.iterations());
  }

  /** Power iteration on H − shift·I from a random start drawn from {@code rng}; returns its Rayleigh quotient. */
  static Result power(Gradient g, float[] theta, int iterations, RngStream rng, double eps, double shift) {
    double[] v = new double[theta.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    normalize(v);
    double lambda = 0;
    for (int it = 0; it < iterations; it++) {
      double[] hv = hvp(g, theta, v, eps);
      for (int i = 0; i < v.length; i++) {
        hv[i] -= shift * v[i];
      }
      lambda = dot(v, hv);
      double n = norm(hv);
      if (n == 0) {
        return new Result(0, it + 1);
      }
      for (int i = 0; i < v.length; i++) {
        v[i] = hv[i] / n;
      }
    }
    return new Result(lambda, iterations);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static void normalize(double[] v) {
    double n = norm(v);
    for (int i = 0; i < v.length; i++) {
      v[i] /= n;
    }
  }
}
