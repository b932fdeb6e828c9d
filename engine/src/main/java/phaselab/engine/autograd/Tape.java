package phaselab.engine.autograd;

import java.util.ArrayList;
import java.util.List;
import phaselab.engine.tensor.Tensor;

/**
 * The define-by-run tape of the current thread: ops append (output, backward) pairs in the
 * order they ran; {@link #backward} walks them in reverse. A tensor's gradient is complete when
 * the walk reaches the op that produced it, which is when its gradient hooks fire.
 */
public final class Tape {
  private static final ThreadLocal<Tape> CURRENT = ThreadLocal.withInitial(Tape::new);

  private final List<Tensor> outputs = new ArrayList<>();
  private final List<Runnable> backwards = new ArrayList<>();
  private int noGradDepth;

  private Tape() {}

  /** The calling thread's tape. */
  public static Tape current() {
    return CURRENT.get();
  }

  /** True when ops record backward closures (not inside {@link #noGrad()}). */
  public static boolean gradEnabled() {
    return current().noGradDepth == 0;
  }

  /** True when an op with these inputs must record a backward closure. */
  public static boolean needsGrad(Tensor... inputs) {
    if (!gradEnabled()) {
      return false;
    }
    for (Tensor t : inputs) {
      if (t != null && t.requiresGrad()) {
        return true;
      }
    }
    return false;
  }

  /** Records that {@code out} was produced by an op whose backward is {@code backward}. */
  public static void record(Tensor out, Runnable backward) {
    out.setRequiresGrad(true);
    Tape t = current();
    t.outputs.add(out);
    if (OpProfile.active()) {
      long bytes = 4L * out.size();
      OpProfile.forward(out.name(), bytes);
      backward = OpProfile.timed(out.name(), bytes, backward);
    }
    t.backwards.add(backward);
  }

  /** Number of recorded ops (for tests and diagnostics). */
  public static int size() {
    return current().outputs.size();
  }

  /** Forgets every recorded op without running it (e.g. after an eval forward pass). */
  public static void clear() {
    Tape t = current();
    t.outputs.clear();
    t.backwards.clear();
  }

  /**
   * Backpropagates from a scalar {@code loss} (seed gradient 1) through every recorded op, then
   * clears the tape. Parameter gradients accumulate; call zeroGrad between steps.
   */
  public static void backward(Tensor loss) {
    if (loss.size() != 1) {
      throw new IllegalArgumentException("backward needs a scalar loss, got " + loss);
    }
    backward(loss, new float[] {1f});
  }

  /** Backpropagates a given output gradient {@code seed} from {@code out}. */
  public static void backward(Tensor out, float[] seed) {
    Tape t = current();
    float[] g = out.gradOrCreate();
    for (int i = 0; i < g.length; i++) {
      g[i] += seed[i];
    }
    try {
      for (int i = t.outputs.size() - 1; i >= 0; i--) {
        Tensor o = t.outputs.get(i);
        if (o.grad() == null) {
          continue; // nothing flows back through this op
        }
        o.fireGradHooks();
        t.backwards.get(i).run();
      }
    } finally {
      clear();
    }
  }

  /** Disables recording until the returned scope is closed (try-with-resources). */
  public static NoGrad noGrad() {
    current().noGradDepth++;
    return new NoGrad();
  }

  /** Scope of {@link #noGrad()}. */
  public static final class NoGrad implements AutoCloseable {
    private boolean closed;

    private NoGrad() {}

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        current().noGradDepth--;
      }
    }
  }
}
