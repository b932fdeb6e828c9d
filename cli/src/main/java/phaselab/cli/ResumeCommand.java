package phaselab.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import phaselab.lab.config.ConfigException;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.SafeWrite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phaselab resume DIR [--steps N]}: continue from the newest valid checkpoint, optionally further than planned. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Continue a run from its newest valid checkpoint (corrupt ones are skipped); ends with the same bits as an uninterrupted run.")
final class ResumeCommand implements Callable<Integer> {
  @Mixin
  RunOptions runOptions;
  @Option(names = "--steps", paramLabel = "N",
      description = "train on to step N, past the config's train.steps (a finished run continues): the same bits as a run planned for N "
          + "steps; refused when the learning-rate schedule depends on train.steps")
  Integer steps;

  @Override
  public Integer call() throws Exception {
    OpenRun opened = runOptions.open();
    RunDir run = opened.dir();
    ExperimentConfig config = steps == null ? opened.config() : extend(run, opened.config(), steps);
    var eval = TrainRunner.run(config, run, true);
    System.out.println("run: " + run.path());
    eval.forEach((set, r) -> System.out.printf("%s: %s%n", set, r));
    return Cli.OK;
  }

  /**
   * The run's config with train.steps = {@code steps}, written back to the run. Allowed only where
   * nothing already trained depends on train.steps: a constant rate after warm-up, or a decay that
   * ends past the planned end (question-paper.yaml's linear decay over 2M steps), so the continued
   * run is the run a config with {@code steps} would have made.
   */
  static ExperimentConfig extend(RunDir run, ExperimentConfig config, int steps) throws IOException {
    int planned = config.train().steps();
    if (steps <= planned) {
      throw new Cli.UserError("--steps " + steps + " does not extend the run: its config already trains to step " + planned
          + "; give a larger N, or leave --steps out to resume as planned");
    }
    ExperimentConfig longer;
    try {
      longer = ConfigLoader.loadResolved(run.config(), run.path().getFileName().toString(), List.of("train.steps=" + steps));
    } catch (ConfigException e) {
      throw new Cli.UserError(run.config() + ": " + e.getMessage());
    }
    var schedule = config.schedule();
    boolean decays = schedule.name() != ExperimentConfig.ScheduleConfig.Kind.CONSTANT;
    if (!longer.schedule().equals(schedule) || decays && schedule.decaySteps() <= planned) {
      // the resolved config names decay_steps even where the user left it to default to train.steps, so a decay
      // that ends at (or before) the planned end is taken as one that was meant to end there
      throw new Cli.UserError("cannot extend " + run.path() + " to " + steps + " steps: its " + schedule.name().toString()
          .toLowerCase(java.util.Locale.ROOT) + " schedule ends at step " + schedule.decaySteps() + " (train.steps was " + planned
          + "), so the steps after it would run at the schedule's floor, not as in a run planned for " + steps + " steps. Train a new "
          + "run with train.steps=" + steps + " (set schedule.decay_steps beyond train.steps from the start to make a run extensible)");
    }
    SafeWrite.text(run.config(), ConfigLoader.toYaml(longer));
    run.log("train.steps " + planned + " → " + steps + " (phaselab resume --steps)");
    return longer;
  }
}
