package phaselab.lab.experiment;

import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.run.RunDir;
import phaselab.lab.train.Progress;
import phaselab.lab.train.Trainer;

/**
 * The assembly point of docs/architecture.md: a config becomes a workload (task data and a fresh model), its
 * probes, their context, and a trainer writing into a run directory. The packages below (task,
 * workload, probe, train) do not know one another's registries; only this package names them all.
 */
public final class Experiment {
  private Experiment() {}

  /** A trainer for {@code config} in {@code run}; IllegalArgumentException names the cause when the data cannot be had. */
  public static Trainer trainer(ExperimentConfig config, RunDir run, Progress progress) {
    return new Trainer(config, Workloads.create(config), Probes.create(config),
        (step, lr, initial) -> Probes.context(config, step, lr, initial), run, progress);
  }
}
