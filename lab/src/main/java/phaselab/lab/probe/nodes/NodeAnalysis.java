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
 */
public record NodeAnalysis(double minRecall, boolean meanSilencing, int head, int poolSize, int draws, long seed, boolean crossover) {

  public Map<String, Object> run(SiteFeatures f) {
    int k = f.outputs().size();
    int d = f.nodes();
    double threshold = minRecall > 0 ? minRecall : 2.0 / k;
    Readout readout = f.decoder() != null ? f.decoder() : Readout.fit(f.train(), f.nTrain(), d, f.yTrain(), k, 1e-4);
    double[] means = Silencing.means(f.train(), f.nTrain(), d);
    Silencing s = new Silencing(readout, f.test(), f.nTest(), f.yTest(), meanSilencing ? means : null);
    int[] allNodes = java.util.stream.IntStream.range(0, d).toArray();
    Silencing.Result all = s.evaluate(allNodes, threshold);

    List<Map<String, Object>> nodes = new ArrayList<>();
    List<int[]> nodeSets = new ArrayList<>();
    double boundSum = 0;
    double achievedSum = 0;
    double boundAccSum = 0;
    double accSum = 0;
    int violations = 0;
    boolean[] labelOnEnvelope = new boolean[k];
    double[] nodeAcc = new double[d];
    for (int i = 0; i < d; i++) {
      Silencing.Result r = s.evaluate(new int[] {i}, threshold);
      double[] slope = new double[k];
      for (int c = 0; c < k; c++) {
        slope[c] = readout.w()[c * d + i];
      }
      int[] env = Envelope.upper(slope, s.intercepts(new int[] {i}));
      Arrays.fill(labelOnEnvelope, false);
      for (int c : env) {
        labelOnEnvelope[c] = true;
      }
      long onEnv = Arrays.stream(f.yTest()).filter(y -> labelOnEnvelope[y]).count();
      double boundAcc = f.nTest() == 0 ? Double.NaN : (double) onEnv / f.nTest();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", i);
      m.put("accuracy", r.accuracy());
      m.put("learned", r.learned());
      m.put("snr", r.snr());
      m.put("envelope", env);
      m.put("bound_accuracy", boundAcc);
      nodes.add(m);
      nodeSets.add(r.learned());
      nodeAcc[i] = r.accuracy();
      boundSum += env.length;
      achievedSum += r.learned().length;
      boundAccSum += boundAcc;
      accSum += r.accuracy();
      violations += r.learned().length > env.length || r.accuracy() > boundAcc + 1e-12 ? 1 : 0;
    }
    OrderParameters nodeOrder = OrderParameters.of(nodeSets, k);

    List<int[]> headUnits = new ArrayList<>();
    if (f.headSize() > 0) {
      for (int h = 0; h < d / f.headSize(); h++) {
        headUnits.add(java.util.stream.IntStream.range(h * f.headSize(), (h + 1) * f.headSize()).toArray());
      }
    }
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
    out.put("head_size", f.headSize());
    out.put("outputs", f.outputs());
    out.put("train_rows", f.nTrain());
    out.put("test_rows", f.nTest());
    out.put("readout", f.decoder() != null ? "the model's MLM decoder" : "fitted softmax regression (Adam, 400 steps, L2 1e-4)");
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
    summary.put("node_learned_size_mean", achievedSum / d);
    summary.put("node_bound_accuracy_mean", boundAccSum / d);
    summary.put("bound_violations", (double) violations);
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
      if (f.headSize() > 0) {
        for (int i : headUnits.get(Math.min(head, headUnits.size() - 1))) {
          pool.add(new int[] {i});
        }
      } else {
        for (int i = 0; i < Math.min(poolSize, d); i++) {
          pool.add(new int[] {i});
        }
      }
      RngStream rng = new RngStream(seed, "crossover");
      out.put("crossover_nodes", crossoverMap(Crossover.run(s, readout, pool, draws, rng, k <= 100 ? 64 : 0),
          f.headSize() > 0 ? "nodes of head " + Math.min(head, headUnits.size() - 1) : "the first " + pool.size() + " nodes"));
      if (headUnits.size() > 1) {
        out.put("crossover_heads", crossoverMap(Crossover.run(s, readout, headUnits, draws, rng, 0), "heads of the layer"));
      }
    }
    return out;
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
