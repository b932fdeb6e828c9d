package phaselab.engine.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Activation and gradient buffers reused across training steps of the same shapes
 * (docs/architecture.md: no garbage on the hot path).
 *
 * <p>While a scope is open on a thread, every array that thread's ops ask for through
 * {@link #floats} ({@link Tensor#zeros} outputs, their gradients, ops' saved statistics) is the
 * array handed out at the same position of the previous scope, zeroed, when its length matches;
 * otherwise a new one, which then takes that position. A step repeats the same sequence of
 * requests, so from the second step on it allocates (almost) nothing. Values are unchanged: a
 * reused array is zero exactly like a new one (tested: training with and without the arena gives
 * the same bits).
 *
 * <p>The contract: an array, and so a tensor, handed out in a scope is valid until the same
 * arena's next scope opens. Whatever must outlive the step (a loss value, a metric) is read
 * before then; parameters, optimizer state and tensors made outside a scope never come from it.
 * Other threads (kernel workers) are unaffected and allocate as usual.
 */
public final class Arena {
  private static final ThreadLocal<Arena> OPEN = new ThreadLocal<>();
  /** {@code -Dphaselab.arena=off} turns every arena into plain allocation (for comparisons). */
  private static volatile boolean enabled = !"off".equals(System.getProperty("phaselab.arena"));

  private final List<float[]> buffers = new ArrayList<>();
  private int next;
  private long reusedFloats;
  private long allocatedFloats;

  /** Opens a scope on the calling thread; close it (try-with-resources) at the end of the step. */
  public Scope open() {
    if (OPEN.get() != null) {
      throw new IllegalStateException("an arena scope is already open on this thread; scopes do not nest");
    }
    if (enabled) {
      OPEN.set(this);
    }
    next = 0;
    return new Scope(this);
  }

  /**
   * Turns reuse on or off for scopes opened from now on (off: every request is a new array).
   * For tests and comparisons: results are the same either way.
   */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /** True while a scope of some arena is open on the calling thread. */
  static boolean active() {
    return OPEN.get() != null;
  }

  /** A zeroed array of n floats: from the open scope's arena when there is one, else new. */
  public static float[] floats(int n) {
    Arena a = OPEN.get();
    return a == null ? new float[n] : a.take(n, true);
  }

  /**
   * An array of n floats whose contents are undefined (a reused buffer keeps the last step's
   * values): only for outputs the caller overwrites entirely. Zeroing what is overwritten anyway
   * was a serial pass over every activation of the step.
   */
  public static float[] uninitialized(int n) {
    Arena a = OPEN.get();
    return a == null ? new float[n] : a.take(n, false);
  }

  private float[] take(int n, boolean zero) {
    if (next < buffers.size()) {
      float[] b = buffers.get(next);
      if (b.length == n) {
        next++;
        if (zero) {
          fill(b);
        }
        reusedFloats += n;
        return b;
      }
    }
    float[] fresh = new float[n];
    allocatedFloats += n;
    if (next < buffers.size()) {
      buffers.set(next, fresh); // the sequence changed here: this position now holds the new length
    } else {
      buffers.add(fresh);
    }
    next++;
    return fresh;
  }

  /** Zeroes b, in parallel when it is large (zeroing a gradient is a pass over memory). */
  private static void fill(float[] b) {
    if (b.length < (1 << 18)) {
      Arrays.fill(b, 0f);
    } else {
      Parallel.forChunks(b.length, 1 << 16, (s, e) -> Arrays.fill(b, s, e, 0f));
    }
  }

  /** Bytes this arena holds. */
  public long bytesHeld() {
    long s = 0;
    for (float[] b : buffers) {
      s += 4L * b.length;
    }
    return s;
  }

  /** Fraction of requested floats served by reuse since the arena was made (1 in steady state). */
  public double reuseFraction() {
    long total = reusedFloats + allocatedFloats;
    return total == 0 ? 0 : (double) reusedFloats / total;
  }

  /** An open scope; closing it ends the step for this arena. */
  public static final class Scope implements AutoCloseable {
    private final Arena arena;
    private boolean closed;

    private Scope(Arena arena) {
      this.arena = arena;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (OPEN.get() == arena) {
          OPEN.remove();
        }
      }
    }
  }
}
