package phaselab.lab.suite.symmetry.kanter;

import java.util.ArrayList;
import java.util.List;

/**
 * The Kanter group's single-filter performance matrix (Tzach et al. 2023; Meir et al. 2024; the
 * released code Shutshutnunte/AFCC, Compute_Matrices_Clusters.py), for one set S of nodes:
 * M[a][c] = the mean over test rows of true label a of the field Σ_{i∈S} W_ci·h_i that S alone
 * sends to output c (every other node silenced to zero, no bias), divided by the matrix's maximum
 * and thresholded into ones (> threshold) and zeros.
 *
 * <ul>
 *   <li><b>labels</b>: the diagonal ones, the labels a for which S's field favours a on rows of a;
 *   <li><b>clusters</b>: all-ones blocks, grown greedily in label order as the released code does
 *       (a label joins the current cluster when the block with it is still all ones);
 *   <li><b>noise</b>: the ones outside the clusters' blocks.
 * </ul>
 *
 * A matrix whose maximum is ≤ 0 has no ones (the released code divides by a negative maximum,
 * which turns an all-negative matrix into all ones; we count it empty).
 *
 * @param ones labels × outputs, row-major
 */
public record FieldMatrix(int labels, int outputs, boolean[] ones, int[] diagonal, List<int[]> clusters, int noise) {

  /** Thresholds a matrix of mean fields {@code m} (labels × outputs, row-major). */
  public static FieldMatrix of(double[] m, int labels, int outputs, double threshold) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : m) {
      max = Math.max(max, v);
    }
    boolean[] ones = new boolean[m.length];
    int total = 0;
    if (max > 0) {
      for (int i = 0; i < m.length; i++) {
        ones[i] = m[i] / max > threshold;
        total += ones[i] ? 1 : 0;
      }
    }
    List<Integer> diag = new ArrayList<>();
    for (int a = 0; a < Math.min(labels, outputs); a++) {
      if (ones[a * outputs + a]) {
        diag.add(a);
      }
    }
    List<int[]> clusters = clusters(diag, ones, outputs);
    int inBlocks = 0;
    for (int[] c : clusters) {
      inBlocks += c.length * c.length;
    }
    return new FieldMatrix(labels, outputs, ones, diag.stream().mapToInt(Integer::intValue).toArray(), clusters, total - inBlocks);
  }

  /** Greedy all-ones blocks over the diagonal labels, in label order. */
  private static List<int[]> clusters(List<Integer> diag, boolean[] ones, int outputs) {
    List<Integer> left = new ArrayList<>(diag);
    List<int[]> out = new ArrayList<>();
    while (!left.isEmpty()) {
      List<Integer> cluster = new ArrayList<>();
      cluster.add(left.remove(0));
      for (int j = 0; j < left.size(); ) {
        cluster.add(left.get(j));
        if (square(cluster, ones, outputs)) {
          left.remove(j);
        } else {
          cluster.remove(cluster.size() - 1);
          j++;
        }
      }
      out.add(cluster.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  private static boolean square(List<Integer> idx, boolean[] ones, int outputs) {
    for (int a : idx) {
      for (int c : idx) {
        if (!ones[a * outputs + c]) {
          return false;
        }
      }
    }
    return true;
  }

  /** Mean cluster size (NaN without clusters). */
  public double meanClusterSize() {
    return clusters.isEmpty() ? Double.NaN : (double) diagonal.length / clusters.size();
  }
}
