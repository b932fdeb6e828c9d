package phaselab.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;
import phaselab.lab.run.RunJson;
import phaselab.lab.suite.entropic.AlignmentDocument;

/**
 * The entropic-force parts of the reports (docs/entropic-forces.md): the update note and log scale
 * of the entropic probe's charts (their groups are the probe's spec), balance time, and CKA / mutual
 * k-NN heatmaps from {@code phaselab probe align}.
 */
final class EntropicReport {
  /** A neuron group counts as balanced when its median |log10 ratio| is below this (a factor √2). */
  static final double BALANCED = Math.log10(Math.sqrt(2));
  /** … and a group counts as balanced when this share of its pairs is within a factor 2. */
  static final double BALANCED_SHARE = 0.9;

  private EntropicReport() {}

  /**
   * A caption note for the charge and balance charts of a run whose update is not a plain (S)GD
   * step: with momentum, weight decay, clipping or AdamW the charge does not move by exactly
   * η²(‖g_in‖² − ‖g_out‖²) a step, so its drift is not the entropic force alone. "" otherwise.
   */
  static String updateNote(String group, phaselab.lab.config.ExperimentConfig c) {
    if (c == null || !group.startsWith("Entropic:") || !(group.contains("charge") || group.contains("balance"))) {
      return "";
    }
    var o = c.optimizer();
    List<String> why = new ArrayList<>();
    if (o.name() != phaselab.lab.config.ExperimentConfig.OptimizerConfig.Kind.SGD) {
      why.add("AdamW's per-coordinate steps");
    } else if (o.momentum() != 0) {
      why.add("momentum " + o.momentum());
    }
    if (o.weightDecay() != 0) {
      why.add("weight decay " + o.weightDecay());
    }
    if (o.clip() != 0) {
      why.add("gradient clipping at " + o.clip());
    }
    return why.isEmpty() ? "" : " — note: with " + String.join(", ", why) + " the charge identity ΔC = η²(‖g_in‖² − ‖g_out‖²) does not"
        + " hold, so the drift shown is not the entropic force alone (docs/entropic-forces.md)";
  }

  /** Layer balance ratios are plotted as log10 so that both sides of 1 read alike. */
  static List<double[]> transform(String m, List<double[]> pts) {
    if (!m.endsWith("/balance_minibatch")) {
      return pts;
    }
    return pts.stream().map(p -> new double[] {p[0], Math.log10(p[1])}).toList();
  }

  /**
   * Balance time (ours): the first probe step from which, to the end of the run, every layer pair's
   * minibatch balance ratio is within a factor √2 of 1 and at least 90% of the pairs of every
   * neuron or head group are within a factor 2 ({@code balanced_fraction} ≥ 0.9); NaN if never.
   * (A median-only criterion is too weak: full-batch GD freezes with its median neuron within √2
   * while a third of the neurons stay out of balance.)
   */
  static double balanceTime(Map<String, List<double[]>> series) {
    List<java.util.function.Predicate<Double>> tests = new ArrayList<>();
    List<Map<Double, Double>> groups = new ArrayList<>();
    for (var e : series.entrySet()) {
      if (e.getKey().endsWith("/balance_minibatch")) {
        groups.add(byStep(e.getValue()));
        tests.add(v -> Math.abs(Math.log10(v)) <= BALANCED);
      } else if (e.getKey().endsWith("/balanced_fraction")) {
        groups.add(byStep(e.getValue()));
        tests.add(v -> v >= BALANCED_SHARE);
      }
    }
    if (groups.isEmpty()) {
      return Double.NaN;
    }
    List<Double> steps = new ArrayList<>(groups.get(0).keySet());
    double time = Double.NaN;
    for (int i = steps.size() - 1; i >= 0; i--) {
      double step = steps.get(i);
      boolean all = true;
      for (int g = 0; g < groups.size(); g++) {
        Double v = groups.get(g).get(step);
        all &= v != null && tests.get(g).test(v);
      }
      if (!all) {
        break;
      }
      time = step;
    }
    return time;
  }

  private static Map<Double, Double> byStep(List<double[]> pts) {
    Map<Double, Double> m = new java.util.TreeMap<>();
    pts.forEach(p -> m.put(p[0], p[1]));
    return m;
  }

