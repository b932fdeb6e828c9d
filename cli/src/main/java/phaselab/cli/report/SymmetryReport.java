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
import phaselab.lab.suite.symmetry.NodeDocument;
import phaselab.lab.suite.symmetry.NodeReport;

/**
 * The symmetry-breaking section of a run report (docs/symmetry-breaking.md), from the files of
 * {@code phaselab probe nodes}: the node × label learned matrix sorted to show its block structure,
 * label × label probability matrices of the best nodes and of every head, the histogram of
 * learned-set sizes at initialisation vs the last step, order parameters over the analysed steps,
 * the crossover curves and the convex-hull bound against what each node achieves.
 */
final class SymmetryReport {
  private SymmetryReport() {}

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
    StringBuilder html = new StringBuilder(SymmetryTimeline.section(List.of(runDir), charts));
    for (var site : bySite.entrySet()) {
      NodeDocument firstDoc = NodeDocument.read(site.getValue().firstEntry().getValue());
      NodeDocument lastDoc = NodeDocument.read(site.getValue().lastEntry().getValue());
      NodeReport first = firstDoc.result();
      NodeReport last = lastDoc.result();
      String tag = "nodes_" + site.getKey().replaceAll("[^A-Za-z0-9]+", "_");
      List<String> outputs = last.outputs();
      html.append("<h2>Single-node symmetry breaking at site ").append(ReportWriter.esc(site.getKey())).append("</h2>\n<p>")
          .append(String.format("Step %s vs %s; %d nodes, %d outputs reported, %d held-out rows; readout: %s; silencing: %s; learned set: "
              + "recall ≥ %.3f. Accuracy with all nodes %.4f (init %.4f).", lastDoc.step(), firstDoc.step(), last.nodesCount(), outputs.size(),
              last.testRows(), last.readoutDescription() != null ? last.readoutDescription() : last.readout(), last.silencing(), last.minRecall(),
              last.accuracyAllNodes(), first.accuracyAllNodes())).append("</p>\n");
      html.append(summaryTable(site.getValue()));
      html.append(figure(learnedMatrix(last, lastDoc.step(), outputs), charts, tag + "_learned_matrix", "Node × label learned matrix (sorted)"));
      html.append(figure(learnedMatrix(first, firstDoc.step(), outputs), charts, tag + "_learned_matrix_init",
          "The same at step " + firstDoc.step()));
      html.append(figure(histogram(List.of(firstDoc, lastDoc), outputs.size()), charts, tag + "_sizes", "Learned-set sizes of single nodes"));
      html.append(figure(bound(last), charts, tag + "_bound", "Convex-hull bound vs achieved, per node"));
      NodeReport nul = lastDoc.shuffled();
      if (last.crossoverNodes() != null) {
        html.append(figure(crossover(last.crossoverNodes(), nul != null ? nul.crossoverNodes() : null, "nodes kept"), charts,
            tag + "_crossover_nodes", "Crossover: " + last.crossoverNodes().pool()));
      }
      if (last.crossoverHeads() != null) {
        html.append(figure(crossover(last.crossoverHeads(), nul != null ? nul.crossoverHeads() : null, "heads kept"), charts,
            tag + "_crossover_heads", "Crossover: " + last.crossoverHeads().pool()));
      }
      if (last.matrices() != null) {
        for (NodeReport.LabelMatrix m : last.matrices()) {
          JFreeChart c = Charts.heatmap(String.format("Label × label mean probability, %s (accuracy %.3f)", m.unit(), m.accuracy()),
              "true label", outputs.size() <= 20 ? outputs : null, "output", outputs.size() <= 20 ? outputs : null, m.prob(), 0, 1);
          html.append(figure(c, charts, tag + "_matrix_" + m.unit().replaceAll("[^A-Za-z0-9]+", "_"), "Label × label matrix, " + m.unit()));
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
      NodeDocument doc = NodeDocument.read(e.getValue());
      Map<String, Double> s = doc.result().summary().metrics();
      Map<String, Double> z = doc.shuffled() != null ? doc.shuffled().summary().metrics() : Map.of();
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
  private static JFreeChart learnedMatrix(NodeReport r, long step, List<String> outputs) {
    List<int[]> sets = new ArrayList<>(r.nodes().stream().map(NodeReport.Node::learned).toList());
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
    return Charts.heatmap("Learned labels per node, step " + step, "node (sorted)", null, "label",
        outputs.size() <= 20 ? outputs : null, v, 0, 1);
  }

  private static JFreeChart histogram(List<NodeDocument> docs, int k) {
    Map<String, List<double[]>> s = new LinkedHashMap<>();
    for (NodeDocument r : docs) {
      int[] h = r.result().nodeOrder().sizeHistogram();
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < Math.min(h.length, k + 1); i++) {
        pts.add(new double[] {i, h[i]});
      }
      s.put("step " + r.step(), pts);
    }
    return Charts.xLabel(Charts.lines("Histogram of |L(node)|", "nodes", s, false), "learned-set size |L|");
  }

  private static JFreeChart bound(NodeReport r) {
    List<double[]> size = new ArrayList<>();
    List<double[]> seen = new ArrayList<>();
    for (NodeReport.Node n : r.nodes()) {
      size.add(new double[] {n.envelope().length, n.learned().length});
      if (n.envelopeObserved() != null) {
        seen.add(new double[] {n.envelopeObserved().length, n.learned().length});
      }
    }
    Map<String, List<double[]>> s = new LinkedHashMap<>();
    s.put("|L| vs outputs on the envelope (all real h)", size);
    s.put("|L| vs outputs on the envelope (observed h)", seen);
    return Charts.points("Bound (x) vs achieved (y): learned-set size", "outputs on the upper envelope", "|L(node)|", s);
  }

  /** {@code nul}: the same curves under the label-shuffled readout, or null. */
  private static JFreeChart crossover(NodeReport.Curve c, NodeReport.Curve nul, String units) {
    Map<String, List<double[]>> s = new LinkedHashMap<>();
    s.put("random mean", points(c.k(), c.randomMean()));
    s.put("greedy", points(c.k(), c.greedy()));
    s.put("random guess baseline", points(c.k(), c.randomGuessBaseline()));
    if (nul != null) {
      s.put("shuffled random mean", points(nul.k(), nul.randomMean()));
    }
    return Charts.xLabel(Charts.lines("Accuracy A(k), " + c.pool(), "accuracy", s, false), units);
  }

  private static List<double[]> points(int[] k, double[] v) {
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < k.length; i++) {
      if (Double.isFinite(v[i])) {
        pts.add(new double[] {k[i], v[i]});
      }
    }
    return pts;
  }

  private static String figure(JFreeChart chart, Path charts, String file, String caption) throws IOException {
    Charts.write(chart, charts.resolve(file));
    return "<figure>" + Charts.svg(chart) + "<figcaption>" + ReportWriter.esc(caption) + " — also <a href=\"charts/" + file + ".png\">PNG</a>"
        + "</figcaption></figure>\n";
  }

  private static double d(Map<String, Double> m, String k) {
    return m.getOrDefault(k, Double.NaN);
  }

  private static String fmt(Map<String, Double> m, String k, String f) {
    return m.get(k) != null ? String.format(f, m.get(k)) : "–";
  }
}
