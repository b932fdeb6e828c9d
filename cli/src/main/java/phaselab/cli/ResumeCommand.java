package phaselab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import phaselab.lab.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab resume DIR}: continue from the newest valid checkpoint. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Continue a run from its newest valid checkpoint (corrupt ones are skipped); ends with the same bits as an uninterrupted run.")
final class ResumeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR")
  Path dir;
  @Option(names = "--threads", defaultValue = "2", description = "worker threads (results are identical for any value)")
  int threads;

  @Override
  public Integer call() throws Exception {
    Cli.threads(threads);
    RunDir run = new RunDir(dir);
    var eval = TrainRunner.run(Cli.runConfig(run), run, true);
    System.out.println("run: " + run.path());
    eval.forEach((set, r) -> System.out.printf("%s: %s%n", set, r));
    return Cli.OK;
  }
}
