package phaselab.lab.train;

import java.util.Map;
import phaselab.engine.nn.DecoderLM;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.nn.TransformerConfig;
import phaselab.engine.optim.AdamW;
import phaselab.engine.optim.Optimizer;
import phaselab.engine.optim.Schedule;
import phaselab.engine.optim.Sgd;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ExperimentConfig;

/** Builds the model, optimizer and schedule a config describes. */
public final class Factories {
  private Factories() {}

  public static TransformerConfig transformer(ExperimentConfig.ModelConfig m, int vocab) {
    return new TransformerConfig(vocab, m.width(), m.heads(), m.ffn(), m.layers(), m.maxSeq(), m.norm().equals("pre"),
        m.activation().equals("relu") ? FeedForward.Activation.RELU : FeedForward.Activation.GELU,
        switch (m.positions()) {
          case "sinusoidal" -> TransformerConfig.Positions.SINUSOIDAL;
          case "none" -> TransformerConfig.Positions.NONE;
          default -> TransformerConfig.Positions.LEARNED;
        },
        m.embedScale(), m.tied(), 0, (float) m.dropout(), 1e-5f, 0.02f);
  }

  /** The decoder LM, initialised from the "init" stream of the seed (embeddings from "init/embed" when Xavier). */
  public static DecoderLM model(ExperimentConfig c, int vocab) {
    DecoderLM lm = new DecoderLM(transformer(c.model(), vocab)).initialize(new RngStream(c.seed(), "init"));
    return c.model().xavierEmbeddings() ? lm.xavierEmbeddings(new RngStream(c.seed(), "init/embed")) : lm;
  }

  public static Optimizer optimizer(ExperimentConfig.OptimizerConfig o, Map<String, Tensor> params) {
    return switch (o.name()) {
      case "sgd" -> new Sgd(params, (float) o.momentum(), o.nesterov(), (float) o.weightDecay(), Optimizer.decayMatrices(params));
      default -> new AdamW(params, (float) o.beta1(), (float) o.beta2(), (float) o.eps(), (float) o.weightDecay(),
          Optimizer.decayMatrices(params));
    };
  }

  public static Schedule schedule(ExperimentConfig c) {
    float lr = (float) c.optimizer().lr();
    var s = c.schedule();
    return switch (s.name()) {
      case "linear" -> Schedule.linearWarmupDecay(lr, s.warmup(), c.train().steps());
      case "cosine" -> Schedule.cosine(lr, s.warmup(), c.train().steps(), (float) s.minLr());
      default -> s.warmup() > 0 ? step -> step < s.warmup() ? lr * (step + 1) / s.warmup() : lr : Schedule.constant(lr);
    };
  }
}
