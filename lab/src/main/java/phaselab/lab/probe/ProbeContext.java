package phaselab.lab.probe;

import java.util.Map;
import java.util.function.Supplier;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/**
 * What a probe may know of the run besides the model it measures: the training state in effect at
 * the step (learning rate, optimizer, momentum, batch size), where its randomness comes from, and
 * the parameters at initialisation. Probes get this, not the whole config, so that what a
 * measurement depends on is visible in its signature.
 *
 * @param step the step measured (the model has taken {@code step} optimizer steps)
 * @param lr the learning rate of the update at {@code step}
 * @param sgd true for SGD (with or without momentum), false for AdamW
 * @param momentum SGD's heavy-ball μ (0 for AdamW)
 * @param nesterov SGD's momentum is Nesterov's (its modified loss is not the heavy ball's)
 * @param weightDecay the optimizer's weight decay, and {@code clip} its gradient-norm clip (0: none):
 *     either breaks the charge identity ΔC = η²(‖g_in‖² − ‖g_out‖²)
 * @param batchSize examples per step; {@code fullBatch} when every step takes the whole training set
 * @param initialParameters the parameters at initialisation (a trainer's snapshot, or rebuilt from the seed on demand)
 * @param progress where a long measurement says how far it is ({@link Progress#NONE} inside a trainer)
 */
public record ProbeContext(long step, double lr, boolean sgd, double momentum, boolean nesterov, double weightDecay, double clip,
    int batchSize, boolean fullBatch, long seed, Supplier<Map<String, Tensor>> initialParameters, Progress progress) {

  /** How far a measurement is: {@code done} of {@code total} {@code units} (e.g. "sentences"). */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (units, done, total) -> {};

    void at(String units, long done, long total);
  }

  /** The same context, reporting progress to {@code p} (`phaselab probe run` draws it on the console). */
  public ProbeContext withProgress(Progress p) {
    return new ProbeContext(step, lr, sgd, momentum, nesterov, weightDecay, clip, batchSize, fullBatch, seed, initialParameters, p);
  }

  /** How a trainer makes the context at a step: it supplies the learning rate it uses and its initial parameters. */
  @FunctionalInterface
  public interface Factory {
    ProbeContext at(long step, double lr, Supplier<Map<String, Tensor>> initialParameters);
  }

  /** True when an update is a plain (S)GD step on the loss, so the charge moves exactly by η²(‖g_in‖² − ‖g_out‖²). */
  public boolean chargeIdentityExact() {
    return sgd && momentum == 0 && weightDecay == 0 && clip == 0;
  }

  /** The probe's own random stream for {@code purpose}, derived from the run seed (never a training stream). */
  public RngStream stream(String purpose) {
    return new RngStream(seed, purpose);
  }
}
