package phaselab.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Statistics of a metric over seeds, as the reference curves are summarised (never a mean alone). */
final class SeedStats {
  private SeedStats() {}

  /** The q-quantile with linear interpolation between order statistics (numpy's default). */
  static double quantile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    double pos = q * (v.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(v.size() - 1, lo + 1);
    return v.get(lo) + (pos - lo) * (v.get(hi) - v.get(lo));
  }

  /** Fraction of values ≥ threshold. */
  static double fractionAtLeast(List<Double> values, double threshold) {
    return values.isEmpty() ? Double.NaN : values.stream().filter(x -> x >= threshold).count() / (double) values.size();
  }
}
