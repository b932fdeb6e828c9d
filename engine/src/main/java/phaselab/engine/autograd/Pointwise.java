package phaselab.engine.autograd;

import java.util.Arrays;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Arena;
import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.ShapeException;
import phaselab.engine.tensor.Tensor;

/** Elementwise ops, broadcasts over leading dimensions, reshape and reductions to a scalar. */
public final class Pointwise {
  /** Elements per parallel chunk: fixed, so chunking never depends on the thread count. */
  static final int GRAIN = 1 << 14;

  private Pointwise() {}

  /** a + b, same shape. */
  public static Tensor add(Tensor a, Tensor b) {
    requireSameShape("add", a, b);
    Kernels k = Kernels.get();
    Tensor y = Tensor.empty("add", a.shape());
    Parallel.forChunks(y.size(), GRAIN, (s, e) -> k.add(a.data, s, b.data, s, y.data, s, e - s));
    if (Tape.needsGrad(a, b)) {
      Tape.record(y, () -> {
        accumulate(a, y.grad());
        accumulate(b, y.grad());
      });
    }
    return y;
  }

  /** x + r where r's shape equals the trailing dimensions of x (r repeats over the leading ones). */
  public static Tensor addBroadcast(Tensor x, Tensor r) {
    int block = r.size();
    int[] xs = x.shape();
    int[] rs = r.shape();
    if (rs.length > xs.length || !Arrays.equals(Arrays.copyOfRange(xs, xs.length - rs.length, xs.length), rs)) {
      throw new ShapeException("addBroadcast: tensor '" + r.name() + "' " + Arrays.toString(rs)
          + " must match the trailing dimensions of '" + x.name() + "' " + Arrays.toString(xs));
    }
    int reps = x.size() / Math.max(1, block);
    Kernels k = Kernels.get();
    Tensor y = Tensor.empty("add", xs);
    Parallel.forEach(reps, i -> k.add(x.data, i * block, r.data, 0, y.data, i * block, block));
    if (Tape.needsGrad(x, r)) {
      Tape.record(y, () -> {
        accumulate(x, y.grad());
        if (r.requiresGrad()) {
          Linalg.sumRowsInto(y.grad(), reps, block, r.gradOrCreate());
        }
      });
    }
    return y;
  }

