package phaselab.lab.probe.nodes;

import java.util.ArrayList;
import java.util.List;

/**
 * The readout with every node outside a subset S silenced (RESEARCH.md A.1 steps 4–5): a silenced
 * node contributes 0 (mode "zero") or W_ci·mean(h_i) over the training features (mode "mean").
 * For S this computes, on held-out rows, the K × K label matrix of mean fields (row = true label)
 * and of mean softmax probabilities, the confusion matrix, the accuracy, the learned set and the
 * signal-to-noise ratio.
 *
 * <p>Learned set L(S): labels a with recall ≥ {@code minRecall} and at least one correct
 * prediction (RESEARCH.md default 2/K). SNR (ours): (mean field of the true label over correctly
 * predicted rows − mean field of the labels outside L(S) over all rows) / standard deviation of
 * those noise fields; NaN when L(S) is empty or covers every label.
 */
public final class Silencing {
  private final Readout readout;
  private final float[] h;
  private final int n;
  private final int[] y;
  private final double[] mean;

  /** {@code mean}: per-node training means for mean silencing, or null for zero silencing. */
  public Silencing(Readout readout, float[] h, int n, int[] y, double[] mean) {
    this.readout = readout;
    this.h = h;
    this.n = n;
    this.y = y;
    this.mean = mean;
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

  /** Fields (n × K) with only {@code subset} active. */
  public double[] fields(int[] subset) {
    int k = readout.outputs();
    int d = readout.nodes();
    double[] base = readout.b().clone();
    if (mean != null) {
      boolean[] in = new boolean[d];
      for (int i : subset) {
        in[i] = true;
      }
      for (int c = 0; c < k; c++) {
        for (int i = 0; i < d; i++) {
          if (!in[i]) {
            base[c] += readout.w()[c * d + i] * mean[i];
          }
        }
      }
    }
    double[] f = new double[n * k];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < k; c++) {
        double s = base[c];
        for (int i : subset) {
          s += readout.w()[c * d + i] * h[r * d + i];
        }
        f[r * k + c] = s;
      }
    }
    return f;
  }

  /** Intercepts a_c of the silenced readout (b_c plus the mean contributions of silenced nodes). */
  public double[] intercepts(int[] subset) {
    double[] f = new double[readout.outputs()];
    int d = readout.nodes();
    boolean[] in = new boolean[d];
    for (int i : subset) {
      in[i] = true;
    }
    for (int c = 0; c < f.length; c++) {
      f[c] = readout.b()[c];
      if (mean != null) {
        for (int i = 0; i < d; i++) {
          if (!in[i]) {
            f[c] += readout.w()[c * d + i] * mean[i];
          }
        }
      }
    }
    return f;
  }

  /** Accuracy only (the crossover curves evaluate many subsets). */
  public double accuracy(int[] subset) {
    double[] f = fields(subset);
    int k = readout.outputs();
    long correct = 0;
    for (int r = 0; r < n; r++) {
      correct += argmax(f, r, k) == y[r] ? 1 : 0;
    }
    return n == 0 ? Double.NaN : (double) correct / n;
  }

  /** Everything of RESEARCH.md A.1 step 5 for one subset. */
  public Result evaluate(int[] subset, double minRecall) {
    int k = readout.outputs();
    double[] f = fields(subset);
    long[][] confusion = new long[k][k];
    double[][] field = new double[k][k];
    double[][] prob = new double[k][k];
    long[] perLabel = new long[k];
    long correct = 0;
    double signal = 0;
    long signalN = 0;
    for (int r = 0; r < n; r++) {
      int p = argmax(f, r, k);
      confusion[y[r]][p]++;
      perLabel[y[r]]++;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, f[r * k + c]);
      }
      double z = 0;
      for (int c = 0; c < k; c++) {
        z += Math.exp(f[r * k + c] - max);
      }
      for (int c = 0; c < k; c++) {
        field[y[r]][c] += f[r * k + c];
        prob[y[r]][c] += Math.exp(f[r * k + c] - max) / z;
      }
      if (p == y[r]) {
        correct++;
        signal += f[r * k + p];
        signalN++;
      }
    }
    for (int a = 0; a < k; a++) {
      for (int c = 0; c < k; c++) {
        field[a][c] = perLabel[a] == 0 ? Double.NaN : field[a][c] / perLabel[a];
        prob[a][c] = perLabel[a] == 0 ? Double.NaN : prob[a][c] / perLabel[a];
      }
    }
    List<Integer> learned = new ArrayList<>();
    for (int a = 0; a < k; a++) {
      if (perLabel[a] > 0 && confusion[a][a] > 0 && (double) confusion[a][a] / perLabel[a] >= minRecall) {
        learned.add(a);
      }
    }
    double snr = Double.NaN;
    if (!learned.isEmpty() && learned.size() < k && signalN > 0) {
      boolean[] inL = new boolean[k];
      learned.forEach(a -> inL[a] = true);
      double s1 = 0;
      double s2 = 0;
      long m = 0;
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < k; c++) {
          if (!inL[c]) {
            double v = f[r * k + c];
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

  /** Outcome of one subset. */
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
