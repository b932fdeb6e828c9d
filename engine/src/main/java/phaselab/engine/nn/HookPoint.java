package phaselab.engine.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import phaselab.engine.tensor.Tensor;

/**
 * An identity on the forward path where hooks can read a value (cache), replace it (ablate,
 * patch, silence nodes) or read its gradient during backward. With no hook it costs nothing.
 */
public final class HookPoint {
  private final List<ForwardHook> forward = new ArrayList<>();
  private final List<Consumer<Tensor>> backward = new ArrayList<>();
  private String name = "?";

  /** A forward hook: returns the value to pass on (the input itself to only read it). */
  @FunctionalInterface
  public interface ForwardHook {
    Tensor apply(String name, Tensor value);
  }

  void setName(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Applies the forward hooks in order and arms the backward hooks on the result. */
  public Tensor apply(Tensor x) {
    for (ForwardHook h : forward) {
      Tensor y = h.apply(name, x);
      if (y == null) {
        throw new IllegalStateException("hook at '" + name + "' returned null; return the input to leave it unchanged");
      }
      if (!java.util.Arrays.equals(y.shape(), x.shape())) {
        throw new phaselab.engine.tensor.ShapeException("hook at '" + name + "' changed the shape from "
            + java.util.Arrays.toString(x.shape()) + " to " + java.util.Arrays.toString(y.shape()));
      }
      x = y;
    }
    for (Consumer<Tensor> b : backward) {
      x.onGrad(b);
    }
    return x;
  }

  void addForward(ForwardHook h) {
    forward.add(h);
  }

  void addBackward(Consumer<Tensor> h) {
    backward.add(h);
  }

  void remove(Object h) {
    forward.remove(h);
    backward.remove(h);
  }

  boolean isEmpty() {
    return forward.isEmpty() && backward.isEmpty();
  }
}
