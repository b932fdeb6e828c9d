package phaselab.lab.probe.nodes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.rng.RngStream;

/**
 * The whole node analysis of RESEARCH.md A.1 on one site's features: readout (fitted, or the MLM
 * decoder), per-node and per-head learned sets with accuracy and SNR, order parameters, the
 * convex-hull bound against what each node achieves, label × label matrices of the best nodes and
 * of every head, and the crossover curves. Returns a JSON-ready map; {@link #summary} holds the
 * per-step numbers.
 *
 * @param minRecall learned-set recall threshold; ≤ 0 means the default 2/K
 * @param meanSilencing silenced nodes contribute their training mean instead of 0
 * @param head the head whose nodes form the node crossover pool (z sites); other sites use the first {@code poolSize} nodes
 * @param draws random subsets per k in the crossover
 * @param crossover false for the quick per-step probe (no crossover, no matrices)
 * @param shuffleLabels the label-shuffled null model: the model readout's output rows permuted, or
 *     the fitted readout trained on permuted labels (one seeded permutation) — what each statistic
 *     gives when the readout's labels carry no relation to the features
 */
public record NodeAnalysis(double minRecall, boolean meanSilencing, int head, int poolSize, int draws, long seed, boolean crossover,
    boolean shuffleLabels) {

  public NodeAnalysis(double minRecall, boolean meanSilencing, int head, int poolSize, int draws, long seed, boolean crossover) {
    this(minRecall, meanSilencing, head, poolSize, draws, seed, crossover, false);
  }

  /** The same analysis with the label-shuffled readout. */
  public NodeAnalysis shuffled() {
    return new NodeAnalysis(minRecall, meanSilencing, head, poolSize, draws, seed, crossover, true);
  }

  public Map<String, Object> run(SiteFeatures f) {
    int k = f.outputs().size();
    int outputs = f.outputsCount();
    int d = f.nodes();
    double threshold = minRecall > 0 ? minRecall : 2.0 / k;
    Readout readout = readout(f);
    double[] means = Silencing.means(f.train(), f.nTrain(), d);
    Silencing s = new Silencing(readout, f.test(), f.nTest(), f.yTest(), meanSilencing ? means : null, f.reported());
    int[] reportIndex = new int[outputs];
    Arrays.fill(reportIndex, -1);
    for (int j = 0; j < k; j++) {
      reportIndex[f.reported()[j]] = j;
    }
    double[] lo = new double[d];
    double[] hi = new double[d];
    observedRange(f, lo, hi);
    int[] allNodes = java.util.stream.IntStream.range(0, d).toArray();
    Silencing.Result all = s.evaluate(allNodes, threshold);

    List<Map<String, Object>> nodes = new ArrayList<>();
    List<int[]> nodeSets = new ArrayList<>();
    double boundSum = 0;
    double observedSum = 0;
    double achievedSum = 0;
    double boundAccSum = 0;
    double observedAccSum = 0;
    double accSum = 0;
    int violations = 0;
    double[] nodeAcc = new double[d];
    for (int i = 0; i < d; i++) {
      Silencing.Result r = s.evaluate(new int[] {i}, threshold);
      double[] slope = new double[outputs];
      for (int c = 0; c < outputs; c++) {
        slope[c] = readout.w()[c * d + i];
      }
      double[] intercept = s.intercepts(new int[] {i});
      int[] env = reportedOnly(Envelope.upper(slope, intercept), reportIndex);
      int[] seen = reportedOnly(Envelope.upperOn(slope, intercept, lo[i], hi[i]), reportIndex);
      double boundAcc = shareOfTestRowsIn(f, env);
      double observedAcc = shareOfTestRowsIn(f, seen);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", i);
      m.put("accuracy", r.accuracy());
      m.put("learned", r.learned());
      m.put("snr", r.snr());
      m.put("envelope", env);
      m.put("envelope_observed", seen);
      m.put("observed_range", new double[] {lo[i], hi[i]});
      m.put("bound_accuracy", boundAcc);
      m.put("bound_observed_accuracy", observedAcc);
      nodes.add(m);
      nodeSets.add(r.learned());
      nodeAcc[i] = r.accuracy();
      boundSum += env.length;
      observedSum += seen.length;
      achievedSum += r.learned().length;
      boundAccSum += boundAcc;
      observedAccSum += observedAcc;
      accSum += r.accuracy();
      // self-check: a node can only learn reported labels on the envelope of its observed range
      // (test rows lie in that range), so this is 0 unless the envelope code is wrong
      violations += !contains(seen, r.learned()) || r.accuracy() > observedAcc + boundAllowance(f) + 1e-12 ? 1 : 0;
    }
    OrderParameters nodeOrder = OrderParameters.of(nodeSets, k);

    List<int[]> headUnits = f.heads();
    List<Map<String, Object>> heads = new ArrayList<>();
    List<int[]> headSets = new ArrayList<>();
    List<Silencing.Result> headResults = new ArrayList<>();
    for (int h = 0; h < headUnits.size(); h++) {
      Silencing.Result r = s.evaluate(headUnits.get(h), threshold);
      headResults.add(r);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("head", h);
      m.put("accuracy", r.accuracy());
      m.put("learned", r.learned());
      m.put("snr", r.snr());
      heads.add(m);
      headSets.add(r.learned());
    }
    OrderParameters headOrder = headUnits.isEmpty() ? null : OrderParameters.of(headSets, k);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("site", f.site());
    out.put("nodes_count", d);
    out.put("heads_count", headUnits.size());
    out.put("outputs", f.outputs());
    out.put("train_rows", f.nTrain());
    out.put("test_rows", f.nTest());
    out.put("readout", f.readoutKind());
    out.put("readout_description", describe(f) + (shuffleLabels ? ", labels shuffled (null model)" : ""));
    out.put("argmax_outputs", outputs);
    out.put("silencing", meanSilencing ? "mean" : "zero");
    out.put("min_recall", threshold);
    out.put("accuracy_all_nodes", all.accuracy());
    out.put("learned_all_nodes", all.learned());
    Map<String, Double> summary = new LinkedHashMap<>();
    summary.put("accuracy_all", all.accuracy());
    summary.put("node_accuracy_mean", accSum / d);
    putOrder(summary, "node", nodeOrder);
    if (headOrder != null) {
      putOrder(summary, "head", headOrder);
      summary.put("head_accuracy_mean", heads.stream().mapToDouble(m -> (double) m.get("accuracy")).average().orElse(Double.NaN));
    }
    summary.put("node_bound_size_mean", boundSum / d);
    summary.put("node_bound_observed_size_mean", observedSum / d);
    summary.put("node_learned_size_mean", achievedSum / d);
    summary.put("node_bound_accuracy_mean", boundAccSum / d);
    summary.put("node_bound_observed_accuracy_mean", observedAccSum / d);
    summary.put("selfcheck_bound_violations", (double) violations);
    out.put("summary", summary);
    out.put("node_order", orderMap(nodeOrder));
    if (headOrder != null) {
      out.put("head_order", orderMap(headOrder));
    }
    out.put("nodes", nodes);
    out.put("heads", heads);
    if (crossover) {
      List<Map<String, Object>> matrices = new ArrayList<>();
      Integer[] byAcc = java.util.stream.IntStream.range(0, d).boxed().toArray(Integer[]::new);
      Arrays.sort(byAcc, (a, b) -> nodeAcc[a] != nodeAcc[b] ? Double.compare(nodeAcc[b], nodeAcc[a]) : Integer.compare(a, b));
      for (int j = 0; j < Math.min(3, d); j++) {
        matrices.add(matrix("node " + byAcc[j], s.evaluate(new int[] {byAcc[j]}, threshold)));
      }
      for (int h = 0; h < headResults.size(); h++) {
        matrices.add(matrix("head " + h, headResults.get(h)));
      }
      matrices.add(matrix("all nodes", all));
      out.put("matrices", matrices);
      List<int[]> pool = new ArrayList<>();
      if (!headUnits.isEmpty()) {
        for (int i : headUnits.get(Math.min(head, headUnits.size() - 1))) {
          pool.add(new int[] {i});
        }
      } else {
        for (int i = 0; i < Math.min(poolSize, d); i++) {
          pool.add(new int[] {i});
        }
      }
      RngStream rng = new RngStream(seed, "crossover");
      out.put("crossover_nodes", crossoverMap(Crossover.run(s, readout, pool, draws, rng, outputs <= 100 ? 64 : 0),
          !headUnits.isEmpty() ? "nodes of head " + Math.min(head, headUnits.size() - 1) : "the first " + pool.size() + " nodes"));
      if (headUnits.size() > 1) {
        out.put("crossover_heads", crossoverMap(Crossover.run(s, readout, headUnits, draws, rng, 0), "heads of the layer"));
      }
    }
    return out;
  }

  /** The model's readout or a fitted one; for the null model with permuted labels. */
  private Readout readout(SiteFeatures f) {
    int d = f.nodes();
    RngStream rng = new RngStream(seed, "label-shuffle");
    if (f.decoder() != null) {
      Readout r = f.decoder();
      if (!shuffleLabels) {
        return r;
      }
      int[] perm = java.util.stream.IntStream.range(0, r.outputs()).toArray();
      rng.shuffle(perm);
      double[] w = new double[r.w().length];
      double[] b = new double[r.outputs()];
      for (int c = 0; c < r.outputs(); c++) {
        System.arraycopy(r.w(), perm[c] * d, w, c * d, d);
        b[c] = r.b()[perm[c]];
      }
      return new Readout(r.outputs(), d, w, b);
    }
    int[] y = f.yTrain().clone();
    if (shuffleLabels) {
      rng.shuffle(y);
    }
    return Readout.fit(f.train(), f.nTrain(), d, y, f.outputs().size(), 1e-4);
  }

  private static String describe(SiteFeatures f) {
    if (f.decoder() == null) {
      return "fitted softmax regression (Adam, " + Readout.STEPS + " steps, L2 1e-4) on the frozen site";
    }
    return f.site().equals("mlm") ? "the model's MLM decoder, argmax over all " + f.decoder().outputs() + " tokens"
        : "the model's fine-tuned classifier on its own input";
  }

  /** Per node, the smallest and largest activation on the training and test rows. */
  private static void observedRange(SiteFeatures f, double[] lo, double[] hi) {
    int d = f.nodes();
    Arrays.fill(lo, Double.POSITIVE_INFINITY);
    Arrays.fill(hi, Double.NEGATIVE_INFINITY);
    for (float[] h : new float[][] {f.train(), f.test()}) {
      for (int r = 0; r < h.length / Math.max(1, d); r++) {
        for (int i = 0; i < d; i++) {
          lo[i] = Math.min(lo[i], h[r * d + i]);
          hi[i] = Math.max(hi[i], h[r * d + i]);
        }
      }
    }
  }

  /** Positions in the reported outputs of the envelope's outputs that are reported. */
  private static int[] reportedOnly(int[] env, int[] reportIndex) {
    return Arrays.stream(env).map(c -> reportIndex[c]).filter(j -> j >= 0).sorted().toArray();
  }

  /** Share of test rows whose label (a readout output) is among the given reported positions. */
  private static double shareOfTestRowsIn(SiteFeatures f, int[] reportedPositions) {
    boolean[] in = new boolean[f.outputsCount()];
    for (int j : reportedPositions) {
      in[f.reported()[j]] = true;
    }
    return f.nTest() == 0 ? Double.NaN : (double) Arrays.stream(f.yTest()).filter(y -> in[y]).count() / f.nTest();
  }

  /** Rows whose label is not reported may still be predicted right by an unreported envelope line. */
  private static double boundAllowance(SiteFeatures f) {
    if (f.reported().length == f.outputsCount()) {
      return 0;
    }
    boolean[] rep = new boolean[f.outputsCount()];
    for (int c : f.reported()) {
      rep[c] = true;
    }
    return f.nTest() == 0 ? 0 : (double) Arrays.stream(f.yTest()).filter(y -> !rep[y]).count() / f.nTest();
  }

  private static boolean contains(int[] sorted, int[] xs) {
    for (int x : xs) {
      if (Arrays.binarySearch(sorted, x) < 0) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Double> summary(Map<String, Object> result) {
    return (Map<String, Double>) result.get("summary");
  }

  private static void putOrder(Map<String, Double> m, String unit, OrderParameters o) {
    m.put(unit + "_learned_mean", o.meanSize());
    m.put(unit + "_empty_fraction", o.emptyFraction());
    m.put(unit + "_coverage", o.coverage());
    m.put(unit + "_jaccard", o.meanJaccard());
  }

  private static Map<String, Object> orderMap(OrderParameters o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean_size", o.meanSize());
    m.put("size_histogram", o.histogram());
    m.put("empty_fraction", o.emptyFraction());
    m.put("coverage", o.coverage());
    m.put("mean_jaccard", o.meanJaccard());
    return m;
  }

  private static Map<String, Object> matrix(String unit, Silencing.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("unit", unit);
    m.put("accuracy", r.accuracy());
    m.put("learned", r.learned());
    m.put("field", r.field());
    m.put("prob", r.prob());
    m.put("confusion", r.confusion());
    return m;
  }

  private static Map<String, Object> crossoverMap(Crossover c, String pool) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pool", pool);
    m.put("k", c.k());
    m.put("random_mean", c.randomMean());
    m.put("random_std", c.randomStd());
    m.put("greedy", c.greedy());
    m.put("random_guess_baseline", c.baseline());
    m.put("cooperation_ratio", c.cooperation());
    return m;
  }
}
