package phaselab.lab.suite.symmetry.kanter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.rng.RngStream;
import phaselab.lab.suite.symmetry.Readout;

/**
 * The Kanter group's single-node recipe on one site (probes.protocol kanter; docs/symmetry-breaking.md):
 * a bias-free readout W (fitted by {@link BiasFreeReadout}, or the model's own output layer without
 * its bias), zero silencing, and for every node and every head the thresholded {@link FieldMatrix}
 * with its labels, clusters and noise; the accuracy of each node alone; the bound that bias-free
 * lines through the origin put on it; and the crossover within one head.
 *
 * <p><b>The bound.</b> Node i alone sends field W_ci·h_i to output c: K lines through the origin
 * in h_i. For h_i > 0 the argmax is the output with the largest W_ci, for h_i < 0 the one with the
 * smallest, so at most two outputs can ever win, and a node's accuracy is at most the share of
 * test rows whose label is one of those two ({@code node_bound}).
 *
 * @param threshold the matrix threshold (the group's 0.3)
 * @param sweep thresholds at which node_labels is also reported
 */
public record KanterAnalysis(double threshold, double[] sweep) {
  public static final double[] DEFAULT_SWEEP = {0.2, 0.3, 0.4, 0.5};

  /** Test features of one site: n rows of d nodes, labels in [0, k), and each head's nodes (may be empty). */
  public record Site(float[] h, int n, int d, int[] y, int k, List<int[]> heads) {}

  /** The per-node and per-head matrices and accuracies, and the summary statistics. */
  public record Result(List<FieldMatrix> nodes, List<FieldMatrix> heads, double[] nodeAccuracy, double[] headAccuracy, double accuracy,
      Map<String, Double> summary) {}

  public Result run(Site s, Readout w) {
    double[][] mu = classMeans(s);
    List<FieldMatrix> nodes = new ArrayList<>();
    double[] nodeAcc = new double[s.d()];
    double bound = 0;
    for (int i = 0; i < s.d(); i++) {
      nodes.add(FieldMatrix.of(fields(mu, w, new int[] {i}, s.k()), s.k(), w.outputs(), threshold));
      nodeAcc[i] = accuracy(s, w, new int[] {i});
      bound += reachableShare(s, w, i);
    }
    List<FieldMatrix> heads = new ArrayList<>();
    double[] headAcc = new double[s.heads().size()];
    for (int h = 0; h < s.heads().size(); h++) {
      heads.add(FieldMatrix.of(fields(mu, w, s.heads().get(h), s.k()), s.k(), w.outputs(), threshold));
      headAcc[h] = accuracy(s, w, s.heads().get(h));
    }
    double all = accuracy(s, w, java.util.stream.IntStream.range(0, s.d()).toArray());
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("accuracy_all", all);
    out.put("node_accuracy", mean(nodeAcc));
    out.put("node_bound", bound / s.d());
    put(out, "node", nodes, s.k());
    for (double t : sweep) {
      if (t != threshold) {
        List<FieldMatrix> at = new ArrayList<>();
        for (int i = 0; i < s.d(); i++) {
          at.add(FieldMatrix.of(fields(mu, w, new int[] {i}, s.k()), s.k(), w.outputs(), t));
        }
        out.put(String.format(java.util.Locale.ROOT, "node_labels@%.2f", t), meanLabels(at));
      }
    }
    if (!heads.isEmpty()) {
      out.put("head_accuracy", mean(headAcc));
      put(out, "head", heads, s.k());
    }
    return new Result(nodes, heads, nodeAcc, headAcc, all, out);
  }

  private static void put(Map<String, Double> out, String unit, List<FieldMatrix> m, int k) {
    double clusters = 0;
    double size = 0;
    double noise = 0;
    double noiseAll = 0;
    int withCluster = 0;
    int empty = 0;
    for (FieldMatrix f : m) {
      noiseAll += f.noise();
      empty += f.diagonal().length == 0 ? 1 : 0;
      if (!f.clusters().isEmpty()) {
        withCluster++;
        clusters += f.clusters().size();
        size += f.meanClusterSize();
        noise += f.noise();
      }
    }
    out.put(unit + "_labels", meanLabels(m));
    out.put(unit + "_empty", (double) empty / m.size());
    out.put(unit + "_clusters", withCluster == 0 ? Double.NaN : clusters / withCluster);
    out.put(unit + "_cluster_size", withCluster == 0 ? Double.NaN : size / withCluster);
    // as the released code: noise averaged over units with at least one cluster, and over all units
    out.put(unit + "_noise", withCluster == 0 ? Double.NaN : noise / withCluster);
    out.put(unit + "_noise_all", noiseAll / m.size());
    out.put(unit + "_jaccard", phaselab.lab.suite.symmetry.OrderParameters.of(m.stream().map(FieldMatrix::diagonal).toList(), k).meanJaccard());
  }

  private static double meanLabels(List<FieldMatrix> m) {
    return m.stream().mapToInt(f -> f.diagonal().length).average().orElse(Double.NaN);
  }

