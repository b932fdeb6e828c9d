package phaselab.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;
import phaselab.lab.run.RunDir;

/**
 * The headline of the symmetry-breaking report: each order parameter against training step, over
 * the runs given (seeds), beside its two null models (docs/symmetry-breaking.md) — the label-shuffled
 * readout at the same steps and the randomly initialised body. From the probes/nodes-SITE.jsonl files
 * of {@code phaselab probe nodes}; every cell is the median over runs with its min–max, never one
 * seed alone.
 */
final class SymmetryTimeline {
  /** metric key, label. */
  static final String[][] FIGURES = {
      {"accuracy_all", "accuracy, all nodes"}, {"node_accuracy_mean", "accuracy, one node"}, {"node_learned_mean", "|L(node)|"},
      {"node_bound_observed_size_mean", "bound |L| (observed h)"}, {"node_bound_size_mean", "bound |L| (all real h)"},
      {"node_jaccard", "node Jaccard"}, {"node_coverage", "node coverage"}, {"head_learned_mean", "|L(head)|"},
      {"head_jaccard", "head Jaccard"}, {"head_coverage", "head coverage"}};
  static final String[] MODELS = {"nodes", "nodes_shuffled", "nodes_random_body"};
  private static final List<String> CHARTED = List.of("node_learned_mean", "node_jaccard", "node_coverage", "node_accuracy_mean",
      "head_learned_mean", "head_jaccard");

  private SymmetryTimeline() {}

