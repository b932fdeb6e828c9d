package phaselab.lab.suite.symmetry;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.lab.run.RunJson;

/**
 * The result of one node analysis (docs/research.md A.1, docs/symmetry-breaking.md). Written with
 * {@link RunJson} (components in snake case, absent parts left out): the nodes-SITE-step-N.json
 * files of {@code phaselab probe nodes} are this record with the run, the step and the
 * label-shuffled control beside it ({@link NodeDocument}).
 *
 * @param readout "model" (the model's own output layer) or "fitted"
 * @param argmaxOutputs outputs the readout's argmax runs over (all MLM tokens, or the K labels)
 * @param minRecall the learned-set recall threshold used (2/K when the config's is 0)
 * @param headOrder null when the site has no heads
 * @param matrices null, and both crossovers null, in the quick per-step probe
 * @param crossoverHeads null when the site has fewer than two heads
 */
public record NodeReport(String site, int nodesCount, int headsCount, List<String> outputs, int trainRows, int testRows, String readout,
    String readoutDescription, int argmaxOutputs, String silencing, double minRecall, double accuracyAllNodes, int[] learnedAllNodes,
    Summary summary, Order nodeOrder, Order headOrder, List<Node> nodes, List<Head> heads, List<LabelMatrix> matrices,
    Curve crossoverNodes, Curve crossoverHeads) {

  /** One node silenced alone: what it learns, and the convex-hull bound on what it could. */
  public record Node(int node, double accuracy, int[] learned, double snr, int[] envelope, int[] envelopeObserved, double[] observedRange,
      double boundAccuracy, double boundObservedAccuracy) {}

  /** One head's nodes kept together. */
  public record Head(int head, double accuracy, int[] learned, double snr) {}

  /** Order parameters of a set of units ({@link OrderParameters}). */
  public record Order(double meanSize, int[] sizeHistogram, double emptyFraction, double coverage, double meanJaccard) {
    static Order of(OrderParameters o) {
      return o == null ? null : new Order(o.meanSize(), o.histogram(), o.emptyFraction(), o.coverage(), o.meanJaccard());
    }
  }

  /** The label × label matrices of one unit (rows: true label; columns: output). */
  public record LabelMatrix(String unit, double accuracy, int[] learned, double[][] field, double[][] prob, long[][] confusion) {
    static LabelMatrix of(String unit, Silencing.Result r) {
      return new LabelMatrix(unit, r.accuracy(), r.learned(), r.field(), r.prob(), r.confusion());
    }
  }

  /** Accuracy A(k) with k units kept, over the {@code pool} ({@link Crossover}). */
  public record Curve(String pool, int[] k, double[] randomMean, double[] randomStd, double[] greedy, double[] randomGuessBaseline,
      double[] cooperationRatio) {
    static Curve of(Crossover c, String pool) {
      return new Curve(pool, c.k(), c.randomMean(), c.randomStd(), c.greedy(), c.baseline(), c.cooperation());
    }
  }

  /**
   * The per-step numbers (the node probe writes each as a metric, "nodes/" + its snake-case name).
   * The head ones are null when the site has no heads.
   */
  public record Summary(double accuracyAll, double nodeAccuracyMean, double nodeLearnedMean, double nodeEmptyFraction, double nodeCoverage,
      double nodeJaccard, Double headLearnedMean, Double headEmptyFraction, Double headCoverage, Double headJaccard, Double headAccuracyMean,
      double nodeBoundSizeMean, double nodeBoundObservedSizeMean, double nodeLearnedSizeMean, double nodeBoundAccuracyMean,
      double nodeBoundObservedAccuracyMean, double selfcheckBoundViolations) {

    /** Metric name (snake case, in component order) → value; the absent head numbers are left out. */
    public Map<String, Double> metrics() {
      Map<String, Double> m = new LinkedHashMap<>();
      for (RecordComponent c : Summary.class.getRecordComponents()) {
        try {
          Object v = c.getAccessor().invoke(this);
          if (v != null) {
            m.put(RunJson.MAPPER.getPropertyNamingStrategy().nameForField(null, null, c.getName()), ((Number) v).doubleValue());
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return m;
    }
  }
}
