package phaselab.lab.suite.symmetry;

import java.util.List;

/**
 * Symmetry-breaking order parameters over a population of units (single nodes, or heads) from
 * their learned sets (docs/research.md A.1 step 6): mean |L|, the histogram of |L|, the share of units
 * with an empty set, coverage (share of the K labels learned by at least one unit) and the mean
 * pairwise Jaccard overlap |L_i ∩ L_j| / |L_i ∪ L_j| over pairs of units with non-empty sets (low
 * overlap = each unit specialised on different labels: the permutation symmetry is broken).
 *
 * @param histogram histogram[s] = number of units with |L| = s, s = 0..K
 */
public record OrderParameters(double meanSize, int[] histogram, double emptyFraction, double coverage, double meanJaccard) {

  public static OrderParameters of(List<int[]> learned, int k) {
    int[] hist = new int[k + 1];
    boolean[] covered = new boolean[k];
    double sum = 0;
    int empty = 0;
    for (int[] l : learned) {
      hist[l.length]++;
      sum += l.length;
      empty += l.length == 0 ? 1 : 0;
      for (int a : l) {
        covered[a] = true;
      }
    }
    int cov = 0;
    for (boolean b : covered) {
      cov += b ? 1 : 0;
    }
    double jac = 0;
    long pairs = 0;
    for (int i = 0; i < learned.size(); i++) {
      for (int j = i + 1; j < learned.size(); j++) {
        int[] a = learned.get(i);
        int[] b = learned.get(j);
        if (a.length == 0 || b.length == 0) {
          continue;
        }
        int inter = 0;
        for (int x : a) {
          for (int z : b) {
            inter += x == z ? 1 : 0;
          }
        }
        jac += (double) inter / (a.length + b.length - inter);
        pairs++;
      }
    }
    int n = learned.size();
    return new OrderParameters(n == 0 ? Double.NaN : sum / n, hist, n == 0 ? Double.NaN : (double) empty / n, (double) cov / k,
        pairs == 0 ? Double.NaN : jac / pairs);
  }
}
