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
    System.out.printf("%-28s %-13s %-18s %10s %9s %9s %9s  %s%n", "run", "task", "model", "params", "step", "main", "other", "(main / other)");
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
      String[] col = columns(c);
      String shape = m.kind().equals("mlp") ? "mlp " + m.hidden() : m.layers() + "L d" + m.width() + " h" + m.heads();
      System.out.printf("%-28s %-13s %-18s %10d %9d %9s %9s  (%s / %s)%n", dir.relativize(p), c.task().name(), shape, params, step,
          fmt(last.get(col[0])), fmt(last.get(col[1])), col[0].substring(5), col[1].substring(5));
    }
    return Cli.OK;
  }

  /** The two eval metrics a run is summarised by: the generalisation one first. */
  static String[] columns(ExperimentConfig c) {
    return switch (c.task().name()) {
      case "fashion_mnist", "relation" -> new String[] {"eval/test/accuracy", "eval/train/accuracy"};
      case "teacher" -> new String[] {"eval/test/loss", "eval/train/loss"};
      case "mlm" -> new String[] {"eval/heldout/mlm_accuracy", "eval/heldout/loss"};
      default -> new String[] {"eval/ood/" + headline(c), "eval/id/" + headline(c)};
    };
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
