package phaselab.lab.task.supervised;

import phaselab.engine.tensor.Tensor;

/**
 * n examples with inputs x (n × inputDim, row-major) and either class labels (classification) or
 * real targets y (n × outputDim; regression). Exactly one of labels / targets is non-null.
 */
public record Examples(int n, int inputDim, int outputDim, float[] x, int[] labels, float[] targets) {
  public Examples {
    if (x.length != (long) n * inputDim) {
      throw new IllegalArgumentException("inputs hold " + x.length + " values, expected " + n + " × " + inputDim);
    }
    if ((labels == null) == (targets == null)) {
      throw new IllegalArgumentException("give either class labels or regression targets");
    }
  }

  public boolean classification() {
    return labels != null;
  }

  /** The first {@code m} examples. */
  public Examples head(int m) {
    if (m > n) {
      throw new IllegalArgumentException("asked for " + m + " examples, only " + n + " exist");
    }
    return select(java.util.stream.IntStream.range(0, m).toArray());
  }

  /** The examples at {@code rows}, in that order. */
  public Examples select(int[] rows) {
    float[] xs = new float[rows.length * inputDim];
    int[] ls = labels == null ? null : new int[rows.length];
    float[] ts = targets == null ? null : new float[rows.length * outputDim];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(x, rows[i] * inputDim, xs, i * inputDim, inputDim);
      if (ls != null) {
        ls[i] = labels[rows[i]];
      } else {
        System.arraycopy(targets, rows[i] * outputDim, ts, i * outputDim, outputDim);
      }
    }
    return new Examples(rows.length, inputDim, outputDim, xs, ls, ts);
  }

  /** Inputs of the selected rows as an (rows, inputDim) tensor. */
  public Tensor inputs(int[] rows) {
    float[] xs = new float[rows.length * inputDim];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(x, rows[i] * inputDim, xs, i * inputDim, inputDim);
    }
    return Tensor.of("x", xs, rows.length, inputDim);
  }
}
