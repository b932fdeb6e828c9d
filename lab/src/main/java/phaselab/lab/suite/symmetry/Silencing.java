package phaselab.lab.suite.symmetry;

import java.util.ArrayList;
import java.util.List;

/**
 * The readout with every node outside a subset S silenced (docs/research.md A.1 steps 4–5): a silenced
 * node contributes 0 (mode "zero") or W_ci·mean(h_i) over the training features (mode "mean").
 * For S this computes, on held-out rows, the label matrices of mean fields (row = true label) and of
 * mean softmax probabilities, the confusion matrix, the accuracy, the learned set and the
 * signal-to-noise ratio.
 *
 * <p>The argmax runs over all K outputs of the readout; the matrices and learned sets cover the
 * {@code reported} outputs only (the most frequent tokens of a vocabulary-sized MLM decoder; every
 * label of a classifier). Row labels y are output indices; a row whose label is not reported counts
 * towards the accuracy only, and its prediction of a reported output is in no matrix.
 *
 * <p>Both modes share one form: field_c(S) = B_c + Σ_{i∈S} W_ci·h'_i, with B = b and h' = h
 * (zero) or B = b + W·m and h' = h − m (mean), so adding a node to S adds one term — the crossover's
 * greedy search extends fields instead of recomputing them.
 *
 * <p>Learned set L(S): reported labels a with recall ≥ {@code minRecall} and at least one correct
 * prediction (docs/research.md default 2/K). SNR (ours): (mean field of the true label over correctly
 * predicted rows − mean field of the reported labels outside L(S) over all rows) / standard
 * deviation of those noise fields; NaN when L(S) is empty or covers every reported label.
 */
public final class Silencing {
  private final Readout readout;
  private final float[] h;
  private final int n;
  private final int[] y;
  private final double[] mean;
  private final int[] reported;
  private final int[] reportIndex; // output → position in reported, or −1
  private final double[] base; // B_c

  /** Every output reported. {@code mean}: per-node training means for mean silencing, or null for zero silencing. */
  public Silencing(Readout readout, float[] h, int n, int[] y, double[] mean) {
    this(readout, h, n, y, mean, java.util.stream.IntStream.range(0, readout.outputs()).toArray());
  }

  public Silencing(Readout readout, float[] h, int n, int[] y, double[] mean, int[] reported) {
    this.readout = readout;
    this.h = h;
    this.n = n;
    this.y = y;
    this.mean = mean;
    this.reported = reported;
    this.reportIndex = new int[readout.outputs()];
    java.util.Arrays.fill(reportIndex, -1);
    for (int j = 0; j < reported.length; j++) {
      reportIndex[reported[j]] = j;
    }
    int k = readout.outputs();
    int d = readout.nodes();
    base = readout.b().clone();
    if (mean != null) {
      for (int c = 0; c < k; c++) {
        for (int i = 0; i < d; i++) {
          base[c] += readout.w()[c * d + i] * mean[i];
        }
      }
    }
  }

