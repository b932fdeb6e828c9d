package phaselab.lab.suite.symmetry.kanter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.rng.RngStream;
import phaselab.lab.suite.symmetry.Readout;

/**
 * Null distributions for every statistic of {@link KanterAnalysis}, and the decision rule fixed
 * before measuring: a claim holds only if the trained value lies outside the central 95 % range
 * of every null (on every seed; the caller combines seeds).
 *
 * <ul>
 *   <li><b>label permutation</b>: the training rows' labels shuffled, the readout refitted, each
 *       draw its own permutation: what the statistics give when the readout's labels bear no
 *       relation to the features;
 *   <li><b>rotation</b>: a random orthogonal rotation of the nodes inside each head (z → zR), the
 *       readout refitted on the rotated features. With W_O → RᵀW_O the network computes the same
 *       function, so a node basis means something only if training picked it: a single-node
 *       statistic that the rotation leaves inside its range is a property of the layer, not of
 *       its nodes. Sites without heads are rotated as one block;
 *   <li><b>random body</b>: the same analysis on the features of the randomly initialised network
 *       (computed by the caller, who owns the model).
 * </ul>
 */
public final class NullModels {
  private NullModels() {}

  /** A statistic's central 95 % range over a null's draws. */
  public record Range(double lo, double hi, int draws) {
    public boolean contains(double v) {
      return v >= lo && v <= hi;
    }
  }

  /** The summaries of {@code draws} refits on label-permuted training rows. */
  public static List<Map<String, Double>> permutations(KanterAnalysis a, float[] train, int nTrain, int[] yTrain, KanterAnalysis.Site test,
      int epochs, int draws, long seed) {
    List<Map<String, Double>> out = new ArrayList<>();
    for (int t = 0; t < draws; t++) {
      RngStream r = new RngStream(seed, "kanter/permutation/" + t);
      int[] y = yTrain.clone();
      r.shuffle(y);
      Readout w = BiasFreeReadout.fit(train, nTrain, test.d(), y, test.k(), epochs, r.derive("order"));
      out.add(a.run(test, w).summary());
    }
    return out;
  }

  /** The summaries of {@code draws} refits after a random rotation inside each head. */
  public static List<Map<String, Double>> rotations(KanterAnalysis a, float[] train, int nTrain, int[] yTrain, KanterAnalysis.Site test,
      int epochs, int draws, long seed) {
    return rotations(a, train, nTrain, yTrain, test, null, epochs, draws, seed);
  }

  /**
   * With a {@code fixed} readout (the model's own output layer) the rotated network is the same
   * function: the readout becomes W·R instead of being refitted.
   */
  public static List<Map<String, Double>> rotations(KanterAnalysis a, float[] train, int nTrain, int[] yTrain, KanterAnalysis.Site test,
      Readout fixed, int epochs, int draws, long seed) {
    List<int[]> blocks = test.heads().isEmpty() ? List.of(java.util.stream.IntStream.range(0, test.d()).toArray()) : test.heads();
    return rotations(a, train, nTrain, yTrain, test, fixed, blocks, epochs, draws, seed);
  }

  /**
   * Rotations that mix the heads (or filters): for each position j within a head, the j-th nodes
   * of all heads rotated together. A within-head rotation leaves every head-level statistic
   * unchanged by construction; this is the rotation null for claims about heads and filters.
   * Null when the heads differ in size.
   */
  public static List<int[]> acrossHeads(List<int[]> heads) {
    if (heads.isEmpty() || heads.stream().anyMatch(h -> h.length != heads.get(0).length)) {
      return null;
    }
    List<int[]> blocks = new ArrayList<>();
    for (int j = 0; j < heads.get(0).length; j++) {
      int[] b = new int[heads.size()];
      for (int h = 0; h < heads.size(); h++) {
        b[h] = heads.get(h)[j];
      }
      blocks.add(b);
    }
    return blocks;
  }

  /** Rotations inside the given blocks of nodes. */
  public static List<Map<String, Double>> rotations(KanterAnalysis a, float[] train, int nTrain, int[] yTrain, KanterAnalysis.Site test,
      Readout fixed, List<int[]> blocks, int epochs, int draws, long seed) {
    List<Map<String, Double>> out = new ArrayList<>();
    for (int t = 0; t < draws; t++) {
      RngStream r = new RngStream(seed, "kanter/rotation/" + t);
      List<double[][]> rotations = new ArrayList<>();
      for (int[] b : blocks) {
        rotations.add(randomOrthogonal(b.length, r));
      }
      float[] rotTrain = rotate(train, nTrain, test.d(), blocks, rotations);
      float[] rotTest = rotate(test.h(), test.n(), test.d(), blocks, rotations);
      KanterAnalysis.Site rotated = new KanterAnalysis.Site(rotTest, test.n(), test.d(), test.y(), test.k(), test.heads());
      Readout w = fixed != null ? rotateReadout(fixed, blocks, rotations)
          : BiasFreeReadout.fit(rotTrain, nTrain, test.d(), yTrain, test.k(), epochs, r.derive("order"));
      out.add(a.run(rotated, w).summary());
    }
    return out;
  }

