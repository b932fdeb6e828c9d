package phaselab.cli.report;

import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import phaselab.lab.config.ExperimentConfig;

/**
 * Draws Murty et al.'s released curves ({@link ReferenceCurves}) behind a grokking run's charts:
 * the accuracy chart gets the reference ID and generalisation medians with their 10–90% bands
 * over seeds, the tscore and tparseval charts the reference at the run's depth (or the nearest
 * depth the reference has). Only reference steps up to the run's last step are drawn.
 */
public final class GrokkingReference {
  private GrokkingReference() {}

  /** The reference task name of a run's task ("question", "tense", "dyck"), or null. */
  static String task(ExperimentConfig c) {
    String t = c.task().name();
    return t.equals("question") || t.equals("tense") || t.equals("dyck") ? t : null;
  }

  /**
   * The reference accuracy curves of a run's task for the dashboard: layers, citation, and per
   * split ("gen", "id") rows [step, median, p10, p90] over the reference's seeds; empty when the
   * task has no reference.
   */
  public static Map<String, Object> accuracyCurves(ExperimentConfig c) {
    String task = task(c);
    var layers = task == null ? java.util.Optional.<Integer>empty() : ReferenceCurves.accuracyLayers(task);
    if (layers.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("layers", layers.get());
    out.put("width", REFERENCE_WIDTH);
    out.put("run_layers", c.model().layers());
    if (c.model() instanceof phaselab.lab.config.TransformerModelConfig t) {
      out.put("run_width", t.width());
    }
    out.put("citation", ReferenceCurves.CITATION);
    for (String split : List.of("gen", "id")) {
      out.put(split, ReferenceCurves.accuracy(task, split).stream().map(a -> new double[] {a.step(), a.median(), a.p10(), a.p90()}).toList());
    }
    return out;
  }

  /** The width of every model in the reference's accuracy curves. */
  static final int REFERENCE_WIDTH = 512;

  /**
   * What keeps the reference from being read as this run's expectation: another size, or a run that
   * has not reached the reference's first point ("" when neither).
   */
  static String referenceNote(ExperimentConfig c, String task, int refLayers, long lastStep) {
    StringBuilder b = new StringBuilder();
    int width = c.model() instanceof phaselab.lab.config.TransformerModelConfig t ? t.width() : -1;
    if (c.model().layers() != refLayers || width != REFERENCE_WIDTH) {
      b.append("; the reference is for another size (reference: ").append(refLayers).append(" layers, d ").append(REFERENCE_WIDTH)
          .append("; this run: ").append(c.model().layers()).append(" layers, d ").append(width).append(")");
    }
    double first = ReferenceCurves.accuracy(task, "gen").stream().mapToDouble(ReferenceCurves.Accuracy::step).min().orElse(0);
    if (lastStep < first) {
      b.append(String.format("; the reference starts at step %,d and this run is at step %,d, so no reference point is drawn yet",
          (long) first, lastStep));
    }
    return b.toString();
  }

  /** Adds the reference to the chart of {@code group}; returns the caption's addition ("" if none). */
  static String decorate(JFreeChart chart, String group, ExperimentConfig c, long lastStep, boolean logSteps) {
    String task = task(c);
    if (task == null) {
      return "";
    }
    if (group.equals("Accuracy")) {
      var layers = ReferenceCurves.accuracyLayers(task);
      if (layers.isEmpty()) {
        return "";
      }
      for (String split : List.of("gen", "id")) {
        var curve = ReferenceCurves.upTo(ReferenceCurves.accuracy(task, split), lastStep, ReferenceCurves.Accuracy::step);
        List<double[]> pts = curve.stream().map(a -> new double[] {a.step(), a.median(), a.p10(), a.p90()}).toList();
        Charts.withReference(chart, "reference " + split + " (" + layers.get() + "L): median, 10–90%", pts, logSteps);
      }
      int seeds = ReferenceCurves.accuracy(task, "gen").stream().mapToInt(ReferenceCurves.Accuracy::seeds).max().orElse(0);
      return "; grey: " + ReferenceCurves.CITATION + ", " + layers.get() + " layers, hidden " + REFERENCE_WIDTH + ", batch 8, up to "
          + seeds + " seeds (median dashed, 10–90% band)" + referenceNote(c, task, layers.get(), lastStep);
    }
    boolean tscore = group.equals("Probe: tscore");
    if (!tscore && !group.equals("Probe: tparseval")) {
      return "";
    }
    int depth = nearestDepth(task, c.model().layers());
    if (depth < 0) {
      return "";
    }
    var curve = ReferenceCurves.upTo(ReferenceCurves.trees(task, depth), lastStep, ReferenceCurves.Tree::step);
    List<double[]> pts = curve.stream().map(t -> {
      double v = tscore ? t.tscoreMedian() : t.tparsevalMean();
      return new double[] {t.step(), v, v, v};
    }).filter(p -> Double.isFinite(p[1])).toList();
    if (pts.isEmpty()) {
      return "";
    }
    Charts.withReference(chart, "reference " + depth + "L " + (tscore ? "median" : "mean"), pts, logSteps);
    return "; grey dashed: " + ReferenceCurves.CITATION + ", " + depth + " layers (" + (tscore ? "median" : "mean")
        + " over seeds)";
  }

  /** The reference depth closest to {@code layers} with tree-projection scores, or −1. */
  static int nearestDepth(String task, int layers) {
    int best = -1;
    for (int d = 1; d <= 24; d++) {
      if (!ReferenceCurves.trees(task, d).isEmpty() && (best < 0 || Math.abs(d - layers) < Math.abs(best - layers))) {
        best = d;
      }
    }
    return best;
  }
}
