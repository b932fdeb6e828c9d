package phaselab.lab.train;

import java.util.Map;
import phaselab.engine.optim.AdamW;
import phaselab.engine.optim.Optimizer;
import phaselab.engine.optim.Schedule;
import phaselab.engine.optim.Sgd;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ExperimentConfig;

/** Builds the optimizer and learning-rate schedule a config describes. */
public final class Optimizers {
  private Optimizers() {}

  public static Optimizer optimizer(ExperimentConfig.OptimizerConfig o, Map<String, Tensor> params) {
    return switch (o.name()) {
      case SGD -> new Sgd(params, (float) o.momentum(), o.nesterov(), (float) o.weightDecay(), Optimizer.decayMatrices(params));
      case ADAMW -> new AdamW(params, (float) o.beta1(), (float) o.beta2(), (float) o.eps(), (float) o.weightDecay(),
          Optimizer.decayMatrices(params));
    };
  }

  public static Schedule schedule(ExperimentConfig c) {
    float lr = (float) c.optimizer().lr();
    var s = c.schedule();
    return switch (s.name()) {
      case LINEAR -> Schedule.linearWarmupDecay(lr, s.warmup(), s.decaySteps());
      case COSINE -> Schedule.cosine(lr, s.warmup(), s.decaySteps(), (float) s.minLr());
      case CONSTANT -> s.warmup() > 0 ? step -> step < s.warmup() ? lr * (step + 1) / s.warmup() : lr : Schedule.constant(lr);
    };
  }
}
