package phaselab.lab.suite.symmetry.kanter;

import phaselab.engine.rng.RngStream;
import phaselab.lab.suite.symmetry.Readout;

/**
 * The Kanter group's readout: a bias-free linear layer trained on the frozen output of the analysed
 * layer, by SGD with Nesterov momentum and weight decay over the whole training set, as their
 * released code trains its FC layer (Random_AFCC.py: lr 0.01, momentum 0.9175, weight decay 1e-3,
 * Nesterov). Mini-batches of 100 rows in a seeded order; weights start at zero, so the fit is
 * equivariant under an orthogonal change of the features (a rotated input gives the rotated
 * readout), which the rotation null relies on. Double precision, sequential: deterministic.
 */
public final class BiasFreeReadout {
  public static final double LR = 0.01;
  public static final double MOMENTUM = 0.9175;
  public static final double WEIGHT_DECAY = 1e-3;
  public static final int BATCH = 100;

  private BiasFreeReadout() {}

  /** Fits K outputs on n rows of d features h with labels y, for {@code epochs} passes. */
  public static Readout fit(float[] h, int n, int d, int[] y, int k, int epochs, RngStream order) {
    double[] w = new double[k * d];
    double[] v = new double[k * d];
    double[] g = new double[k * d];
    double[] logits = new double[k];
    int[] rows = java.util.stream.IntStream.range(0, n).toArray();
    for (int epoch = 0; epoch < epochs; epoch++) {
      order.shuffle(rows);
      for (int start = 0; start < n; start += BATCH) {
        int end = Math.min(n, start + BATCH);
        java.util.Arrays.fill(g, 0);
        for (int q = start; q < end; q++) {
          int r = rows[q];
          Readout.softmax(w, null, h, r, d, k, logits);
          for (int c = 0; c < k; c++) {
            double gc = (logits[c] - (c == y[r] ? 1 : 0)) / (end - start);
            for (int i = 0; i < d; i++) {
              g[c * d + i] += gc * h[r * d + i];
            }
          }
        }
        // PyTorch's SGD: g += wd·w; v = μv + g; w -= lr·(g + μv) (Nesterov)
        for (int i = 0; i < w.length; i++) {
          double gi = g[i] + WEIGHT_DECAY * w[i];
          v[i] = MOMENTUM * v[i] + gi;
          w[i] -= LR * (gi + MOMENTUM * v[i]);
        }
      }
    }
    return new Readout(k, d, w, new double[k]);
  }
}