  /** Per-node means of n rows of d features. */
  public static double[] means(float[] h, int n, int d) {
    double[] m = new double[d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        m[i] += h[r * d + i];
      }
    }
    for (int i = 0; i < d; i++) {
      m[i] /= Math.max(1, n);
    }
    return m;
  }

  public int[] reported() {
    return reported;
  }

  /** Fields (n × K) with only {@code subset} active. */
  public double[] fields(int[] subset) {
    int k = readout.outputs();
    double[] f = new double[n * k];
    for (int r = 0; r < n; r++) {
      System.arraycopy(base, 0, f, r * k, k);
    }
    for (int i : subset) {
      add(f, i);
    }
    return f;
  }

  /** Adds node i's term W_ci·h'_i to fields f (n × K) in place. */
  public void add(double[] f, int i) {
    int k = readout.outputs();
    int d = readout.nodes();
    double m = mean == null ? 0 : mean[i];
    double[] w = readout.w();
    for (int r = 0; r < n; r++) {
      double x = h[r * d + i] - m;
      if (x == 0) {
        continue;
      }
      int off = r * k;
      for (int c = 0; c < k; c++) {
        f[off + c] += w[c * d + i] * x;
      }
    }
  }

  /** Intercepts a_c of the silenced readout as lines in the raw activations: B_c − Σ_{i∈S} W_ci·m_i. */
  public double[] intercepts(int[] subset) {
    double[] a = base.clone();
    if (mean != null) {
      int d = readout.nodes();
      for (int c = 0; c < a.length; c++) {
        for (int i : subset) {
          a[c] -= readout.w()[c * d + i] * mean[i];
        }
      }
    }
    return a;
  }

  /** Accuracy only (the crossover curves evaluate many subsets). */
  public double accuracy(int[] subset) {
    return accuracyOf(fields(subset));
  }

  /** Accuracy of given fields (n × K). */
  public double accuracyOf(double[] f) {
    int k = readout.outputs();
    long correct = 0;
    for (int r = 0; r < n; r++) {
      correct += argmax(f, r, k) == y[r] ? 1 : 0;
    }
    return n == 0 ? Double.NaN : (double) correct / n;
  }

  /** Everything of docs/research.md A.1 step 5 for one subset. */
  public Result evaluate(int[] subset, double minRecall) {
    int k = readout.outputs();
    int rk = reported.length;
    double[] f = fields(subset);
    long[][] confusion = new long[rk][rk + (rk < k ? 1 : 0)]; // last column: an unreported output
    double[][] field = new double[rk][rk];
    double[][] prob = new double[rk][rk];
    long[] perLabel = new long[rk];
    long correct = 0;
    double signal = 0;
    long signalN = 0;
    for (int r = 0; r < n; r++) {
      int p = argmax(f, r, k);
      if (p == y[r]) {
        correct++;
        signal += f[r * k + p];
        signalN++;
      }
      int a = reportIndex[y[r]];
      if (a < 0) {
        continue;
      }
      int pj = reportIndex[p];
      confusion[a][pj < 0 ? rk : pj]++;
      perLabel[a]++;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, f[r * k + c]);
      }
      double z = 0;
      for (int c = 0; c < k; c++) {
        z += Math.exp(f[r * k + c] - max);
      }
      for (int j = 0; j < rk; j++) {
        double v = f[r * k + reported[j]];
        field[a][j] += v;
        prob[a][j] += Math.exp(v - max) / z;
      }
    }
    for (int a = 0; a < rk; a++) {
      for (int c = 0; c < rk; c++) {
        field[a][c] = perLabel[a] == 0 ? Double.NaN : field[a][c] / perLabel[a];
        prob[a][c] = perLabel[a] == 0 ? Double.NaN : prob[a][c] / perLabel[a];
      }
    }
    List<Integer> learned = new ArrayList<>();
    for (int a = 0; a < rk; a++) {
      if (perLabel[a] > 0 && confusion[a][a] > 0 && (double) confusion[a][a] / perLabel[a] >= minRecall) {
        learned.add(a);
      }
    }
    double snr = Double.NaN;
    if (!learned.isEmpty() && learned.size() < rk && signalN > 0) {
      boolean[] inL = new boolean[rk];
      learned.forEach(a -> inL[a] = true);
      double s1 = 0;
      double s2 = 0;
      long m = 0;
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < rk; j++) {
          if (!inL[j]) {
            double v = f[r * k + reported[j]];
            s1 += v;
            s2 += v * v;
            m++;
          }
        }
      }
      double mu = s1 / m;
      double sd = Math.sqrt(Math.max(0, s2 / m - mu * mu));
      snr = sd == 0 ? Double.NaN : (signal / signalN - mu) / sd;
    }
    return new Result(n == 0 ? Double.NaN : (double) correct / n, confusion, field, prob,
        learned.stream().mapToInt(Integer::intValue).toArray(), snr);
  }

  /** Outcome of one subset; learned holds positions in the reported outputs. */
  public record Result(double accuracy, long[][] confusion, double[][] field, double[][] prob, int[] learned, double snr) {}

  static int argmax(double[] f, int r, int k) {
    int best = 0;
    for (int c = 1; c < k; c++) {
      if (f[r * k + c] > f[r * k + best]) {
        best = c;
      }
    }
    return best;
  }
}
