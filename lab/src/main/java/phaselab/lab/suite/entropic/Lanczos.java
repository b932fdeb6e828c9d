package phaselab.lab.suite.entropic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import phaselab.engine.rng.RngStream;

/**
 * Extreme Hessian eigenvalues by the Lanczos iteration with full reorthogonalisation, from a
 * seeded Rademacher start vector z: after j steps the Ritz values (eigenvalues of the tridiagonal
 * T_j) approximate both ends of the spectrum, and the residual ‖H y − θ y‖ of every Ritz pair is
 * |β_j · s_last,i| without another product. The iteration stops when the residual of every
 * reported Ritz value (the k largest and the k smallest) is below {@code tol} · max(1, |θ_top|)
 * (after at least 2k steps, so the two ends are distinct values), at an invariant subspace, or at
 * {@code maxIterations}; a reported value whose residual is still above the bound is flagged
 * unconverged in the result. From the same start vector, zᵀHz = ‖z‖² α_1 is a one-sample Hutchinson
 * estimate of tr H (unbiased for Rademacher z; its spread is large, read it over checkpoints).
 */
public final class Lanczos {
  /**
   * @param top the k largest Ritz values, largest first
   * @param bottom the k smallest, smallest first
   * @param iterations Hessian-vector products used
   * @param residual ‖H y − θ y‖ of the top Ritz pair
   * @param traceEstimate zᵀHz (one-sample Hutchinson)
   * @param topResidual the residual of each value of {@code top}
   * @param bottomResidual the residual of each value of {@code bottom}
   * @param bound the residual bound tol · max(1, |θ_top|) a converged value meets
   */
  public record Result(double[] top, double[] bottom, int iterations, double residual, double traceEstimate, double[] topResidual,
      double[] bottomResidual, double bound) {
    public double largest() {
      return top[0];
    }

    public boolean topConverged(int i) {
      return topResidual[i] <= bound;
    }

    public boolean bottomConverged(int i) {
      return bottomResidual[i] <= bound;
    }
  }

  private Lanczos() {}

  public static Result run(UnaryOperator<double[]> hvp, int n, int k, int maxIterations, double tol, RngStream rng) {
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = rng.nextInt(2) == 0 ? -1 : 1;
    }
    double zz = n;
    List<double[]> q = new ArrayList<>();
    q.add(scale(z, 1 / Math.sqrt(zz)));
    List<Double> alpha = new ArrayList<>();
    List<Double> beta = new ArrayList<>();
    double residual = Double.NaN;
    double lastBeta = 0;
    SymmetricEigen.Result ritz = null;
    int m = Math.min(maxIterations, n);
    for (int j = 0; j < m; j++) {
      double[] qj = q.get(j);
      double[] w = hvp.apply(qj);
      double a = dot(qj, w);
      alpha.add(a);
      axpy(-a, qj, w);
      if (j > 0) {
        axpy(-beta.get(j - 1), q.get(j - 1), w);
      }
      for (int pass = 0; pass < 2; pass++) { // full reorthogonalisation, twice is enough
        for (double[] qi : q) {
          axpy(-dot(qi, w), qi, w);
        }
      }
      double b = Math.sqrt(dot(w, w));
      ritz = SymmetricEigen.of(tridiagonal(alpha, beta));
      int last = ritz.values().length - 1;
      double theta = ritz.values()[last];
      lastBeta = b;
      residual = Math.abs(b * ritz.vectors()[last][j]);
      boolean invariant = b <= 1e-12 * Math.max(1, Math.abs(theta));
      if (invariant || (j + 1 >= 2 * k && allConverged(ritz, b, k, tol * Math.max(1, Math.abs(theta))))) {
        break;
      }
      beta.add(b);
      q.add(scale(w, 1 / b));
    }
    double[] values = ritz.values();
    int kk = Math.min(k, values.length);
    double[] top = new double[kk];
    double[] bottom = new double[kk];
    double[] topRes = new double[kk];
    double[] bottomRes = new double[kk];
    for (int i = 0; i < kk; i++) {
      top[i] = values[values.length - 1 - i];
      bottom[i] = values[i];
      topRes[i] = ritzResidual(ritz, lastBeta, values.length - 1 - i);
      bottomRes[i] = ritzResidual(ritz, lastBeta, i);
    }
    double bound = tol * Math.max(1, Math.abs(top[0]));
    return new Result(top, bottom, alpha.size(), residual, zz * alpha.get(0), topRes, bottomRes, bound);
  }

  /** ‖H y_i − θ_i y_i‖ = |β · s_last,i| for Ritz pair i of the current tridiagonal. */
  private static double ritzResidual(SymmetricEigen.Result ritz, double beta, int i) {
    int lastComponent = ritz.values().length - 1;
    return Math.abs(beta * ritz.vectors()[i][lastComponent]); // vectors[i] is the eigenvector of values[i]
  }

  /** Whether the k largest and k smallest Ritz values all have residuals within {@code bound}. */
  private static boolean allConverged(SymmetricEigen.Result ritz, double beta, int k, double bound) {
    int n = ritz.values().length;
    for (int i = 0; i < Math.min(k, n); i++) {
      if (ritzResidual(ritz, beta, n - 1 - i) > bound || ritzResidual(ritz, beta, i) > bound) {
        return false;
      }
    }
    return true;
  }

  private static double[][] tridiagonal(List<Double> alpha, List<Double> beta) {
    int j = alpha.size();
    double[][] t = new double[j][j];
    for (int i = 0; i < j; i++) {
      t[i][i] = alpha.get(i);
      if (i + 1 < j) {
        t[i][i + 1] = beta.get(i);
        t[i + 1][i] = beta.get(i);
      }
    }
    return t;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double c, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += c * x[i];
    }
  }

  private static double[] scale(double[] x, double c) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * c;
    }
    return out;
  }
}
