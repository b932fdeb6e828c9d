package phaselab.lab.probe.entropic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import phaselab.engine.rng.RngStream;

/**
 * Extreme Hessian eigenvalues by the Lanczos iteration with full reorthogonalisation, from a
 * seeded Rademacher start vector z: after j steps the Ritz values (eigenvalues of the tridiagonal
 * T_j) approximate both ends of the spectrum, and the residual ‖H y − θ y‖ of the top Ritz pair is
 * |β_j · s_j,last| without another product. The iteration stops when that residual is below
 * {@code tol} · max(1, |θ_top|) (after at least k steps), at an invariant subspace, or at
 * {@code maxIterations}. From the same start vector, zᵀHz = ‖z‖² α_1 is a one-sample Hutchinson
 * estimate of tr H (unbiased for Rademacher z; its spread is large, read it over checkpoints).
 */
public final class Lanczos {
  /**
   * @param top the k largest Ritz values, largest first
   * @param bottom the k smallest, smallest first
   * @param iterations Hessian-vector products used
   * @param residual ‖H y − θ y‖ of the top Ritz pair
   * @param traceEstimate zᵀHz (one-sample Hutchinson)
   */
  public record Result(double[] top, double[] bottom, int iterations, double residual, double traceEstimate) {
    public double largest() {
      return top[0];
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
      residual = Math.abs(b * ritz.vectors()[last][j]);
      boolean invariant = b <= 1e-12 * Math.max(1, Math.abs(theta));
      if (invariant || (j + 1 >= k && residual <= tol * Math.max(1, Math.abs(theta)))) {
        break;
      }
      beta.add(b);
      q.add(scale(w, 1 / b));
    }
    double[] values = ritz.values();
    int kk = Math.min(k, values.length);
    double[] top = new double[kk];
    double[] bottom = new double[kk];
    for (int i = 0; i < kk; i++) {
      top[i] = values[values.length - 1 - i];
      bottom[i] = values[i];
    }
    return new Result(top, bottom, alpha.size(), residual, zz * alpha.get(0));
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