  /** μ[a][i]: the mean of node i over test rows of label a. */
  static double[][] classMeans(Site s) {
    double[][] mu = new double[s.k()][s.d()];
    int[] count = new int[s.k()];
    for (int r = 0; r < s.n(); r++) {
      count[s.y()[r]]++;
      for (int i = 0; i < s.d(); i++) {
        mu[s.y()[r]][i] += s.h()[r * s.d() + i];
      }
    }
    for (int a = 0; a < s.k(); a++) {
      for (int i = 0; i < s.d(); i++) {
        mu[a][i] /= Math.max(1, count[a]);
      }
    }
    return mu;
  }

  /** M[a][c] = Σ_{i∈S} μ[a][i]·W_ci: the mean field S alone sends to c on rows of label a. */
  static double[] fields(double[][] mu, Readout w, int[] set, int labels) {
    int outputs = w.outputs();
    double[] m = new double[labels * outputs];
    for (int a = 0; a < labels; a++) {
      for (int c = 0; c < outputs; c++) {
        double s = 0;
        for (int i : set) {
          s += mu[a][i] * w.w()[c * w.nodes() + i];
        }
        m[a * outputs + c] = s;
      }
    }
    return m;
  }

  /** Test accuracy of argmax_c Σ_{i∈S} W_ci·h_i (all other nodes zero, no bias; ties to the lowest output). */
  static double accuracy(Site s, Readout w, int[] set) {
    int right = 0;
    for (int r = 0; r < s.n(); r++) {
      int best = 0;
      double bestField = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < w.outputs(); c++) {
        double f = 0;
        for (int i : set) {
          f += w.w()[c * w.nodes() + i] * s.h()[r * s.d() + i];
        }
        if (f > bestField) {
          bestField = f;
          best = c;
        }
      }
      right += best == s.y()[r] ? 1 : 0;
    }
    return s.n() == 0 ? Double.NaN : (double) right / s.n();
  }

  /** Share of test rows whose label is one of the two outputs node i can make win (largest and smallest W_ci). */
  private static double reachableShare(Site s, Readout w, int i) {
    int hi = 0;
    int lo = 0;
    for (int c = 1; c < w.outputs(); c++) {
      if (w.w()[c * w.nodes() + i] > w.w()[hi * w.nodes() + i]) {
        hi = c;
      }
      if (w.w()[c * w.nodes() + i] < w.w()[lo * w.nodes() + i]) {
        lo = c;
      }
    }
    int in = 0;
    for (int r = 0; r < s.n(); r++) {
      in += s.y()[r] == hi || s.y()[r] == lo ? 1 : 0;
    }
    return s.n() == 0 ? Double.NaN : (double) in / s.n();
  }

  /**
   * The crossover within a pool of nodes (one head's): for subset sizes 1, 2, 4, … up to the pool,
   * {@code draws} random subsets each; per size the mean accuracy A(S), the mean Σ_{i∈S} A(i),
   * their ratio (cooperation), and the mean number of labels S learns that none of its members
   * learns alone. Cooperation is reported only for k below the number of labels K: a node alone
   * wins at least the rows of the output it favours (about 1/K of them with balanced labels), so
   * Σ A(i) is about k/K or more while A(S) ≤ 1, and the ratio cannot exceed about K/k ≤ 1 once
   * k ≥ K.
   */
  public List<Map<String, Double>> crossover(Site s, Readout w, int[] pool, int draws, RngStream rng) {
    double[][] mu = classMeans(s);
    double[] single = new double[s.d()];
    List<int[]> singleLabels = new ArrayList<>();
    for (int i = 0; i < s.d(); i++) {
      singleLabels.add(null);
    }
    for (int i : pool) {
      single[i] = accuracy(s, w, new int[] {i});
      singleLabels.set(i, FieldMatrix.of(fields(mu, w, new int[] {i}, s.k()), s.k(), w.outputs(), threshold).diagonal());
    }
    List<Map<String, Double>> curve = new ArrayList<>();
    for (int size = 1; size <= pool.length; size = size < pool.length && size * 2 > pool.length ? pool.length : size * 2) {
      double acc = 0;
      double sum = 0;
      double fresh = 0;
      int n = size == pool.length ? 1 : draws;
      for (int t = 0; t < n; t++) {
        int[] sub = pool.clone();
        rng.shuffle(sub);
        sub = java.util.Arrays.copyOf(sub, size);
        acc += accuracy(s, w, sub);
        java.util.Set<Integer> alone = new java.util.HashSet<>();
        for (int i : sub) {
          sum += single[i];
          for (int a : singleLabels.get(i)) {
            alone.add(a);
          }
        }
        for (int a : FieldMatrix.of(fields(mu, w, sub, s.k()), s.k(), w.outputs(), threshold).diagonal()) {
          fresh += alone.contains(a) ? 0 : 1;
        }
      }
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("k", (double) size);
      row.put("accuracy", acc / n);
      row.put("sum_single", sum / n);
      row.put("cooperation", size < s.k() ? acc / sum : Double.NaN);
      row.put("new_labels", fresh / n);
      curve.add(row);
      if (size == pool.length) {
        break;
      }
    }
    return curve;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return x.length == 0 ? Double.NaN : s / x.length;
  }
}