  /** Heatmap sections for every probes/align-*.json of the run (final common step). */
  static String alignment(Path runDir, Path charts) throws IOException {
    Path dir = runDir.resolve("probes");
    if (!Files.isDirectory(dir)) {
      return "";
    }
    StringBuilder html = new StringBuilder();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.getFileName().toString().matches("align-.*\\.json")).sorted().toList()) {
        AlignmentDocument doc = RunJson.read(Files.readString(f), AlignmentDocument.class);
        AlignmentDocument.Step last = doc.steps().get(doc.steps().size() - 1);
        String other = f.getFileName().toString().replaceAll("^align-|\\.json$", "");
        html.append("<h3>Alignment with ").append(ReportWriter.esc(other)).append(" at step ").append(last.step())
            .append(" (").append(doc.samples()).append(" test inputs)</h3>\n");
        for (String kind : new String[] {"cka", "mutual_knn"}) {
          String title = (kind.equals("cka") ? "Linear CKA" : "Mutual " + doc.k() + "-NN") + " vs " + other;
          JFreeChart chart = Charts.heatmap(title, "this run", doc.layersA(), "other run", doc.layersB(),
              kind.equals("cka") ? last.cka() : last.mutualKnn(), 0, 1);
          String file = ("align_" + other + "_" + kind).replaceAll("[^A-Za-z0-9]+", "_").toLowerCase();
          Charts.write(chart, charts.resolve(file));
          html.append("<figure>").append(Charts.svg(chart)).append("<figcaption>").append(ReportWriter.esc(title))
              .append(" (rows: this run's layers, columns: the other's)</figcaption></figure>\n");
        }
      }
    }
    return html.toString();
  }



  /** Sweep section: balance time and final balance per (η, batch) point; null if no entropic runs. */
  static String sweep(List<SweepReportWriter.Run> runs, Path charts, boolean logSteps) throws IOException {
    if (runs.stream().noneMatch(r -> r.series().keySet().stream().anyMatch(k -> k.startsWith("probe/entropic/")))) {
      return null;
    }
    String headline = runs.get(0).config().task().kind().mainMetric();
    StringBuilder t = new StringBuilder("<table><tr><th>run</th><th>η</th><th>batch</th><th>balance time</th>"
        + "<th>final median neuron log10 balance</th><th>final charge drift</th><th>final " + headline.substring(5) + "</th></tr>\n");
    Map<String, List<double[]>> drift = new java.util.TreeMap<>();
    // (batch family, η) → balance times over seeds, +∞ where not reached
    Map<String, java.util.TreeMap<Double, List<Double>>> times = new java.util.TreeMap<>();
    for (SweepReportWriter.Run r : runs) {
      double bt = balanceTime(r.series());
      double lr = r.config().optimizer().lr();
      String family = "batch " + (r.config().train().fullBatch() ? "full" : r.config().train().batchSize());
      times.computeIfAbsent(family, k -> new java.util.TreeMap<>()).computeIfAbsent(lr, k -> new ArrayList<>())
          .add(Double.isNaN(bt) ? Double.POSITIVE_INFINITY : bt);
      double d = last(r.series().get("probe/entropic/charge_drift"));
      if (d > 0) {
        drift.computeIfAbsent(family, k -> new ArrayList<>()).add(new double[] {Math.log10(lr), Math.log10(d)});
      }
      double med = r.series().entrySet().stream().filter(e -> e.getKey().endsWith("/log_balance_median"))
          .mapToDouble(e -> Math.abs(e.getValue().get(e.getValue().size() - 1)[1])).max().orElse(Double.NaN);
      t.append(String.format("<tr><td>%s</td><td>%.4g</td><td>%s</td><td>%s</td><td>%.3f</td><td>%.4g</td><td>%.4g</td></tr>%n", r.id(), lr,
          family.substring(6), Double.isNaN(bt) ? "not reached" : String.format("%.0f", bt), med,
          last(r.series().get("probe/entropic/charge_drift")), last(r.series().get(headline))));
    }
    StringBuilder summary = new StringBuilder("<table><tr><th>batch</th><th>η</th><th>seeds</th><th>reached</th>"
        + "<th>median balance time</th><th>10–90%</th></tr>\n");
    Map<String, List<double[]>> lines = new java.util.TreeMap<>();
    Map<String, List<double[]>> logTimes = new java.util.TreeMap<>();
    times.forEach((family, byLr) -> byLr.forEach((lr, v) -> {
      double median = SeedStats.quantile(v, 0.5);
      long reached = v.stream().filter(Double::isFinite).count();
      summary.append(String.format("<tr><td>%s</td><td>%.4g</td><td>%d</td><td>%d/%d</td><td>%s</td><td>%s–%s</td></tr>%n",
          family.substring(6), lr, v.size(), reached, v.size(), steps(median), steps(SeedStats.quantile(v, 0.1)),
          steps(SeedStats.quantile(v, 0.9))));
      if (Double.isFinite(median) && median > 0) {
        lines.computeIfAbsent(family, k -> new ArrayList<>()).add(new double[] {Math.log10(lr), Math.log10(median)});
        logTimes.computeIfAbsent(family, k -> new ArrayList<>()).add(new double[] {Math.log10(lr), Math.log10(median)});
      }
    }));
    drift.values().forEach(l -> l.sort((x, y) -> Double.compare(x[0], y[0])));
    // the prediction, slope −2 through the mean point of each measured family
    new java.util.TreeMap<>(lines).forEach((family, pts) -> {
      if (pts.size() >= 2) {
        double mx = pts.stream().mapToDouble(q -> q[0]).average().orElseThrow();
        double my = pts.stream().mapToDouble(q -> q[1]).average().orElseThrow();
        double lo = pts.get(0)[0];
        double hi = pts.get(pts.size() - 1)[0];
        lines.put(family + ": slope −2", List.of(new double[] {lo, my - 2 * (lo - mx)}, new double[] {hi, my - 2 * (hi - mx)}));
      }
    });
    JFreeChart chart = Charts.lines("Median balance time over seeds vs learning rate (log-log)", "log10 balance time (steps)", lines, false);
    Charts.xLabel(chart, "log10 η");
    Charts.write(chart, charts.resolve("balance_time_vs_lr"));
    JFreeChart driftChart = Charts.lines("Final layer-charge drift vs learning rate (log-log)", "log10 charge drift", drift, false);
    Charts.xLabel(driftChart, "log10 η");
    Charts.write(driftChart, charts.resolve("charge_drift_vs_lr"));
    StringBuilder slopes = new StringBuilder("<p>Slope of log10 drift against log10 η (entropic forces predict drift ∝ η² at fixed "
        + "steps when the gradient noise dominates):");
    drift.forEach((family, pts) -> slopes.append(String.format(" %s: %.2f;", family, slope(pts))));
    slopes.append(" and of log10 median balance time against log10 η (predicted −2: the entropic force moves the charge by"
        + " η² tr Σ/B a step):");
    logTimes.forEach((family, pts) -> slopes.append(String.format(" %s: %s;", family, pts.size() < 2 ? "n/a" : String.format("%.2f", slope(pts)))));
    return "<h2>Gradient balance across the grid</h2>\n<p>Balance time (ours, docs/metrics.md): the first probe step "
        + "from which every layer pair's minibatch balance ratio stays within ×√2 of 1 and ≥ 90% of every neuron group's pairs within ×2"
        + " (\"not reached\" when it never does; medians over seeds count those as later than any step).</p>\n"
        + "<figure>" + Charts.svg(chart) + "<figcaption>Median balance time vs η, one line per batch size</figcaption></figure>\n<figure>"
        + Charts.svg(driftChart) + "<figcaption>Layer-charge drift at the end of training vs η</figcaption></figure>\n"
        + slopes.append("</p>\n") + summary + "</table>\n" + t + "</table>\n";
  }

  private static String steps(double v) {
    return Double.isFinite(v) ? String.format("%.0f", v) : "not reached";
  }

  /** Least-squares slope of y on x. */
  static double slope(List<double[]> pts) {
    double mx = pts.stream().mapToDouble(p -> p[0]).average().orElse(Double.NaN);
    double my = pts.stream().mapToDouble(p -> p[1]).average().orElse(Double.NaN);
    double sxy = 0;
    double sxx = 0;
    for (double[] p : pts) {
      sxy += (p[0] - mx) * (p[1] - my);
      sxx += (p[0] - mx) * (p[0] - mx);
    }
    return sxx == 0 ? Double.NaN : sxy / sxx;
  }

  private static double last(List<double[]> s) {
    return s == null || s.isEmpty() ? Double.NaN : s.get(s.size() - 1)[1];
  }
}
