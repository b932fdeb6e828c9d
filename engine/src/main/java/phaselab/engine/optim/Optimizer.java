package phaselab.engine.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import phaselab.engine.tensor.Tensor;

/**
 * Lifecycle: construct over named parameters → {@link #step(float, float)} after each backward (reads
 * {@code p.grad()}, leaves gradients untouched) → {@link #state()} / {@link #loadState} for
 * checkpoints. Weight decay applies to the parameters {@code decay} accepts (by default every
 * matrix: biases and LayerNorm parameters, rank 1, are excluded).
 */
public abstract class Optimizer {
  protected final Map<String, Tensor> params;
  protected final Predicate<String> decay;
  protected long steps;

  protected Optimizer(Map<String, Tensor> params, Predicate<String> decay) {
    this.params = new LinkedHashMap<>(params);
    this.decay = decay;
  }

  /** The usual exclusion: decay matrices only, not biases or norm gains (rank-1 tensors). */
  public static Predicate<String> decayMatrices(Map<String, Tensor> params) {
    return name -> params.get(name).rank() > 1;
  }

  /** One update with learning rate {@code lr}. Parameters without a gradient are skipped. */
  public final void step(float lr) {
    step(lr, 1f);
  }

  /**
   * One update with every gradient taken as gradScale·g, the float product gradient clipping
   * would have stored ({@link GradClip#factor}), so clip-then-step is one pass over the gradients
   * instead of two and its bits are those of scaling first. The gradients stay untouched.
   */
  public abstract void step(float lr, float gradScale);

  /** Number of steps taken. */
  public long steps() {
    return steps;
  }

  /** Named state arrays (copies), including "step". */
  public abstract Map<String, float[]> state();

  /** Restores {@link #state()}; fails naming the missing or mis-sized entry. */
  public abstract void loadState(Map<String, float[]> state);

  protected static float[] require(Map<String, float[]> state, String key, int length) {
    float[] v = state.get(key);
    if (v == null) {
      throw new IllegalArgumentException("optimizer state lacks '" + key + "' (checkpoint from a different model or optimizer?)");
    }
    if (v.length != length) {
      throw new IllegalArgumentException("optimizer state '" + key + "' has " + v.length + " values, expected " + length);
    }
    return v;
  }

  protected static float[] encodeStep(long step) {
    return new float[] {Float.intBitsToFloat((int) (step >>> 32)), Float.intBitsToFloat((int) step)};
  }

  protected static long decodeStep(float[] v) {
    return ((long) Float.floatToRawIntBits(v[0]) << 32) | (Float.floatToRawIntBits(v[1]) & 0xffffffffL);
  }
}
