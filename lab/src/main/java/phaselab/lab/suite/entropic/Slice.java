package phaselab.lab.suite.entropic;

import java.util.Map;
import java.util.stream.IntStream;

/** Part of one parameter tensor, as flat indices into its row-major data. */
public record Slice(String param, int[] index) {
  /** Row {@code r} of a (rows, cols) matrix. */
  public static Slice row(String param, int r, int cols) {
    return new Slice(param, IntStream.range(r * cols, (r + 1) * cols).toArray());
  }

  /** Rows {@code from}..{@code to}−1 of a (rows, cols) matrix (or entries, for a vector: cols 1). */
  public static Slice rows(String param, int from, int to, int cols) {
    return new Slice(param, IntStream.range(from * cols, to * cols).toArray());
  }

  /** Columns {@code from}..{@code to}−1 of a (rows, cols) matrix. */
  public static Slice columns(String param, int from, int to, int rows, int cols) {
    int w = to - from;
    int[] idx = new int[rows * w];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < w; c++) {
        idx[r * w + c] = r * cols + from + c;
      }
    }
    return new Slice(param, idx);
  }

  /** The whole tensor of {@code size} entries. */
  public static Slice all(String param, int size) {
    return new Slice(param, IntStream.range(0, size).toArray());
  }

  /** Σ v² over this slice of {@code values} (parameter name → flat array). */
  public double squaredNorm(Map<String, float[]> values) {
    float[] v = values.get(param);
    double s = 0;
    for (int i : index) {
      s += (double) v[i] * v[i];
    }
    return s;
  }

  /** Σ v² over this slice of double-precision values. */
  public double squaredNormD(Map<String, double[]> values) {
    double[] v = values.get(param);
    double s = 0;
    for (int i : index) {
      s += v[i] * v[i];
    }
    return s;
  }
}
