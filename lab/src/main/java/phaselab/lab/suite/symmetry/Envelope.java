package phaselab.lab.suite.symmetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The convex-hull bound for one node (docs/research.md A.1 step 8): with every other node silenced,
 * output c's field is the line f_c(h) = a_c + s_c·h in the node's activation h, and the outputs that
 * can win the argmax for some h are exactly the lines on the upper envelope — the vertices of the
 * upper convex hull of the points (s_c, a_c). Lines with equal slope keep only the highest; a line
 * that touches the envelope at a single point is not counted (it never wins strictly).
 */
public final class Envelope {
  private Envelope() {}

  /** Indices of the outputs on the upper envelope, in order of increasing slope. */
  public static int[] upper(double[] slope, double[] intercept) {
    int k = slope.length;
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    // by slope, then by intercept descending, then by index (determinism)
    Arrays.sort(order, (p, q) -> slope[p] != slope[q] ? Double.compare(slope[p], slope[q])
        : intercept[p] != intercept[q] ? Double.compare(intercept[q], intercept[p]) : Integer.compare(p, q));
    List<Integer> hull = new ArrayList<>();
    for (int idx = 0; idx < k; idx++) {
      int c = order[idx];
      if (!hull.isEmpty() && slope[hull.get(hull.size() - 1)] == slope[c]) {
        continue; // same slope, lower (or equal) intercept: never strictly above
      }
      // pop lines that the new one and the one before make redundant
      while (hull.size() >= 2 && !strictlyNeeded(hull.get(hull.size() - 2), hull.get(hull.size() - 1), c, slope, intercept)) {
        hull.remove(hull.size() - 1);
      }
      hull.add(c);
    }
    return hull.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The outputs that win the argmax strictly for some activation in [lo, hi] — the envelope
   * restricted to the range of h a node actually takes on the data (for a ReLU/GELU or LayerNorm
   * output the all-real bound counts lines that win only at activations the node never reaches).
   * A subset of {@link #upper}, in order of increasing slope.
   */
  public static int[] upperOn(double[] slope, double[] intercept, double lo, double hi) {
    int[] env = upper(slope, intercept);
    List<Integer> out = new ArrayList<>();
    for (int j = 0; j < env.length; j++) {
      // line env[j] is on top between its crossings with its neighbours on the envelope
      double from = j == 0 ? Double.NEGATIVE_INFINITY : crossing(env[j - 1], env[j], slope, intercept);
      double to = j == env.length - 1 ? Double.POSITIVE_INFINITY : crossing(env[j], env[j + 1], slope, intercept);
      if (from < hi && to > lo) {
        out.add(env[j]);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double crossing(int l, int r, double[] s, double[] a) {
    return (a[l] - a[r]) / (s[r] - s[l]);
  }

  /**
   * Is line m strictly on top somewhere between l (smaller slope) and r (larger slope)? It is
   * when m crosses l strictly before r crosses l.
   */
  private static boolean strictlyNeeded(int l, int m, int r, double[] s, double[] a) {
    // x where l meets m: (a_l − a_m) / (s_m − s_l); where l meets r: (a_l − a_r) / (s_r − s_l)
    double lhs = (a[l] - a[m]) * (s[r] - s[l]);
    double rhs = (a[l] - a[r]) * (s[m] - s[l]);
    return lhs < rhs;
  }
}
