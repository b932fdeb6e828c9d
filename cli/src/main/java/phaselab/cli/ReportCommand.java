package phaselab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import phaselab.lab.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab report DIR}: writes DIR/report.html and DIR/charts/. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write RUN_DIR/report.html (self-contained) and charts as SVG and PNG.")
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR")
  Path dir;
  @Option(names = "--log-steps", description = "log-scaled step axis (grokking curves)")
  boolean logSteps;

  @Override
  public Integer call() throws Exception {
    RunDir run = new RunDir(dir);
    Cli.runConfig(run); // fails clearly when DIR is not a run
    System.out.println("report: " + ReportWriter.write(run, logSteps));
    return Cli.OK;
  }
}
