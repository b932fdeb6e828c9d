package phaselab.engine.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A contiguous row-major float32 tensor, its gradient, and the autograd flag.
 *
 * <p>{@code data} is the value; {@code grad} is allocated on first use by backward and has the
 * same length. Gradients accumulate ({@code +=}) until {@link #zeroGrad()}, which is how
 * micro-batches add up. Shape checks name the tensor, the expected and the actual shape.
 */
public final class Tensor {
  public final float[] data;
  private final int[] shape;
  private final String name;
  private float[] grad;
  private boolean requiresGrad;
  /** Made inside an {@link Arena} scope: its gradient comes from the arena. */
  private boolean fromArena;
  private List<Consumer<Tensor>> gradHooks;

  private Tensor(String name, float[] data, int[] shape) {
    this.name = name;
    this.data = data;
    this.shape = shape.clone();
    long n = numel(shape);
    if (n != data.length) {
      throw new ShapeException("tensor '" + name + "': shape " + Arrays.toString(shape)
          + " holds " + n + " values but " + data.length + " were given");
    }
  }

  /**
   * A zero tensor. Inside an {@link Arena} scope its values (and later its gradient) are a
   * reused buffer, valid until the arena's next scope opens.
   */
  public static Tensor zeros(String name, int... shape) {
    Tensor t = new Tensor(name, Arena.floats(checkedSize(name, shape)), shape);
    t.fromArena = Arena.active();
    return t;
  }

  /**
   * A tensor for an op that writes every element: its values are undefined until then (inside an
   * {@link Arena} scope, a reused buffer; outside, zeros). The arena tests train with and
   * without reuse and compare bits, which catches an op that leaves an element unwritten.
   */
  public static Tensor empty(String name, int... shape) {
    Tensor t = new Tensor(name, Arena.uninitialized(checkedSize(name, shape)), shape);
    t.fromArena = Arena.active();
    return t;
  }

  private static int checkedSize(String name, int[] shape) {
    long n = numel(shape);
    if (n > Integer.MAX_VALUE - 8) {
      throw new ShapeException("tensor '" + name + "': shape " + Arrays.toString(shape) + " is too large for one array");
    }
    return (int) n;
  }

  /**
   * Wraps {@code data} (not copied) with the given shape. Inside an {@link Arena} scope its
   * gradient comes from the arena, like that of every tensor made during the step.
   */
  public static Tensor of(String name, float[] data, int... shape) {
    Tensor t = new Tensor(name, data, shape);
    t.fromArena = Arena.active();
    return t;
  }

  /** A trainable parameter: a zero tensor that requires a gradient. */
  public static Tensor parameter(String name, int... shape) {
    Tensor t = new Tensor(name, new float[checkedSize(name, shape)], shape); // never from an arena
    t.requiresGrad = true;
    return t;
  }

  static long numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new ShapeException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    return n;
  }

  public String name() {
    return name;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Size of dimension {@code i}; negative i counts from the end. */
  public int dim(int i) {
    return shape[i < 0 ? shape.length + i : i];
  }

  public int size() {
    return data.length;
  }

  /** Number of rows when the last dimension is the row width. */
  public int rows() {
    return shape.length == 0 ? 1 : data.length / Math.max(1, shape[shape.length - 1]);
  }

  public boolean requiresGrad() {
    return requiresGrad;
  }

  public Tensor setRequiresGrad(boolean r) {
    this.requiresGrad = r;
    return this;
  }

  /** The gradient, or null before backward reached this tensor. */
  public float[] grad() {
    return grad;
  }

  /** The gradient array, allocated (zero) on first use. */
  public synchronized float[] gradOrCreate() {
    if (grad == null) {
      grad = fromArena ? Arena.floats(data.length) : new float[data.length];
    }
    return grad;
  }

  /** Sets the gradient to zero (keeps the array). */
  public void zeroGrad() {
    if (grad != null) {
      Arrays.fill(grad, 0f);
    }
  }

  /** Drops the gradient array. */
  public void clearGrad() {
    grad = null;
  }

  /** Registers a hook called once backward has finished this tensor's gradient. */
  public void onGrad(Consumer<Tensor> hook) {
    if (gradHooks == null) {
      gradHooks = new ArrayList<>(2);
    }
    gradHooks.add(hook);
  }

  /** Runs the gradient hooks (called by the tape). */
  public void fireGradHooks() {
    if (gradHooks != null && grad != null) {
      for (Consumer<Tensor> h : gradHooks) {
        h.accept(this);
      }
    }
  }

  /** Throws a {@link ShapeException} unless the shape equals {@code expected}. */
  public Tensor requireShape(int... expected) {
    if (!Arrays.equals(shape, expected)) {
      throw new ShapeException("tensor '" + name + "': expected shape " + Arrays.toString(expected)
          + " but got " + Arrays.toString(shape));
    }
    return this;
  }

  /** Throws unless the rank is {@code r}. */
  public Tensor requireRank(int r) {
    if (shape.length != r) {
      throw new ShapeException("tensor '" + name + "': expected rank " + r + " but got shape " + Arrays.toString(shape));
    }
    return this;
  }

  /** Throws unless the last dimension is {@code width}. */
  public Tensor requireLastDim(int width) {
    if (shape.length == 0 || shape[shape.length - 1] != width) {
      throw new ShapeException("tensor '" + name + "': expected last dimension " + width + " but got shape " + Arrays.toString(shape));
    }
    return this;
  }

  /** A deep copy of the value (no gradient, no autograd history). */
  public Tensor copy(String newName) {
    return new Tensor(newName, data.clone(), shape);
  }

  /** The single value of a one-element tensor. */
  public float item() {
    if (data.length != 1) {
      throw new ShapeException("tensor '" + name + "': item() needs one element, shape is " + Arrays.toString(shape));
    }
    return data[0];
  }

  @Override
  public String toString() {
    return "Tensor(" + name + ", " + Arrays.toString(shape) + ")";
  }
}
