package phaselab.engine.autograd;

import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.ShapeException;
import phaselab.engine.tensor.Tensor;

/** Row gathers: embedding lookup and selecting positions, with scatter-add backward. */
public final class Gather {
  private Gather() {}

  /**
   * Embedding lookup: out[…, :] = table[ids[…], :]. ids has {@code shape} (e.g. (B, T)); the
   * output is (shape…, C). Backward scatter-adds rows into the table gradient, in id order, on one
   * thread (a few thousand short rows: cheaper than coordinating, and trivially deterministic).
   */
  public static Tensor embedding(Tensor table, int[] ids, int... shape) {
    table.requireRank(2);
    int vocab = table.dim(0);
    int c = table.dim(1);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocab) {
        throw new IndexOutOfBoundsException("embedding '" + table.name() + "': id " + ids[i] + " at position " + i
            + " is outside the vocabulary [0, " + vocab + ")");
      }
    }
    int[] outShape = java.util.Arrays.copyOf(shape, shape.length + 1);
    outShape[shape.length] = c;
    Tensor y = Tensor.empty("embedding", outShape);
    if (y.size() != ids.length * c) {
      throw new ShapeException("embedding: " + ids.length + " ids do not fill shape " + java.util.Arrays.toString(shape));
    }
    Parallel.forChunks(ids.length, 256, (s, e) -> {
      for (int i = s; i < e; i++) {
        System.arraycopy(table.data, ids[i] * c, y.data, i * c, c);
      }
    });
    if (Tape.needsGrad(table)) {
      Tape.record(y, () -> {
        float[] dt = table.gradOrCreate();
        Kernels k = Kernels.get();
        for (int i = 0; i < ids.length; i++) {
          k.axpy(1f, y.grad(), i * c, dt, ids[i] * c, c);
        }
      });
    }
    return y;
  }

  /**
   * Selects rows of x viewed as (rows, C): out[i, :] = x[index[i], :], shape (index.length, C).
   * Used for classification positions and masked-LM positions. Backward scatter-adds.
   */
  public static Tensor rows(Tensor x, int[] index) {
    int c = x.dim(-1);
    int n = x.rows();
    for (int r : index) {
      if (r < 0 || r >= n) {
        throw new IndexOutOfBoundsException("rows: index " + r + " outside [0, " + n + ") of '" + x.name() + "'");
      }
    }
    Tensor y = Tensor.empty("rows", index.length, c);
    for (int i = 0; i < index.length; i++) {
      System.arraycopy(x.data, index[i] * c, y.data, i * c, c);
    }
    if (Tape.needsGrad(x)) {
      Tape.record(y, () -> {
        float[] dx = x.gradOrCreate();
        Kernels k = Kernels.get();
        for (int i = 0; i < index.length; i++) {
          k.axpy(1f, y.grad(), i * c, dx, index[i] * c, c);
        }
      });
    }
    return y;
  }
}
