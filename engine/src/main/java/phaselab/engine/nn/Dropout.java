package phaselab.engine.nn;

import phaselab.engine.autograd.Pointwise;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/**
 * Whether a forward pass trains (dropout on) and the stream its dropout masks come from. Eval
 * passes use {@link #EVAL}.
 */
public record Dropout(float p, RngStream rng) {
  public static final Dropout EVAL = new Dropout(0f, null);

  public Tensor apply(Tensor x) {
    return p > 0f ? Pointwise.dropout(x, p, rng) : x;
  }
}