  /** tag → model → metric → step → one value per run. */
  static Map<String, Map<String, Map<String, TreeMap<Long, List<Double>>>>> read(List<Path> runs) throws IOException {
    Map<String, Map<String, Map<String, TreeMap<Long, List<Double>>>>> out = new TreeMap<>();
    for (Path run : runs) {
      Path dir = run.resolve("probes");
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.getFileName().toString().matches("nodes-.+\\.jsonl")).sorted().toList();
      }
      for (Path f : files) {
        String tag = f.getFileName().toString().replaceAll("^nodes-|\\.jsonl$", "");
        for (RunDir.MetricRow r : RunDir.readMetricRows(f)) {
          int slash = r.metric().indexOf('/');
          out.computeIfAbsent(tag, k -> new TreeMap<>()).computeIfAbsent(r.metric().substring(0, slash), k -> new TreeMap<>())
              .computeIfAbsent(r.metric().substring(slash + 1), k -> new TreeMap<>()).computeIfAbsent(r.step(), k -> new ArrayList<>())
              .add(r.value());
        }
      }
    }
    return out;
  }

  static String section(List<Path> runs, Path charts) throws IOException {
    StringBuilder html = new StringBuilder();
    for (var site : read(runs).entrySet()) {
      Map<String, Map<String, TreeMap<Long, List<Double>>>> byModel = site.getValue();
      Map<String, TreeMap<Long, List<Double>>> trained = byModel.get("nodes");
      if (trained == null) {
        continue;
      }
      int seeds = trained.values().stream().flatMap(m -> m.values().stream()).mapToInt(List::size).max().orElse(0);
      html.append("<h2>Symmetry breaking over training, site ").append(ReportWriter.esc(site.getKey())).append("</h2>\n<p>")
          .append(String.format("Median over %d run%s with min–max in brackets. <i>shuffled</i>: the same probe with the readout's labels "
              + "permuted (what the statistic gives by chance); <i>random body</i>: the randomly initialised network (the symmetric "
              + "phase). A claim holds where the trained value leaves both.", seeds, seeds == 1 ? "" : "s"))
          .append("</p>\n").append(table(byModel));
      String tag = "nodes_timeline_" + site.getKey().replaceAll("[^A-Za-z0-9]+", "_");
      for (String[] fig : FIGURES) {
        if (!CHARTED.contains(fig[0]) || !trained.containsKey(fig[0])) {
          continue;
        }
        JFreeChart chart = chart(byModel, fig[0], fig[1]);
        Charts.write(chart, charts.resolve(tag + "_" + fig[0]));
        html.append("<figure>").append(Charts.svg(chart)).append("<figcaption>").append(ReportWriter.esc(fig[1]))
            .append(" over training — also <a href=\"charts/").append(tag).append('_').append(fig[0]).append(".png\">PNG</a></figcaption></figure>\n");
      }
    }
    return html.toString();
  }

  private static String table(Map<String, Map<String, TreeMap<Long, List<Double>>>> byModel) {
    List<String[]> cols = new ArrayList<>();
    for (String[] f : FIGURES) {
      if (byModel.get("nodes").containsKey(f[0])) {
        cols.add(f);
      }
    }
    StringBuilder t = new StringBuilder("<table><tr><th>model</th><th>step</th>");
    cols.forEach(c -> t.append("<th>").append(ReportWriter.esc(c[1])).append("</th>"));
    t.append("</tr>\n");
    Map<String, String> names = Map.of("nodes", "trained", "nodes_shuffled", "shuffled", "nodes_random_body", "random body");
    for (String model : new String[] {"nodes_random_body", "nodes", "nodes_shuffled"}) {
      Map<String, TreeMap<Long, List<Double>>> m = byModel.get(model);
      if (m == null) {
        continue;
      }
      TreeMap<Long, List<Double>> any = m.values().iterator().next();
      for (long step : any.keySet()) {
        t.append("<tr><td>").append(names.get(model)).append("</td><td>").append(model.equals("nodes_random_body") ? "–" : step).append("</td>");
        for (String[] c : cols) {
          List<Double> v = m.containsKey(c[0]) ? m.get(c[0]).get(step) : null;
          t.append("<td>").append(cell(v)).append("</td>");
        }
        t.append("</tr>\n");
      }
    }
    return t.append("</table>\n").toString();
  }

  static String cell(List<Double> v) {
    if (v == null || v.isEmpty()) {
      return "–";
    }
    double med = SeedStats.quantile(v, 0.5);
    if (v.size() == 1) {
      return String.format("%.3f", med);
    }
    return String.format("%.3f [%.3f–%.3f]", med, SeedStats.quantile(v, 0), SeedStats.quantile(v, 1));
  }

  private static JFreeChart chart(Map<String, Map<String, TreeMap<Long, List<Double>>>> byModel, String metric, String label) {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    Map<String, Float> widths = new LinkedHashMap<>();
    TreeMap<Long, List<Double>> trained = byModel.get("nodes").get(metric);
    int runs = trained.values().stream().mapToInt(List::size).max().orElse(0);
    for (int r = 0; r < runs && runs > 1; r++) {
      List<double[]> pts = new ArrayList<>();
      for (var e : trained.entrySet()) {
        if (r < e.getValue().size()) {
          pts.add(new double[] {e.getKey(), e.getValue().get(r)});
        }
      }
      // "trained seed N" and "trained median" share a colour (Charts.lines)
      series.put("trained seed " + (r + 1), pts);
      widths.put("trained seed " + (r + 1), 0.8f);
    }
    series.put("trained median", medians(trained));
    widths.put("trained median", 2.6f);
    var body = byModel.get("nodes_random_body");
    if (body != null && body.containsKey(metric)) {
      double v = SeedStats.quantile(body.get(metric).values().iterator().next(), 0.5);
      series.put("random body (median)", List.of(new double[] {trained.firstKey(), v}, new double[] {trained.lastKey(), v}));
    }
    JFreeChart chart = Charts.lines(label + " over training", label, series, false, widths);
    var shuffled = byModel.get("nodes_shuffled");
    if (shuffled != null && shuffled.containsKey(metric)) {
      List<double[]> band = new ArrayList<>();
      shuffled.get(metric).forEach((step, v) -> band.add(new double[] {step, SeedStats.quantile(v, 0.5), SeedStats.quantile(v, 0),
          SeedStats.quantile(v, 1)}));
      Charts.withReference(chart, "shuffled labels (median, min–max)", band, false);
    }
    return chart;
  }

  private static List<double[]> medians(TreeMap<Long, List<Double>> bySteps) {
    List<double[]> pts = new ArrayList<>();
    bySteps.forEach((step, v) -> pts.add(new double[] {step, SeedStats.quantile(v, 0.5)}));
    return pts;
  }
}
