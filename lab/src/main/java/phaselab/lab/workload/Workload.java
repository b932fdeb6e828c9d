package phaselab.lab.workload;

import java.util.Map;
import phaselab.engine.nn.Dropout;
import phaselab.engine.nn.Module;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/**
 * What the {@link Trainer} trains: a model, a pool of training examples addressed by index, the
 * loss of any subset of them, and the evaluation of the model. The trainer owns the loop, the
 * random streams and the checkpoints; a workload owns the data and the forward pass. Probes see the
 * same object, so a measurement (a gradient on a fixed probe set, a Hessian-vector product) uses
 * exactly the loss the optimizer descends.
 */
public interface Workload {
  /** The trained model (its named parameters are what checkpoints hold). */
  Module model();

  /** Number of training examples; batches are index sets into 0..trainSize−1. */
  int trainSize();

  /**
   * Mean loss over the training examples {@code examples}, recorded on the tape. Evaluation and
   * probes call this form; with {@link Dropout#EVAL} it is a fixed function of the model.
   */
  Tensor loss(int[] examples, Dropout dropout);

  /**
   * The loss of a training step: as {@link #loss(int[], Dropout)}, with {@code masking} the run's
   * stream for what a task draws per step besides dropout (MLM's masks). Tasks that draw nothing
   * ignore it.
   */
  default Tensor loss(int[] examples, Dropout dropout, RngStream masking) {
    return loss(examples, dropout);
  }

  /**
   * Evaluates the model on every evaluation set (its first {@code limit} examples): set name →
   * metric name → value. Must not change the model.
   */
  Map<String, Map<String, Double>> evaluate(int limit);

  /** The metric a run reports as its headline for an evaluation set. */
  String headlineMetric();

  /** One line for the run log: what is trained on what. */
  String describe();
}
