package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code phaselab runs [DIR]}: one row per run with its headline metrics. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Table of the runs under a folder (default runs/).")
final class RunsCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "runs")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new Cli.UserError("'" + dir + "' is not a folder; train something first (phaselab demo) or name a folder of runs");
    }
    List<Path> runs = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir, 3)) {
      s.filter(p -> Files.isRegularFile(p.resolve(RunDir.CONFIG))).sorted().forEach(runs::add);
    }
    System.out.printf("%-28s %-8s %-18s %10s %9s %9s %9s%n", "run", "task", "model", "params", "step", "id_acc", "ood_acc");
    for (Path p : runs) {
      RunDir run = new RunDir(p);
      ExperimentConfig c;
      try {
        c = Cli.runConfig(run);
      } catch (Cli.UserError e) {
        System.out.printf("%-28s (unreadable config: %s)%n", dir.relativize(p), e.getMessage());
        continue;
      }
      Map<String, Double> last = new TreeMap<>();
      long step = 0;
      for (RunDir.MetricRow r : run.readMetrics()) {
        last.put(r.metric(), r.value());
        step = Math.max(step, r.step());
      }
      var m = c.model();
      long params = Math.round(last.getOrDefault("model/params", 0.0));
      System.out.printf("%-28s %-8s %-18s %10d %9d %9s %9s%n", dir.relativize(p), c.task().name(),
          m.layers() + "L d" + m.width() + " h" + m.heads(), params, step,
          fmt(last.get("eval/id/" + headline(c))), fmt(last.get("eval/ood/" + headline(c))));
    }
    return Cli.OK;
  }

  /** The task's headline metric name, from the config alone (no data generation). */
  static String headline(ExperimentConfig c) {
    return switch (c.task().name()) {
      case "question" -> "first_word_acc";
      case "tense" -> "sequence_acc";
      default -> "closing_acc";
    };
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format("%.4f", v);
  }
}
