package phaselab.lab.experiment;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.probe.Probe;
import phaselab.lab.probe.ProbeContext;
import phaselab.lab.train.Optimizers;

/** The probes a config lists, built from their specs ({@link ProbeRegistry}), and the context they measure in. */
public final class Probes {
  private Probes() {}

  /** The probes {@code probes.names} lists, in that order. */
  public static List<Probe> create(ExperimentConfig config) {
    return config.probes().names().stream().map(n -> create(n, config)).toList();
  }

  public static Probe create(String name, ExperimentConfig config) {
    return ProbeRegistry.spec(name).create().apply(config);
  }

  /**
   * The context of a probe at {@code step} of a run of {@code config}, outside a trainer (`phaselab
   * probe` on saved checkpoints): the learning rate the schedule gives that step.
   */
  public static ProbeContext context(ExperimentConfig config, long step, Supplier<Map<String, Tensor>> initial) {
    return context(config, step, Optimizers.schedule(config).lr(step), initial);
  }

  /**
   * The context of a probe at {@code step}: the learning rate in effect ({@code lr}, as the trainer
   * has it), the optimizer's momentum, the batch, the seed, and the initial parameters.
   */
  public static ProbeContext context(ExperimentConfig config, long step, double lr, Supplier<Map<String, Tensor>> initial) {
    var o = config.optimizer();
    boolean sgd = o.name() == ExperimentConfig.OptimizerConfig.Kind.SGD;
    return new ProbeContext(step, lr, sgd, sgd ? o.momentum() : 0, sgd && o.nesterov(), o.weightDecay(),
        o.clip(), config.train().batchSize(), config.train().fullBatch(), config.seed(), initial, ProbeContext.Progress.NONE);
  }

  /**
   * The initial parameters of a run of {@code config} for probing saved checkpoints, rebuilt from
   * the seed (the whole workload) once on first use. A trainer snapshots its own at construction.
   */
  public static Supplier<Map<String, Tensor>> initialParameters(ExperimentConfig config) {
    return new Supplier<>() {
      private Map<String, Tensor> params;

      @Override
      public synchronized Map<String, Tensor> get() {
        if (params == null) {
          params = Workloads.create(config).model().namedParameters();
        }
        return params;
      }
    };
  }
}
