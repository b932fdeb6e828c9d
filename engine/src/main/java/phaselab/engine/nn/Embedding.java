package phaselab.engine.nn;

import phaselab.engine.autograd.Gather;
import phaselab.engine.tensor.Tensor;

/** Lookup table, PyTorch's {@code nn.Embedding}: weight (V, C). */
public final class Embedding extends Module {
  public final Tensor weight; // (V, C)

  public Embedding(int vocab, int width) {
    this.weight = param("weight", vocab, width);
  }

  /** ids of the given shape, e.g. (B, T) → (B, T, C). */
  public Tensor forward(int[] ids, int... shape) {
    return Gather.embedding(weight, ids, shape);
  }
}
