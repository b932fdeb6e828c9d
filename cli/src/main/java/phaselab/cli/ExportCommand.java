package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phaselab.lab.run.MetricsCsv;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.TensorBoardEvents;
import phaselab.lab.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab export RUN|SWEEP --to DIR}: metrics for pandas (CSV) and TensorBoard (event files). */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a run's or a sweep's metrics: metrics.csv (long: run, [sweep axes,] step, metric, value), wide.csv "
        + "(one row per run and step, one column per metric) and TensorBoard event files under tensorboard/RUN/ "
        + "(tensorboard --logdir DIR/tensorboard). NaN is written as NaN.")
final class ExportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN|SWEEP", description = "a run directory or a sweep directory (with sweep.yaml)")
  Path source;
  @Option(names = "--to", paramLabel = "DIR", required = true, description = "where the files go (created if absent)")
  Path to;
  @Option(names = "--no-tensorboard", description = "CSV only")
  boolean noTensorBoard;

  @Override
  public Integer call() throws Exception {
    List<MetricsCsv.Run> runs = new ArrayList<>();
    if (Files.isRegularFile(source.resolve("sweep.yaml"))) {
      SweepSpec spec = SweepSpec.load(source.resolve("sweep.yaml"));
      for (SweepSpec.Point p : spec.points()) {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("run", p.id());
        for (String o : p.overrides()) {
          String key = o.substring(0, o.indexOf('='));
          if (spec.variedKeys().contains(key)) {
            id.put(key, o.substring(o.indexOf('=') + 1));
          }
        }
        runs.add(new MetricsCsv.Run(id, new RunDir(source.resolve(p.id())).readMetrics()));
      }
    } else if (Files.isRegularFile(source.resolve(RunDir.METRICS))) {
      runs.add(new MetricsCsv.Run(Map.of("run", source.toAbsolutePath().normalize().getFileName().toString()),
          new RunDir(source).readMetrics()));
    } else {
      throw new Cli.UserError("'" + source + "' is neither a run (no " + RunDir.METRICS + ") nor a sweep (no sweep.yaml)");
    }
    Files.createDirectories(to);
    MetricsCsv.write(to, runs);
    long rows = runs.stream().mapToLong(r -> r.rows().size()).sum();
    System.out.printf("%s: %,d rows of %d run(s) -> %s, %s%n", source, rows, runs.size(), to.resolve("metrics.csv"), to.resolve("wide.csv"));
    if (!noTensorBoard) {
      for (MetricsCsv.Run r : runs) {
        Path dir = Files.createDirectories(to.resolve("tensorboard").resolve(r.id().get("run")));
        TensorBoardEvents.write(dir, r.rows());
      }
      System.out.println("TensorBoard: tensorboard --logdir " + to.resolve("tensorboard"));
    }
    return 0;
  }
}
