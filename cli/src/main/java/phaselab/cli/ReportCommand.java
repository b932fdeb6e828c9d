package phaselab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import phaselab.cli.report.ReportWriter;
import phaselab.cli.report.SweepReportWriter;
import phaselab.lab.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab report DIR}: writes DIR/report.html and DIR/charts/. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write DIR/report.html (self-contained) and charts as SVG and PNG, for a run or a sweep directory.")
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR")
  Path dir;
  @Option(names = "--log-steps", description = "log-scaled step axis (grokking curves)")
  boolean logSteps;

  @Override
  public Integer call() throws Exception {
    if (java.nio.file.Files.isRegularFile(dir.resolve("sweep.yaml"))) {
      System.out.println("report: " + SweepReportWriter.write(dir, logSteps));
      return Cli.OK;
    }
    RunDir run = new RunDir(dir);
    phaselab.lab.run.RunConfig.read(run); // fails clearly when DIR is not a run
    System.out.println("report: " + ReportWriter.write(run, logSteps));
    return Cli.OK;
  }
}