  /** a · b elementwise, same shape. */
  public static Tensor mul(Tensor a, Tensor b) {
    requireSameShape("mul", a, b);
    Kernels k = Kernels.get();
    Tensor y = Tensor.empty("mul", a.shape());
    Parallel.forChunks(y.size(), GRAIN, (s, e) -> k.mul(a.data, s, b.data, s, y.data, s, e - s));
    if (Tape.needsGrad(a, b)) {
      Tape.record(y, () -> {
        float[] dy = y.grad();
        if (a.requiresGrad()) {
          float[] da = a.gradOrCreate();
          Parallel.forChunks(dy.length, GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) {
              da[i] += dy[i] * b.data[i];
            }
          });
        }
        if (b.requiresGrad()) {
          float[] db = b.gradOrCreate();
          Parallel.forChunks(dy.length, GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) {
              db[i] += dy[i] * a.data[i];
            }
          });
        }
      });
    }
    return y;
  }

  /** s · x. */
  public static Tensor scale(Tensor x, float s) {
    Kernels k = Kernels.get();
    Tensor y = Tensor.empty("scale", x.shape());
    Parallel.forChunks(y.size(), GRAIN, (a, e) -> k.scale(s, x.data, a, y.data, a, e - a));
    if (Tape.needsGrad(x)) {
      Tape.record(y, () -> {
        float[] dx = x.gradOrCreate();
        Parallel.forChunks(dx.length, GRAIN, (a, e) -> k.axpy(s, y.grad(), a, dx, a, e - a));
      });
    }
    return y;
  }

  /** GELU (tanh form), see {@link Kernels#gelu}. */
  public static Tensor gelu(Tensor x) {
    Kernels k = Kernels.get();
    Tensor y = Tensor.empty("gelu", x.shape());
    Parallel.forChunks(y.size(), GRAIN, (s, e) -> k.gelu(x.data, s, y.data, s, e - s));
    if (Tape.needsGrad(x)) {
      Tape.record(y, () -> {
        float[] dx = x.gradOrCreate();
        Parallel.forChunks(dx.length, GRAIN, (s, e) -> k.geluBackward(x.data, s, y.grad(), s, dx, s, e - s));
      });
    }
    return y;
  }

  /** GELU (exact form, x·Φ(x)), see {@link Kernels#geluExact}. */
  public static Tensor geluExact(Tensor x) {
    Kernels k = Kernels.get();
    Tensor y = Tensor.empty("gelu_exact", x.shape());
    Parallel.forChunks(y.size(), GRAIN, (s, e) -> k.geluExact(x.data, s, y.data, s, e - s));
    if (Tape.needsGrad(x)) {
      Tape.record(y, () -> {
        float[] dx = x.gradOrCreate();
        Parallel.forChunks(dx.length, GRAIN, (s, e) -> k.geluExactBackward(x.data, s, y.grad(), s, dx, s, e - s));
      });
    }
    return y;
  }

  /** ReLU: max(x, 0); the gradient at exactly 0 is 0 (PyTorch's convention). */
  public static Tensor relu(Tensor x) {
    Kernels k = Kernels.get();
    Tensor y = Tensor.empty("relu", x.shape());
    Parallel.forChunks(y.size(), GRAIN, (s, e) -> k.relu(x.data, s, y.data, s, e - s));
    if (Tape.needsGrad(x)) {
      Tape.record(y, () -> {
        float[] dx = x.gradOrCreate();
        Parallel.forChunks(dx.length, GRAIN, (s, e) -> k.reluBackward(x.data, s, y.grad(), s, dx, s, e - s));
      });
    }
    return y;
  }

  /**
   * Inverted dropout: each element is kept with probability 1 − p and scaled by 1/(1 − p). The
   * keep mask is drawn in element order from {@code rng}, so it depends only on the stream state.
   */
  public static Tensor dropout(Tensor x, float p, RngStream rng) {
    if (p <= 0f) {
      return x;
    }
    if (p >= 1f) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    float keepScale = 1f / (1f - p);
    float[] mask = Arena.uninitialized(x.size());
    for (int i = 0; i < mask.length; i++) {
      mask[i] = rng.nextFloat() >= p ? keepScale : 0f;
    }
    return mul(x, Tensor.of("dropout_mask", mask, x.shape()));
  }

  /** The same values with a new shape (same number of elements); gradients pass through. */
  public static Tensor reshape(Tensor x, int... shape) {
    Tensor y = Tensor.of(x.name(), x.data, shape);
    if (Tape.needsGrad(x)) {
      Tape.record(y, () -> accumulate(x, y.grad()));
    }
    return y;
  }

  /** Σ x, a one-element tensor; summed in double in element order. */
  public static Tensor sum(Tensor x) {
    double s = 0;
    for (float v : x.data) {
      s += v;
    }
    Tensor y = Tensor.of("sum", new float[] {(float) s}, 1);
    if (Tape.needsGrad(x)) {
      Tape.record(y, () -> {
        float g = y.grad()[0];
        float[] dx = x.gradOrCreate();
        for (int i = 0; i < dx.length; i++) {
          dx[i] += g;
        }
      });
    }
    return y;
  }

  /** Mean of all elements. */
  public static Tensor mean(Tensor x) {
    return scale(sum(x), 1f / x.size());
  }

  static void accumulate(Tensor x, float[] g) {
    if (x.requiresGrad()) {
      float[] dx = x.gradOrCreate();
      Kernels k = Kernels.get();
      Parallel.forChunks(g.length, GRAIN, (s, e) -> k.axpy(1f, g, s, dx, s, e - s));
    }
  }

  static void requireSameShape(String op, Tensor a, Tensor b) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw new ShapeException(op + ": tensors '" + a.name() + "' " + Arrays.toString(a.shape())
          + " and '" + b.name() + "' " + Arrays.toString(b.shape()) + " must have the same shape");
    }
  }
}
