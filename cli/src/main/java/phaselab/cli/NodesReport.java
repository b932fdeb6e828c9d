package phaselab.cli;

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
import phaselab.engine.io.Json;

/**
 * The symmetry-breaking section of a run report (docs/symmetry-breaking.md), from the files of
 * {@code phaselab probe nodes}: the node × label learned matrix sorted to show its block structure,
 * label × label probability matrices of the best nodes and of every head, the histogram of
 * learned-set sizes at initialisation vs the last step, order parameters over the analysed steps,
 * the crossover curves and the convex-hull bound against what each node achieves.
 */
final class NodesReport {
  private NodesReport() {}

  /** The chart group of a per-step node metric (metrics.jsonl), or null. */
  static String group(String m) {
    if (m.endsWith("_jaccard") || m.endsWith("_coverage") || m.endsWith("_empty_fraction")) {
      return "Nodes: order parameters (Jaccard overlap, coverage, empty sets)";
    } else if (m.endsWith("_learned_mean") || m.endsWith("bound_size_mean") || m.endsWith("learned_size_mean")) {
      return "Nodes: learned-set size |L| and its convex-hull bound";
    } else if (m.contains("accuracy")) {
      return "Nodes: accuracy with all nodes, one node, one head";
    }
    return null;
  }

  static String section(Path runDir, Path charts) throws IOException {
    Path dir = runDir.resolve("probes");
    if (!Files.isDirectory(dir)) {
      return "";
    }
    Map<String, TreeMap<Long, Path>> bySite = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> {
        var m = java.util.regex.Pattern.compile("nodes-(.+)-step-(\\d+)\\.json").matcher(p.getFileName().toString());
        if (m.matches()) {
          bySite.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Long.parseLong(m.group(2)), p);
        }
      });
    }
    StringBuilder html = new StringBuilder(NodesTimeline.section(List.of(runDir), charts));
    for (var site : bySite.entrySet()) {
      Map<String, Object> first = read(site.getValue().firstEntry().getValue());
      Map<String, Object> last = read(site.getValue().lastEntry().getValue());
      String tag = "nodes_" + site.getKey().replaceAll("[^A-Za-z0-9]+", "_");
      List<String> outputs = strings(last.get("outputs"));
      html.append("<h2>Single-node symmetry breaking at site ").append(ReportWriter.esc(site.getKey())).append("</h2>\n<p>")
          .append(String.format("Step %s vs %s; %d nodes, %d outputs reported, %d held-out rows; readout: %s; silencing: %s; learned set: "
              + "recall ≥ %.3f. Accuracy with all nodes %.4f (init %.4f).", last.get("step"), first.get("step"),
              num(last.get("nodes_count")).intValue(), outputs.size(), num(last.get("test_rows")).intValue(),
              last.getOrDefault("readout_description", last.get("readout")), last.get("silencing"),
              num(last.get("min_recall")).doubleValue(), num(last.get("accuracy_all_nodes")).doubleValue(),
              num(first.get("accuracy_all_nodes")).doubleValue())).append("</p>\n");
      html.append(summaryTable(site.getValue()));
      html.append(figure(learnedMatrix(last, outputs), charts, tag + "_learned_matrix", "Node × label learned matrix (sorted)"));
      html.append(figure(learnedMatrix(first, outputs), charts, tag + "_learned_matrix_init", "The same at step " + first.get("step")));
      html.append(figure(histogram(first, last, outputs.size()), charts, tag + "_sizes", "Learned-set sizes of single nodes"));
      html.append(figure(bound(last), charts, tag + "_bound", "Convex-hull bound vs achieved, per node"));
      for (String key : List.of("crossover_nodes", "crossover_heads")) {
        if (last.get(key) instanceof Map<?, ?> c) {
          Map<?, ?> nul = last.get("shuffled") instanceof Map<?, ?> z && z.get(key) instanceof Map<?, ?> zc ? zc : null;
          html.append(figure(crossover(c, nul, key), charts, tag + "_" + key, "Crossover: " + c.get("pool")));
        }
      }
      if (last.get("matrices") instanceof List<?> ms) {
        for (Object o : ms) {
          Map<?, ?> m = (Map<?, ?>) o;
          String unit = String.valueOf(m.get("unit"));
          double[][] prob = matrix(m.get("prob"));
          JFreeChart c = Charts.heatmap(String.format("Label × label mean probability, %s (accuracy %.3f)", unit, num(m.get("accuracy")).doubleValue()),
              "true label", outputs.size() <= 20 ? outputs : null, "output", outputs.size() <= 20 ? outputs : null, prob, 0, 1);
          html.append(figure(c, charts, tag + "_matrix_" + unit.replaceAll("[^A-Za-z0-9]+", "_"), "Label × label matrix, " + unit));
        }
      }
    }
    return html.toString();
  }

  private static String summaryTable(TreeMap<Long, Path> steps) throws IOException {
    StringBuilder t = new StringBuilder("<table><tr><th>step</th><th>acc. all</th><th>acc. 1 node</th><th>node |L|</th><th>bound |L| (observed h)</th>"
        + "<th>bound |L| (all h)</th><th>node Jaccard</th><th>node coverage</th><th>empty nodes</th><th>head |L|</th><th>head Jaccard</th>"
        + "<th>shuffled: node |L|</th><th>shuffled: node Jaccard</th><th>shuffled: acc. 1 node</th></tr>\n");
    for (var e : steps.entrySet()) {
      Map<String, Object> doc = read(e.getValue());
      @SuppressWarnings("unchecked")
      Map<String, Object> s = (Map<String, Object>) doc.get("summary");
      @SuppressWarnings("unchecked")
      Map<String, Object> z = doc.get("shuffled") instanceof Map<?, ?> m ? (Map<String, Object>) m.get("summary") : Map.of();
      t.append(String.format("<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.2f</td><td>%s</td><td>%.2f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>"
          + "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
          e.getKey(), d(s, "accuracy_all"), d(s, "node_accuracy_mean"), d(s, "node_learned_mean"), fmt(s, "node_bound_observed_size_mean", "%.2f"),
          d(s, "node_bound_size_mean"), d(s, "node_jaccard"), d(s, "node_coverage"), d(s, "node_empty_fraction"),
          fmt(s, "head_learned_mean", "%.2f"), fmt(s, "head_jaccard", "%.3f"), fmt(z, "node_learned_mean", "%.2f"), fmt(z, "node_jaccard", "%.3f"),
          fmt(z, "node_accuracy_mean", "%.4f")));
    }
    return t.append("</table>\n").toString();
  }

  /** Rows: nodes sorted by their smallest learned label, then set size; columns: labels; 1 = learned. */
  private static JFreeChart learnedMatrix(Map<String, Object> r, List<String> outputs) {
    List<int[]> sets = new ArrayList<>();
    for (Object o : (List<?>) r.get("nodes")) {
      sets.add(ints(((Map<?, ?>) o).get("learned")));
    }
    sets.sort((a, b) -> {
      int fa = a.length == 0 ? Integer.MAX_VALUE : a[0];
      int fb = b.length == 0 ? Integer.MAX_VALUE : b[0];
      return fa != fb ? Integer.compare(fa, fb) : Integer.compare(a.length, b.length);
    });
    double[][] v = new double[sets.size()][outputs.size()];
    for (int i = 0; i < sets.size(); i++) {
      for (int a : sets.get(i)) {
        v[i][a] = 1;
      }
    }
    return Charts.heatmap("Learned labels per node, step " + r.get("step"), "node (sorted)", null, "label",
        outputs.size() <= 20 ? outputs : null, v, 0, 1);
  }

  private static JFreeChart histogram(Map<String, Object> first, Map<String, Object> last, int k) {
    Map<String, List<double[]>> s = new LinkedHashMap<>();
    for (Map<String, Object> r : List.of(first, last)) {
      int[] h = ints(((Map<?, ?>) r.get("node_order")).get("size_histogram"));
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < Math.min(h.length, k + 1); i++) {
        pts.add(new double[] {i, h[i]});
      }
      s.put("step " + r.get("step"), pts);
    }
    return Charts.xLabel(Charts.lines("Histogram of |L(node)|", "nodes", s, false), "learned-set size |L|");
  }

  private static JFreeChart bound(Map<String, Object> r) {
    List<double[]> size = new ArrayList<>();
    List<double[]> seen = new ArrayList<>();
    for (Object o : (List<?>) r.get("nodes")) {
      Map<?, ?> n = (Map<?, ?>) o;
      size.add(new double[] {ints(n.get("envelope")).length, ints(n.get("learned")).length});
      if (n.get("envelope_observed") != null) {
        seen.add(new double[] {ints(n.get("envelope_observed")).length, ints(n.get("learned")).length});
      }
    }
    Map<String, List<double[]>> s = new LinkedHashMap<>();
    s.put("|L| vs outputs on the envelope (all real h)", size);
    s.put("|L| vs outputs on the envelope (observed h)", seen);
    return Charts.points("Bound (x) vs achieved (y): learned-set size", "outputs on the upper envelope", "|L(node)|", s);
  }

  /** {@code nul}: the same curves under the label-shuffled readout, or null. */
  private static JFreeChart crossover(Map<?, ?> c, Map<?, ?> nul, String key) {
    int[] k = ints(c.get("k"));
    Map<String, List<double[]>> s = new LinkedHashMap<>();
    for (String series : List.of("random_mean", "greedy", "random_guess_baseline", "shuffled random_mean")) {
      Map<?, ?> from = series.startsWith("shuffled ") ? nul : c;
      if (from == null) {
        continue;
      }
      double[] v = doubles(from.get(series.replace("shuffled ", "")));
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < k.length; i++) {
        if (Double.isFinite(v[i])) {
          pts.add(new double[] {k[i], v[i]});
        }
      }
      s.put(series.replace('_', ' '), pts);
    }
    return Charts.xLabel(Charts.lines("Accuracy A(k), " + c.get("pool"), "accuracy", s, false), key.endsWith("heads") ? "heads kept" : "nodes kept");
  }

  private static String figure(JFreeChart chart, Path charts, String file, String caption) throws IOException {
    Charts.write(chart, charts.resolve(file));
    return "<figure>" + Charts.svg(chart) + "<figcaption>" + ReportWriter.esc(caption) + " — also <a href=\"charts/" + file + ".png\">PNG</a>"
        + "</figcaption></figure>\n";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(Path p) throws IOException {
    return (Map<String, Object>) Json.parse(Files.readString(p));
  }

  private static Number num(Object o) {
    return o instanceof Number n ? n : Double.NaN;
  }

  private static double d(Map<String, Object> m, String k) {
    return num(m.get(k)).doubleValue();
  }

  private static String fmt(Map<String, Object> m, String k, String f) {
    return m.get(k) instanceof Number n ? String.format(f, n.doubleValue()) : "–";
  }

  private static List<String> strings(Object o) {
    return ((List<?>) o).stream().map(String::valueOf).toList();
  }

  private static int[] ints(Object o) {
    return ((List<?>) o).stream().mapToInt(x -> ((Number) x).intValue()).toArray();
  }

  private static double[] doubles(Object o) {
    return ((List<?>) o).stream().mapToDouble(x -> x == null ? Double.NaN : ((Number) x).doubleValue()).toArray();
  }

  private static double[][] matrix(Object o) {
    List<?> rows = (List<?>) o;
    double[][] m = new double[rows.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = doubles(rows.get(i));
    }
    return m;
  }

}
