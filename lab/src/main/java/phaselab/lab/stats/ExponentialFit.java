package phaselab.lab.stats;

/**
 * Least-squares fit of y(t) = y∞ + A·exp(−(t − t₀)/τ) to a measured relaxation (t₀ the first
 * time). For a fixed τ the model is linear in (y∞, A), so the residual sum of squares is a
 * function of τ alone: it is scanned on a log grid from the smallest time step to 100 × the span
 * and the best cell refined by golden-section search on log τ. A τ that lands on the top of the
 * grid means the data show no relaxation within the window ({@code resolved} false).
 */
public final class ExponentialFit {
  private ExponentialFit() {}

  /** τ, the plateau y∞, the amplitude A at t₀, R², and whether τ lies inside the scanned range. */
  public record Result(double tau, double plateau, double amplitude, double r2, boolean resolved) {}

  public static Result fit(double[] t, double[] y) {
    if (t.length != y.length || t.length < 4) {
      throw new IllegalArgumentException("an exponential fit needs at least 4 points (got " + t.length + ")");
    }
    double t0 = t[0];
    double span = t[t.length - 1] - t0;
    double step = Double.POSITIVE_INFINITY;
    for (int i = 1; i < t.length; i++) {
      step = Math.min(step, t[i] - t[i - 1]);
    }
    if (!(span > 0) || !(step > 0)) {
      throw new IllegalArgumentException("times must increase");
    }
    double lo = Math.log(step / 4);
    double hi = Math.log(span * 100);
    int cells = 400;
    int best = 0;
    double bestSse = Double.POSITIVE_INFINITY;
    for (int i = 0; i <= cells; i++) {
      double sse = sse(t, y, t0, Math.exp(lo + (hi - lo) * i / cells))[0];
      if (sse < bestSse) {
        bestSse = sse;
        best = i;
      }
    }
    double a = lo + (hi - lo) * Math.max(0, best - 1) / cells;
    double b = lo + (hi - lo) * Math.min(cells, best + 1) / cells;
    double g = (Math.sqrt(5) - 1) / 2;
    for (int it = 0; it < 100 && b - a > 1e-10; it++) {
      double c = b - g * (b - a);
      double d = a + g * (b - a);
      if (sse(t, y, t0, Math.exp(c))[0] < sse(t, y, t0, Math.exp(d))[0]) {
        b = d;
      } else {
        a = c;
      }
    }
    double tau = Math.exp((a + b) / 2);
    double[] s = sse(t, y, t0, tau);
    double mean = 0;
    for (double v : y) {
      mean += v / y.length;
    }
    double tss = 0;
    for (double v : y) {
      tss += (v - mean) * (v - mean);
    }
    return new Result(tau, s[1], s[2], tss == 0 ? 1 : 1 - s[0] / tss, best < cells && best > 0);
  }

  /** {residual sum of squares, y∞, A} of the linear least squares at this τ. */
  private static double[] sse(double[] t, double[] y, double t0, double tau) {
    double n = t.length;
    double se = 0;
    double see = 0;
    double sy = 0;
    double sey = 0;
    for (int i = 0; i < t.length; i++) {
      double e = Math.exp(-(t[i] - t0) / tau);
      se += e;
      see += e * e;
      sy += y[i];
      sey += e * y[i];
    }
    double det = n * see - se * se;
    double plateau;
    double amp;
    if (Math.abs(det) < 1e-12 * n * see) {
      plateau = sy / n; // exp ≈ constant over the window: only the mean is determined
      amp = 0;
    } else {
      plateau = (see * sy - se * sey) / det;
      amp = (n * sey - se * sy) / det;
    }
    double r = 0;
    for (int i = 0; i < t.length; i++) {
      double d = y[i] - plateau - amp * Math.exp(-(t[i] - t0) / tau);
      r += d * d;
    }
    return new double[] {r, plateau, amp};
  }
}
