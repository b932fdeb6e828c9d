package phaselab.lab.suite.symmetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import phaselab.engine.rng.RngStream;

/**
 * The whole node analysis of docs/research.md A.1 on one site's features: readout (fitted, or the MLM
 * decoder), per-node and per-head learned sets with accuracy and SNR, order parameters, the
 * convex-hull bound against what each node achieves, label × label matrices of the best nodes and
 * of every head, and the crossover curves. Returns a {@link NodeReport}; its summary holds the per-step
 * numbers.
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

  public NodeReport run(SiteFeatures f) {
    int k = f.outputs().size();
    int d = f.nodes();
    double threshold = minRecall > 0 ? minRecall : 2.0 / k;
    Readout readout = readout(f);
    double[] means = Silencing.means(f.train(), f.nTrain(), d);
    Silencing s = new Silencing(readout, f.test(), f.nTest(), f.yTest(), meanSilencing ? means : null, f.reported());
    Silencing.Result all = s.evaluate(java.util.stream.IntStream.range(0, d).toArray(), threshold);
    List<NodeReport.Node> nodes = nodes(f, s, readout, threshold);
    List<Silencing.Result> headResults = f.heads().stream().map(h -> s.evaluate(h, threshold)).toList();
    List<NodeReport.Head> heads = new ArrayList<>();
    for (int h = 0; h < headResults.size(); h++) {
      Silencing.Result r = headResults.get(h);
      heads.add(new NodeReport.Head(h, r.accuracy(), r.learned(), r.snr()));
    }
    OrderParameters nodeOrder = OrderParameters.of(nodes.stream().map(NodeReport.Node::learned).toList(), k);
    OrderParameters headOrder = heads.isEmpty() ? null : OrderParameters.of(heads.stream().map(NodeReport.Head::learned).toList(), k);
    List<NodeReport.LabelMatrix> matrices = crossover ? matrices(s, nodes, headResults, all, threshold) : null;
    NodeReport.Curve nodeCurve = null;
    NodeReport.Curve headCurve = null;
    if (crossover) {
      RngStream rng = new RngStream(seed, "crossover"); // one stream: the head curve draws after the node curve
      nodeCurve = nodeCrossover(f, s, readout, rng);
      headCurve = f.heads().size() > 1
          ? NodeReport.Curve.of(Crossover.run(s, readout, f.heads(), draws, rng, 0), "heads of the layer") : null;
    }
    return new NodeReport(f.site(), d, f.heads().size(), f.outputs(), f.nTrain(), f.nTest(), f.readoutKind(),
        describe(f) + (shuffleLabels ? ", labels shuffled (null model)" : ""), f.outputsCount(), meanSilencing ? "mean" : "zero", threshold,
        all.accuracy(), all.learned(), summary(all, nodes, heads, nodeOrder, headOrder, boundAllowance(f)), NodeReport.Order.of(nodeOrder),
        NodeReport.Order.of(headOrder), nodes, heads, matrices, nodeCurve, headCurve);
  }

  /** Each node silenced alone, with the convex-hull bound on the labels it could learn. */
  private static List<NodeReport.Node> nodes(SiteFeatures f, Silencing s, Readout readout, double threshold) {
    int d = f.nodes();
    int outputs = f.outputsCount();
    int[] reportIndex = new int[outputs];
    Arrays.fill(reportIndex, -1);
    for (int j = 0; j < f.reported().length; j++) {
      reportIndex[f.reported()[j]] = j;
    }
    double[] lo = new double[d];
    double[] hi = new double[d];
    observedRange(f, lo, hi);
    List<NodeReport.Node> nodes = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      Silencing.Result r = s.evaluate(new int[] {i}, threshold);
      double[] slope = new double[outputs];
      for (int c = 0; c < outputs; c++) {
        slope[c] = readout.w()[c * d + i];
      }
      double[] intercept = s.intercepts(new int[] {i});
      int[] env = reportedOnly(Envelope.upper(slope, intercept), reportIndex);
      int[] seen = reportedOnly(Envelope.upperOn(slope, intercept, lo[i], hi[i]), reportIndex);
      nodes.add(new NodeReport.Node(i, r.accuracy(), r.learned(), r.snr(), env, seen, new double[] {lo[i], hi[i]}, shareOfTestRowsIn(f, env),
          shareOfTestRowsIn(f, seen)));
    }
    return nodes;
  }

  private static NodeReport.Summary summary(Silencing.Result all, List<NodeReport.Node> nodes, List<NodeReport.Head> heads,
      OrderParameters nodeOrder, OrderParameters headOrder, double allowance) {
    int violations = 0;
    for (NodeReport.Node n : nodes) {
      // self-check: a node can only learn reported labels on the envelope of its observed range
      // (test rows lie in that range), so this is 0 unless the envelope code is wrong
      violations += !contains(n.envelopeObserved(), n.learned()) || n.accuracy() > n.boundObservedAccuracy() + allowance + 1e-12 ? 1 : 0;
    }
    boolean h = headOrder != null;
    return new NodeReport.Summary(all.accuracy(), mean(nodes, NodeReport.Node::accuracy), nodeOrder.meanSize(), nodeOrder.emptyFraction(),
        nodeOrder.coverage(), nodeOrder.meanJaccard(), h ? headOrder.meanSize() : null, h ? headOrder.emptyFraction() : null,
        h ? headOrder.coverage() : null, h ? headOrder.meanJaccard() : null,
        h ? heads.stream().mapToDouble(NodeReport.Head::accuracy).average().orElse(Double.NaN) : null,
        mean(nodes, n -> n.envelope().length), mean(nodes, n -> n.envelopeObserved().length), mean(nodes, n -> n.learned().length),
        mean(nodes, NodeReport.Node::boundAccuracy), mean(nodes, NodeReport.Node::boundObservedAccuracy), violations);
  }

  private static double mean(List<NodeReport.Node> nodes, java.util.function.ToDoubleFunction<NodeReport.Node> f) {
    double sum = 0;
    for (NodeReport.Node n : nodes) {
      sum += f.applyAsDouble(n);
    }
    return sum / nodes.size();
  }

  /** Label × label matrices of the three most accurate nodes, of every head, and of all nodes. */
  private static List<NodeReport.LabelMatrix> matrices(Silencing s, List<NodeReport.Node> nodes, List<Silencing.Result> heads,
      Silencing.Result all, double threshold) {
    List<NodeReport.LabelMatrix> matrices = new ArrayList<>();
    List<NodeReport.Node> byAcc = new ArrayList<>(nodes);
    byAcc.sort((a, b) -> a.accuracy() != b.accuracy() ? Double.compare(b.accuracy(), a.accuracy()) : Integer.compare(a.node(), b.node()));
    for (int j = 0; j < Math.min(3, byAcc.size()); j++) {
      int node = byAcc.get(j).node();
      matrices.add(NodeReport.LabelMatrix.of("node " + node, s.evaluate(new int[] {node}, threshold)));
    }
    for (int h = 0; h < heads.size(); h++) {
      matrices.add(NodeReport.LabelMatrix.of("head " + h, heads.get(h)));
    }
    matrices.add(NodeReport.LabelMatrix.of("all nodes", all));
    return matrices;
  }

  /** The crossover over the nodes of head {@code head} (z sites), or the first {@code poolSize} nodes. */
  private NodeReport.Curve nodeCrossover(SiteFeatures f, Silencing s, Readout readout, RngStream rng) {
    List<int[]> pool = new ArrayList<>();
    List<int[]> headUnits = f.heads();
    int h = Math.min(head, headUnits.size() - 1);
    int[] members = !headUnits.isEmpty() ? headUnits.get(h) : java.util.stream.IntStream.range(0, Math.min(poolSize, f.nodes())).toArray();
    for (int i : members) {
      pool.add(new int[] {i});
    }
    return NodeReport.Curve.of(Crossover.run(s, readout, pool, draws, rng, f.outputsCount() <= 100 ? 64 : 0),
        !headUnits.isEmpty() ? "nodes of head " + h : "the first " + pool.size() + " nodes");
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










}
