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
 * @param batchSize examples per step; {@code fullBatch} when every step takes the whole training set
 * @param initialParameters the parameters at initialisation, rebuilt from the seed on demand
 */
public record ProbeContext(long step, double lr, boolean sgd, double momentum, int batchSize, boolean fullBatch, long seed,
    Supplier<Map<String, Tensor>> initialParameters) {

  /** The probe's own random stream for {@code purpose}, derived from the run seed (never a training stream). */
  public RngStream stream(String purpose) {
    return new RngStream(seed, purpose);
  }
}
