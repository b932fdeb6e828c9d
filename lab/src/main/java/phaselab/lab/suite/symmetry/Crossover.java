package phaselab.lab.suite.symmetry;

import java.util.Arrays;
import java.util.List;
import phaselab.engine.rng.RngStream;

/**
 * The crossover curve (docs/research.md A.1 step 7): accuracy A(k) of the readout with only k of a
 * pool's units active (a pool is a head's nodes, or a layer's heads as blocks of nodes), for random
 * subsets (mean and spread over {@code draws} seeded draws per k) and for best-first greedy
 * subsets; beside it the random-guess baseline 1/|reachable outputs of the subset| (LP, averaged
 * over the random draws; skipped above {@code lpMaxNodes} active nodes) and the cooperation ratio
 * A(S) / Σ_{units u ∈ S} A({u}) of the random subsets.
 *
 * @param k pool sizes 1..N
 */
public record Crossover(int[] k, double[] randomMean, double[] randomStd, double[] greedy, double[] baseline, double[] cooperation) {

  /** {@code units}: each unit's node indices. */
  public static Crossover run(Silencing s, Readout readout, List<int[]> units, int draws, RngStream rng, int lpMaxNodes) {
    int n = units.size();
    double[] single = new double[n];
    for (int u = 0; u < n; u++) {
      single[u] = s.accuracy(units.get(u));
    }
    int[] ks = new int[n];
    double[] mean = new double[n];
    double[] std = new double[n];
    double[] greedy = new double[n];
    double[] base = new double[n];
    double[] coop = new double[n];
    for (int k = 1; k <= n; k++) {
      ks[k - 1] = k;
      double sum = 0;
      double sq = 0;
      double bsum = 0;
      int bcount = 0;
      double csum = 0;
      int reps = k == n ? 1 : draws;
      for (int d = 0; d < reps; d++) {
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        rng.shuffle(order);
        int[] chosen = Arrays.copyOf(order, k);
        int[] nodes = nodesOf(units, chosen);
        double a = s.accuracy(nodes);
        sum += a;
        sq += a * a;
        double singles = 0;
        for (int u : chosen) {
          singles += single[u];
        }
        csum += singles == 0 ? Double.NaN : a / singles;
        if (nodes.length <= lpMaxNodes) {
          int reach = 0;
          for (boolean r : Reachability.reachable(weights(readout, nodes), s.intercepts(nodes))) {
            reach += r ? 1 : 0;
          }
          bsum += reach == 0 ? Double.NaN : 1.0 / reach;
          bcount++;
        }
      }
      mean[k - 1] = sum / reps;
      std[k - 1] = Math.sqrt(Math.max(0, sq / reps - mean[k - 1] * mean[k - 1]));
      coop[k - 1] = csum / reps;
      base[k - 1] = bcount == 0 ? Double.NaN : bsum / bcount;
    }
    // greedy best-first: each candidate extends the fields of the units picked so far
    boolean[] used = new boolean[n];
    double[] picked = s.fields(new int[0]);
    for (int k = 1; k <= n; k++) {
      int best = -1;
      double bestAcc = -1;
      double[] bestFields = null;
      for (int u = 0; u < n; u++) {
        if (used[u]) {
          continue;
        }
        double[] f = picked.clone();
        for (int i : units.get(u)) {
          s.add(f, i);
        }
        double a = s.accuracyOf(f);
        if (a > bestAcc) {
          bestAcc = a;
          best = u;
          bestFields = f;
        }
      }
      used[best] = true;
      picked = bestFields;
      greedy[k - 1] = bestAcc;
    }
    return new Crossover(ks, mean, std, greedy, base, coop);
  }

  static int[] nodesOf(List<int[]> units, int[] chosen) {
    return Arrays.stream(chosen).flatMap(u -> Arrays.stream(units.get(u))).toArray();
  }

  /** Rows W_c restricted to the subset's nodes. */
  static double[][] weights(Readout r, int[] nodes) {
    double[][] s = new double[r.outputs()][nodes.length];
    for (int c = 0; c < r.outputs(); c++) {
      for (int i = 0; i < nodes.length; i++) {
        s[c][i] = r.w()[c * r.nodes() + nodes[i]];
      }
    }
    return s;
  }
}