  /** h' = h with each block's nodes multiplied by its rotation (row vector times R). */
  static float[] rotate(float[] h, int n, int d, List<int[]> blocks, List<double[][]> rotations) {
    float[] out = h.clone();
    for (int b = 0; b < blocks.size(); b++) {
      int[] idx = blocks.get(b);
      double[][] rot = rotations.get(b);
      double[] acc = new double[idx.length];
      for (int r = 0; r < n; r++) {
        // row i of R at a time (contiguous), so a 3,072-node block streams through R once per row;
        // each acc[j] still sums over i in ascending order: the same bits as the column-wise loop
        java.util.Arrays.fill(acc, 0);
        for (int i = 0; i < idx.length; i++) {
          double x = h[r * d + idx[i]];
          double[] row = rot[i];
          for (int j = 0; j < idx.length; j++) {
            acc[j] += x * row[j];
          }
        }
        for (int j = 0; j < idx.length; j++) {
          out[r * d + idx[j]] = (float) acc[j];
        }
      }
    }
    return out;
  }

  /** W' = W·R inside each block, so that W'·(hR)ᵀ = W·hᵀ: the same fields from rotated features. */
  static Readout rotateReadout(Readout w, List<int[]> blocks, List<double[][]> rotations) {
    int d = w.nodes();
    double[] out = w.w().clone();
    for (int b = 0; b < blocks.size(); b++) {
      int[] idx = blocks.get(b);
      double[][] rot = rotations.get(b);
      double[] acc = new double[idx.length];
      for (int c = 0; c < w.outputs(); c++) {
        java.util.Arrays.fill(acc, 0);
        for (int i = 0; i < idx.length; i++) {
          double x = w.w()[c * d + idx[i]];
          double[] row = rot[i];
          for (int j = 0; j < idx.length; j++) {
            acc[j] += x * row[j];
          }
        }
        for (int j = 0; j < idx.length; j++) {
          out[c * d + idx[j]] = acc[j];
        }
      }
    }
    return new Readout(w.outputs(), d, out, w.b().clone());
  }

  /** A Haar-random orthogonal matrix: Gram–Schmidt of a Gaussian matrix (rows orthonormalised in order). */
  static double[][] randomOrthogonal(int n, RngStream r) {
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] = r.nextGaussian();
      }
      for (int pass = 0; pass < 2; pass++) { // twice is enough (Kahan) for numerical orthogonality
        for (int k = 0; k < i; k++) {
          double dot = 0;
          for (int j = 0; j < n; j++) {
            dot += q[i][j] * q[k][j];
          }
          for (int j = 0; j < n; j++) {
            q[i][j] -= dot * q[k][j];
          }
        }
      }
      double norm = 0;
      for (int j = 0; j < n; j++) {
        norm += q[i][j] * q[i][j];
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < n; j++) {
        q[i][j] /= norm;
      }
    }
    return q;
  }

  /** Per statistic, the central 95 % range of the draws (2.5th and 97.5th percentiles, linear interpolation). */
  public static Map<String, Range> ranges(List<Map<String, Double>> draws) {
    Map<String, Range> out = new LinkedHashMap<>();
    if (draws.isEmpty()) {
      return out;
    }
    for (String k : draws.get(0).keySet()) {
      double[] v = draws.stream().mapToDouble(m -> m.getOrDefault(k, Double.NaN)).filter(x -> !Double.isNaN(x)).sorted().toArray();
      if (v.length > 0) {
        out.put(k, new Range(quantile(v, 0.025), quantile(v, 0.975), v.length));
      }
    }
    return out;
  }

  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** The decision rule: the trained value lies outside the range of every null that measured it. */
  public static boolean beyondEveryNull(String statistic, double trained, List<Map<String, Range>> nulls) {
    if (Double.isNaN(trained)) {
      return false;
    }
    for (Map<String, Range> n : nulls) {
      Range r = n.get(statistic);
      if (r == null || r.contains(trained)) {
        return false;
      }
    }
    return true;
  }
}
