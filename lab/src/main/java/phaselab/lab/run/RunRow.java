package phaselab.lab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.config.MlpConfig;
import phaselab.lab.config.TaskKind;
import phaselab.lab.config.TransformerModelConfig;

/**
 * One run as {@code phaselab runs} and the dashboard list it: where it is, what it trains, how far
 * it got, its status and its two headline metrics (the task's, from {@link TaskKind}).
 *
 * @param path the run's folder relative to the folder listed
 * @param error why the config could not be read (then the other fields are empty)
 */
public record RunRow(String path, String task, String model, long params, long step, String status, String mainMetric, Double main,
    String otherMetric, Double other, String error) {

  /** The runs under {@code root} (three levels deep: runs, sweeps of runs), in path order. */
  public static List<Path> find(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root, 3)) {
      return s.filter(p -> Files.isRegularFile(p.resolve(RunDir.CONFIG))).sorted().toList();
    }
  }

  /** The last value of every metric of a metrics.jsonl, and the last step it reached. */
  public record LastValues(Map<String, Double> values, long step) {
    public static LastValues of(Path metricsJsonl) throws IOException {
      Map<String, Double> last = new TreeMap<>();
      long step = 0;
      for (RunDir.MetricRow r : RunDir.readMetricRows(metricsJsonl)) {
        last.put(r.metric(), r.value());
        step = Math.max(step, r.step());
      }
      return new LastValues(last, step);
    }
  }

  public static RunRow of(Path root, Path runPath) throws IOException {
    return of(root, runPath, LastValues::of);
  }

  /** {@code lastValues}: how to read a run's metrics.jsonl (the dashboard keeps them until the file changes). */
  public static RunRow of(Path root, Path runPath, Reader<LastValues> lastValues) throws IOException {
    RunDir run = new RunDir(runPath);
    String rel = root.relativize(runPath).toString();
    ExperimentConfig c;
    try {
      c = RunConfig.read(run);
    } catch (RunFolderException e) {
      return new RunRow(rel, "", "", 0, 0, run.status().label(), "", null, "", null, e.getMessage());
    }
    LastValues lv = lastValues.read(run.metrics());
    Map<String, Double> last = lv.values();
    TaskKind kind = c.task().kind();
    return new RunRow(rel, c.task().name(), shape(c), Math.round(last.getOrDefault("model/params", 0.0)), lv.step(), run.status().label(),
        kind.mainMetric(), last.get(kind.mainMetric()), kind.otherMetric(), last.get(kind.otherMetric()), null);
  }

  /** Reads what a run's file holds. */
  public interface Reader<T> {
    T read(Path file) throws IOException;
  }

  /** Every run under {@code root}. */
  public static List<RunRow> all(Path root) throws IOException {
    return all(root, LastValues::of);
  }

  public static List<RunRow> all(Path root, Reader<LastValues> lastValues) throws IOException {
    List<RunRow> rows = new ArrayList<>();
    for (Path p : find(root)) {
      rows.add(of(root, p, lastValues));
    }
    return rows;
  }

  /** "4L d128 h4" or "mlp [256, 256]". */
  static String shape(ExperimentConfig c) {
    return switch (c.model()) {
      case MlpConfig m -> "mlp " + m.hidden();
      case phaselab.lab.config.CnnConfig m -> "cnn " + m.filters();
      case TransformerModelConfig m -> m.layers() + "L d" + m.width() + " h" + m.heads();
    };
  }
}
