package phaselab.lab.stats;

/** Quantiles of measurements (over seeds, over a group's neurons), as numpy computes them by default. */
public final class Quantiles {
  private Quantiles() {}

  /**
   * The q-quantile of ascending {@code sorted} values with linear interpolation between order
   * statistics; NaN for none. Infinite values (e.g. "never reached") are allowed: equal
   * neighbours give that value rather than ∞ − ∞.
   */
  public static double linear(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    if (sorted[lo] == sorted[hi] || pos == lo) {
      return sorted[lo];
    }
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
