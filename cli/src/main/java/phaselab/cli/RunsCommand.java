package phaselab.cli;

import phaselab.lab.run.RunRow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code phaselab runs [DIR]}: one row per run with its status and headline metrics. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Table of the runs under a folder (default runs/).")
final class RunsCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "runs")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new Cli.UserError("'" + dir + "' is not a folder; train something first (phaselab demo) or name a folder of runs");
    }
    System.out.printf("%-28s %-13s %-18s %10s %9s %-9s %9s %9s  %s%n", "run", "task", "model", "params", "step", "status", "main", "other",
        "(main / other)");
    for (RunRow r : RunRow.all(dir)) {
      if (r.error() != null) {
        System.out.printf("%-28s (unreadable config: %s)%n", r.path(), r.error());
        continue;
      }
      System.out.printf("%-28s %-13s %-18s %10d %9d %-9s %9s %9s  (%s / %s)%n", r.path(), r.task(), r.model(), r.params(), r.step(),
          r.status(), fmt(r.main()), fmt(r.other()), r.mainMetric().substring(5), r.otherMetric().substring(5));
    }
    return Cli.OK;
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format("%.4f", v);
  }
}
