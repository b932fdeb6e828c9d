package phaselab.engine.model;

import phaselab.engine.nn.Module;
import phaselab.engine.tensor.Tensor;

/** A network from a batch of flat input vectors (N, in) to outputs (N, out): an MLP or a CNN over images. */
public abstract class VectorNet extends Module {
  /** x (N, in) → (N, out). */
  public abstract Tensor forward(Tensor x);

  /** A short description of the architecture for run logs. */
  public abstract String describe();
}
