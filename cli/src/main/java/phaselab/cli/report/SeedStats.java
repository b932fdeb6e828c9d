package phaselab.cli.report;

import java.util.List;
import phaselab.lab.stats.Quantiles;

/** Statistics of a metric over seeds, as the reference curves are summarised (never a mean alone). */
final class SeedStats {
  private SeedStats() {}

  /** The q-quantile with linear interpolation between order statistics (numpy's default). */
  static double quantile(List<Double> values, double q) {
    return Quantiles.linear(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), q);
  }

  /** Fraction of values ≥ threshold. */
  static double fractionAtLeast(List<Double> values, double threshold) {
    return values.isEmpty() ? Double.NaN : values.stream().filter(x -> x >= threshold).count() / (double) values.size();
  }
}
