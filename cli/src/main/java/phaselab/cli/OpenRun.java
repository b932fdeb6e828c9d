package phaselab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.run.RunDir;
import phaselab.lab.train.Checkpoint;
import phaselab.lab.workload.Workload;

/** A run directory with its resolved config read, and its model at any checkpoint: what commands on a run start from. */
record OpenRun(RunDir dir, ExperimentConfig config) {

  /** Reads {@code path}'s config; a user error when it is not a run directory or its config does not read. */
  static OpenRun of(Path path) {
    RunDir run = new RunDir(path);
    return new OpenRun(run, phaselab.lab.run.RunConfig.read(run));
  }

  /** A fresh workload of the run's config (data and the model as initialised); a user error when its data cannot be had. */
  Workload workload() {
    try {
      return Workloads.create(config);
    } catch (IllegalArgumentException e) {
      throw new Cli.UserError(e.getMessage());
    }
  }

  /** The workload with the parameters of checkpoint {@code step} (step 0 without a checkpoint: the initialisation). */
  Workload at(long step) {
    Workload w = workload();
    if (step == 0 && !dir.checkpointSteps().contains(0L)) {
      return w; // the initialisation is a pure function of the seed
    }
    try {
      Checkpoint.loadParams(dir.checkpoint(step), w.model().namedParameters());
    } catch (IOException e) {
      throw new Cli.UserError(e.getMessage());
    }
    return w;
  }

  /** {@code only} if it is a checkpoint (or 0, the initialisation), else the initialisation and every checkpoint, in order. */
  List<Long> steps(Long only) {
    List<Long> steps = new ArrayList<>(dir.checkpointSteps());
    if (steps.isEmpty()) {
      throw new Cli.UserError("'" + dir.path() + "' has no checkpoints yet; train or resume it first");
    }
    if (only != null) {
      if (!steps.contains(only) && only != 0) {
        throw new Cli.UserError("no checkpoint for step " + only + " in " + dir.checkpoints() + "; available: " + steps);
      }
      return List.of(only);
    }
    if (!steps.contains(0L)) {
      steps.add(0L); // the initialisation, rebuilt from the seed
    }
    steps.sort(null);
    return steps;
  }
}
