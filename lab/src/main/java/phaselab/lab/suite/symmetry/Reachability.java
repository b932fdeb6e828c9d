package phaselab.lab.suite.symmetry;

/**
 * Which outputs a subset of k nodes can make win (docs/research.md A.1 step 8): output c is reachable
 * iff {h ∈ R^k : f_c(h) > f_j(h) for all j ≠ c} is non-empty, with f_j(h) = a_j + Σ_i s_ji h_i. We
 * solve max t subject to (s_c − s_j)·h + (a_c − a_j) ≥ t for all j ≠ c, t ≤ 1, h free, by the
 * simplex method (Bland's rule, so it terminates and is deterministic); c is reachable iff the
 * optimum t is positive (> 1e-9 relative to the fields' scale).
 */
public final class Reachability {
  private Reachability() {}

  /** For each output, whether it can win; s is K × k (row c = output c's weights on the subset), a is K. */
  public static boolean[] reachable(double[][] s, double[] a) {
    int outputs = a.length;
    boolean[] out = new boolean[outputs];
    double scale = 1e-12;
    for (double x : a) {
      scale = Math.max(scale, Math.abs(x));
    }
    for (double[] row : s) {
      for (double x : row) {
        scale = Math.max(scale, Math.abs(x));
      }
    }
    for (int c = 0; c < outputs; c++) {
      out[c] = maxMargin(s, a, c) > 1e-9 * scale;
    }
    return out;
  }

  /** The LP optimum t* (capped at 1) for output c. */
  static double maxMargin(double[][] s, double[] a, int c) {
    int outputs = a.length;
    int k = s.length == 0 ? 0 : s[0].length;
    // variables x = (h⁺ (k), h⁻ (k), u) with t = u − shift, shift ≥ 0 making x = 0 feasible
    double minGap = Double.POSITIVE_INFINITY;
    for (int j = 0; j < outputs; j++) {
      if (j != c) {
        minGap = Math.min(minGap, a[c] - a[j]);
      }
    }
    if (outputs == 1) {
      return 1;
    }
    double shift = Math.max(0, -minGap);
    int vars = 2 * k + 1;
    int rows = outputs; // K − 1 margin rows + the cap u ≤ shift + 1
    double[][] tab = new double[rows + 1][vars + rows + 1];
    int r = 0;
    for (int j = 0; j < outputs; j++) {
      if (j == c) {
        continue;
      }
      // −(s_c − s_j)·(h⁺ − h⁻) + u ≤ (a_c − a_j) + shift
      for (int i = 0; i < k; i++) {
        double d = s[c][i] - s[j][i];
        tab[r][i] = -d;
        tab[r][k + i] = d;
      }
      tab[r][2 * k] = 1;
      tab[r][vars + r] = 1;
      tab[r][vars + rows] = a[c] - a[j] + shift;
      r++;
    }
    tab[r][2 * k] = 1;
    tab[r][vars + r] = 1;
    tab[r][vars + rows] = shift + 1;
    // objective row: maximise u  →  z − u = 0
    tab[rows][2 * k] = -1;
    int[] basis = new int[rows];
    for (int i = 0; i < rows; i++) {
      basis[i] = vars + i;
    }
    simplex(tab, basis, rows, vars + rows);
    return tab[rows][vars + rows] - shift;
  }

  private static void simplex(double[][] tab, int[] basis, int rows, int cols) {
    for (int iter = 0; iter < 50_000; iter++) {
      int enter = -1;
      for (int j = 0; j < cols; j++) {
        if (tab[rows][j] < -1e-12) {
          enter = j; // Bland: the lowest index with a negative reduced cost
          break;
        }
      }
      if (enter < 0) {
        return;
      }
      int leave = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < rows; i++) {
        if (tab[i][enter] > 1e-12) {
          double ratio = tab[i][cols] / tab[i][enter];
          if (ratio < best - 1e-15 || (Math.abs(ratio - best) <= 1e-15 && basis[i] < basis[leave])) {
            best = ratio;
            leave = i;
          }
        }
      }
      if (leave < 0) {
        return; // unbounded cannot happen (u is capped); stop defensively
      }
      double p = tab[leave][enter];
      for (int j = 0; j <= cols; j++) {
        tab[leave][j] /= p;
      }
      for (int i = 0; i <= rows; i++) {
        if (i != leave && tab[i][enter] != 0) {
          double f = tab[i][enter];
          for (int j = 0; j <= cols; j++) {
            tab[i][j] -= f * tab[leave][j];
          }
        }
      }
      basis[leave] = enter;
    }
  }
}
