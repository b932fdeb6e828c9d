package phaselab.cli;

import java.util.concurrent.Callable;
import phaselab.lab.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code phaselab resume DIR}: continue from the newest valid checkpoint. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Continue a run from its newest valid checkpoint (corrupt ones are skipped); ends with the same bits as an uninterrupted run.")
final class ResumeCommand implements Callable<Integer> {
  @Mixin
  RunOptions runOptions;

  @Override
  public Integer call() throws Exception {
    OpenRun opened = runOptions.open();
    RunDir run = opened.dir();
    var eval = TrainRunner.run(opened.config(), run, true);
    System.out.println("run: " + run.path());
    eval.forEach((set, r) -> System.out.printf("%s: %s%n", set, r));
    return Cli.OK;
  }
}
