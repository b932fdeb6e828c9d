package phaselab.lab.suite.symmetry;

/**
 * A linear readout field_c(h) = b_c + Σ_i W_ci h_i from a site's nodes h (d of them) to K outputs.
 * {@link #fit} trains it as multinomial logistic regression on frozen features: full-batch
 * gradient descent with Adam (lr 0.01, 400 steps) and L2 penalty λ‖W‖² in double precision — a
 * deterministic function of the features. Features are not standardised, so W_ci is the node's
 * field per unit of its raw activation and silencing a node removes exactly its term.
 *
 * @param w K × d weights, row-major
 * @param b K biases
 */
public record Readout(int outputs, int nodes, double[] w, double[] b) {
  public static final int STEPS = 400;

  public double field(int c, float[] h, int row) {
    double s = b[c];
    int off = row * nodes;
    for (int i = 0; i < nodes; i++) {
      s += w[c * nodes + i] * h[off + i];
    }
    return s;
  }

  /** Fits on n rows of features h (n × d) with labels y in [0, K). */
  public static Readout fit(float[] h, int n, int d, int[] y, int k, double l2) {
    double[] w = new double[k * d];
    double[] b = new double[k];
    double[] mw = new double[w.length];
    double[] vw = new double[w.length];
    double[] mb = new double[k];
    double[] vb = new double[k];
    double lr = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    double[] logits = new double[k];
    double[] gw = new double[w.length];
    double[] gb = new double[k];
    for (int step = 1; step <= STEPS; step++) {
      java.util.Arrays.fill(gw, 0);
      java.util.Arrays.fill(gb, 0);
      for (int r = 0; r < n; r++) {
        softmax(w, b, h, r, d, k, logits);
        for (int c = 0; c < k; c++) {
          double g = (logits[c] - (c == y[r] ? 1 : 0)) / n;
          if (g == 0) {
            continue;
          }
          gb[c] += g;
          for (int i = 0; i < d; i++) {
            gw[c * d + i] += g * h[r * d + i];
          }
        }
      }
      double c1 = 1 - Math.pow(b1, step);
      double c2 = 1 - Math.pow(b2, step);
      for (int i = 0; i < w.length; i++) {
        double g = gw[i] + 2 * l2 * w[i];
        mw[i] = b1 * mw[i] + (1 - b1) * g;
        vw[i] = b2 * vw[i] + (1 - b2) * g * g;
        w[i] -= lr * (mw[i] / c1) / (Math.sqrt(vw[i] / c2) + 1e-8);
      }
      for (int c = 0; c < k; c++) {
        mb[c] = b1 * mb[c] + (1 - b1) * gb[c];
        vb[c] = b2 * vb[c] + (1 - b2) * gb[c] * gb[c];
        b[c] -= lr * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + 1e-8);
      }
    }
    return new Readout(k, d, w, b);
  }

  /**
   * probs[c] = softmax_c(b_c + Σ_i W_ci·h[row]_i), computed with the maximum subtracted; b null
   * for a bias-free readout. Shared by the fits here and in the kanter protocol.
   */
  public static void softmax(double[] w, double[] b, float[] h, int row, int d, int k, double[] probs) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      double s = b == null ? 0 : b[c];
      for (int i = 0; i < d; i++) {
        s += w[c * d + i] * h[row * d + i];
      }
      probs[c] = s;
      max = Math.max(max, s);
    }
    double z = 0;
    for (int c = 0; c < k; c++) {
      probs[c] = Math.exp(probs[c] - max);
      z += probs[c];
    }
    for (int c = 0; c < k; c++) {
      probs[c] /= z;
    }
  }
}
