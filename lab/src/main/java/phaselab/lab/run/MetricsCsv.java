package phaselab.lab.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Metric rows as CSV for pandas and R: long form ({@code metrics.csv}: one row per metric row,
 * with leading columns that name the run, e.g. run and the sweep's axes) and wide form
 * ({@code wide.csv}: one row per run and step, one column per metric, empty where a metric was
 * not logged at that step). Non-finite values are written as NaN, inf, -inf (pandas reads all three).
 */
public final class MetricsCsv {
  private MetricsCsv() {}

  /** The rows of one run with its identifying columns (name → value, same keys for every run). */
  public record Run(Map<String, String> id, List<RunDir.MetricRow> rows) {}

  public static void write(Path dir, List<Run> runs) throws IOException {
    List<String> idCols = runs.isEmpty() ? List.of("run") : List.copyOf(runs.get(0).id().keySet());
    StringBuilder longForm = new StringBuilder(String.join(",", idCols) + ",step,metric,value\n");
    Set<String> metrics = new LinkedHashSet<>();
    runs.forEach(r -> r.rows().forEach(row -> metrics.add(row.metric())));
    List<String> metricCols = new ArrayList<>(metrics);
    StringBuilder wide = new StringBuilder(String.join(",", idCols) + ",step");
    metricCols.forEach(m -> wide.append(',').append(quote(m)));
    wide.append('\n');
    for (Run run : runs) {
      String id = String.join(",", idCols.stream().map(c -> quote(run.id().get(c))).toList());
      Map<Long, Map<String, Double>> bySteps = new TreeMap<>();
      for (RunDir.MetricRow row : run.rows()) {
        longForm.append(id).append(',').append(row.step()).append(',').append(quote(row.metric())).append(',')
            .append(number(row.value())).append('\n');
        bySteps.computeIfAbsent(row.step(), s -> new LinkedHashMap<>()).put(row.metric(), row.value());
      }
      for (var e : bySteps.entrySet()) {
        wide.append(id).append(',').append(e.getKey());
        for (String m : metricCols) {
          Double v = e.getValue().get(m);
          wide.append(',').append(v == null ? "" : number(v));
        }
        wide.append('\n');
      }
    }
    SafeWrite.text(dir.resolve("metrics.csv"), longForm.toString());
    SafeWrite.text(dir.resolve("wide.csv"), wide.toString());
  }

  /** Shortest repr that reads back to the same double; NaN and infinities as pandas spells them. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return Double.toString(v);
  }

  static String quote(String s) {
    if (s == null) {
      return "";
    }
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
