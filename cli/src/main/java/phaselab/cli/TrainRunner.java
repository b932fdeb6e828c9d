package phaselab.cli;

import java.io.IOException;
import java.util.Map;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.experiment.Experiment;
import phaselab.lab.run.RunDir;
import phaselab.lab.train.Progress;
import phaselab.lab.train.Trainer;

/** Runs a trainer with SIGINT/SIGTERM mapped to "checkpoint and stop". */
final class TrainRunner {
  private TrainRunner() {}

  static Map<String, Map<String, Double>> run(ExperimentConfig config, RunDir run, boolean resume) throws IOException {
    Progress progress = new ConsoleProgress(System.out, ConsoleProgress.isTerminal(), config.train().steps());
    Trainer trainer;
    try {
      trainer = Experiment.trainer(config, run, progress);
    } catch (IllegalArgumentException e) {
      throw new Cli.UserError(e.getMessage());
    }
    if (resume) {
      trainer.resume();
    } else {
      trainer.start();
    }
    installSignals(trainer);
    return trainer.run();
  }

  /** SIGINT and SIGTERM ask the loop to write a checkpoint and stop at the next step. */
  @SuppressWarnings("restriction")
  private static void installSignals(Trainer trainer) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> trainer.requestStop());
      } catch (IllegalArgumentException e) {
        // signal not available on this platform: the run just cannot be stopped gracefully
      }
    }
  }
}
