package phaselab.cli.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import phaselab.lab.run.RunRow;
import phaselab.cli.report.GrokkingReference;
import phaselab.cli.report.ReportWriter;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.RunStatus;
import phaselab.lab.sweep.SweepRunner;
import phaselab.lab.sweep.SweepSpec;

/**
 * The dashboard's JSON: answers are built from the run directories alone, at each request (a run
 * being trained by another process shows its new rows at the next poll).
 *
 * <ul>
 *   <li>{@code runs}: every run under the folder (the rows of {@code phaselab runs}) and every sweep;
 *   <li>{@code run?path=P}: a run's status, resolved config, last log lines, checkpoints and the
 *       chart group of each metric (the HTML report's grouping);
 *   <li>{@code metrics?path=P&from=OFFSET}: the metric rows written since byte OFFSET ({@link MetricsTail});
 *   <li>{@code sweep?path=P}: the status grid of {@code phaselab sweep status}, each point's depth,
 *       seed and headline curves, and the reference curves of Murty et al.
 * </ul>
 */
final class DashboardApi {
  private static final int LOG_LINES = 40;
  private final RunFolder folder;
  /** Per metrics.jsonl, until it changes: the runs table's last values, and the eval curves of the sweep page. */
  private final FileCache<RunRow.LastValues> lastValues = new FileCache<>(RunRow.LastValues::of);
  private final FileCache<Map<String, List<double[]>>> evalCurves = new FileCache<>(DashboardApi::evalCurves);

  DashboardApi(RunFolder folder) {
    this.folder = folder;
  }

  /** An HTTP status and the JSON body. */
  record Reply(int status, Object body) {}

  Reply answer(String endpoint, Map<String, String> q) throws IOException {
    return switch (endpoint) {
      case "runs" -> new Reply(200, runs());
      case "run" -> folder.run(q.get("path")).map(r -> ok(() -> run(r))).orElseGet(() -> notFound("run", q.get("path")));
      case "metrics" -> folder.run(q.get("path")).map(r -> ok(() -> metrics(r, offset(q.get("from")))))
          .orElseGet(() -> notFound("run", q.get("path")));
      case "sweep" -> folder.sweep(q.get("path")).map(s -> ok(() -> sweep(s))).orElseGet(() -> notFound("sweep", q.get("path")));
      default -> new Reply(404, Map.of("error", "no such endpoint: /api/" + endpoint));
    };
  }

  private static Reply notFound(String what, String path) {
    return new Reply(404, Map.of("error", "no " + what + " '" + path + "' in the folder served"));
  }

  private interface Body {
    Object get() throws IOException;
  }

  private static Reply ok(Body body) {
    try {
      return new Reply(200, body.get());
    } catch (IOException e) {
      return new Reply(500, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  private static long offset(String from) {
    try {
      return from == null ? 0 : Long.parseLong(from);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Map<String, Object> runs() throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("folder", folder.root().toString());
    out.put("runs", RunRow.all(folder.root(), lastValues));
    List<Map<String, Object>> sweeps = new ArrayList<>();
    try (Stream<Path> s = Files.walk(folder.root(), 2)) {
      for (Path p : s.filter(p -> Files.isRegularFile(p.resolve("sweep.yaml"))).sorted().toList()) {
        sweeps.add(Map.of("path", folder.name(p), "points", SweepSpec.load(p.resolve("sweep.yaml")).points().size()));
      }
    } catch (RuntimeException e) {
      // a sweep.yaml that does not read: listed by phaselab sweep status with its error
    }
    out.put("sweeps", sweeps);
    return out;
  }

  private Map<String, Object> run(RunDir run) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", folder.name(run.path()));
    out.put("status", run.status().label());
    out.put("config", Files.exists(run.config()) ? Files.readString(run.config()) : "");
    List<String> log = Files.exists(run.log()) ? Files.readAllLines(run.log()) : List.of();
    out.put("log", log.subList(Math.max(0, log.size() - LOG_LINES), log.size()));
    List<Long> checkpoints = new ArrayList<>(run.checkpointSteps());
    checkpoints.sort(null);
    out.put("checkpoints", checkpoints);
    try {
      ExperimentConfig c = phaselab.lab.run.RunConfig.read(run);
      out.put("task", c.task().name());
      out.put("main_metric", c.task().kind().mainMetric());
      out.put("reference", GrokkingReference.accuracyCurves(c));
    } catch (phaselab.lab.run.RunFolderException e) {
      out.put("config_error", e.getMessage());
    }
    return out;
  }

  /** The rows since {@code from}, with the chart group of each metric among them (the report's grouping). */
  private static Map<String, Object> metrics(RunDir run, long from) throws IOException {
    MetricsTail t = MetricsTail.read(run.metrics(), from);
    Map<String, String> groups = new LinkedHashMap<>();
    for (Object[] row : t.rows()) {
      String metric = (String) row[1];
      String g = groups.containsKey(metric) ? null : ReportWriter.group(metric);
      if (g != null) {
        groups.put(metric, g);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", t.rows());
    out.put("offset", t.offset());
    out.put("reset", t.reset());
    out.put("more", t.more());
    out.put("groups", groups);
    return out;
  }

  /** Every eval/ metric of a metrics.jsonl as (step, value) points. */
  private static Map<String, List<double[]>> evalCurves(Path metricsJsonl) throws IOException {
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    for (RunDir.MetricRow r : RunDir.readMetricRows(metricsJsonl)) {
      if (r.metric().startsWith("eval/")) {
        curves.computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(new double[] {r.step(), r.value()});
      }
    }
    return curves;
  }

  private Map<String, Object> sweep(Path dir) throws IOException {
    SweepSpec spec = SweepSpec.load(dir.resolve("sweep.yaml"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", folder.name(dir));
    out.put("name", spec.name());
    List<Map<String, Object>> points = new ArrayList<>();
    Optional<ExperimentConfig> first = Optional.empty();
    for (SweepSpec.Point p : spec.points()) {
      Path runPath = dir.resolve(p.id());
      RunDir run = new RunDir(runPath);
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("id", p.id());
      point.put("overrides", p.overrides());
      String state = SweepRunner.state(runPath);
      point.put("state", run.exists() && run.status() == RunStatus.RUNNING ? "running" : state);
      Path log = dir.resolve("logs").resolve(p.id() + ".log");
      point.put("last_log", Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> !l.startsWith("WARNING"))
          .reduce((a, b) -> b).orElse("") : "");
      if (run.exists()) {
        try {
          ExperimentConfig c = phaselab.lab.run.RunConfig.read(run);
          first = first.or(() -> Optional.of(c));
          point.put("depth", c.model().layers());
          point.put("seed", c.seed());
          Map<String, List<double[]>> all = evalCurves.read(run.metrics());
          Map<String, List<double[]>> curves = new LinkedHashMap<>();
          for (String metric : List.of(c.task().kind().mainMetric(), c.task().kind().otherMetric())) {
            curves.put(metric, all.getOrDefault(metric, List.of()));
          }
          point.put("curves", curves);
        } catch (phaselab.lab.run.RunFolderException e) {
          point.put("config_error", e.getMessage());
        }
      }
      points.add(point);
    }
    out.put("points", points);
    first.ifPresent(c -> {
      out.put("main_metric", c.task().kind().mainMetric());
      out.put("other_metric", c.task().kind().otherMetric());
      out.put("reference", GrokkingReference.accuracyCurves(c));
    });
    return out;
  }
}
