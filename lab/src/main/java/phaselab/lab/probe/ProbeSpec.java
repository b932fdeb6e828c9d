package phaselab.lab.probe;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.config.ModelKind;

/**
 * A probe as the registry knows it: everything beyond its own class that the rest of phaselab
 * needs, declared in one place beside the probe.
 *
 * @param name its config name ({@code probes.names})
 * @param models the model kinds it can measure (all of them when empty)
 * @param refusal why it cannot measure another kind, as the config error says it
 * @param settings how its settings are read from its own section, {@code probes.NAME}; null for a probe without settings
 * @param metrics the metric names it writes, as prefixes of the keys it returns (without {@code probe/}); a
 *     test checks that every key a probe returns starts with one, so a renamed metric cannot drop its chart
 * @param charts the chart group of each of its metrics (the full {@code probe/...} name), or null for one
 *     shown in tables only; reports and the dashboard group by it
 * @param create builds the probe with its settings from a run's config
 */
public record ProbeSpec(String name, Set<ModelKind> models, String refusal, ProbeSettings<?> settings, List<String> metrics,
    Function<String, String> charts, Function<ExperimentConfig, Probe> create) {

  /** Metric names as the trainer writes them: {@code probe/} + the key a probe returns. */
  public static final String PREFIX = "probe/";

  /** True when this probe writes {@code metric} (a full {@code probe/...} name). */
  public boolean writes(String metric) {
    if (!metric.startsWith(PREFIX)) {
      return false;
    }
    String key = metric.substring(PREFIX.length());
    return metrics.stream().anyMatch(key::startsWith);
  }

  /** The default chart of a metric: one chart per top-level name ("Probe: weight_norm"). */
  public static String ownChart(String metric) {
    return "Probe: " + metric.split("/")[1];
  }
}
