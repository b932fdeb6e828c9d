package phaselab.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import phaselab.lab.experiment.ProbeRegistry;
import phaselab.lab.probe.ProbeSpec;
import phaselab.lab.run.RunDir;

/**
 * Writes {@code report.html} for a run: a self-contained page (charts inlined as SVG, opens
 * offline) with the config, loss and learning-rate curves, evaluation accuracies, every probe's
 * curves and a table of final and best values. Each chart is also written to {@code charts/} as
 * SVG and PNG for papers. Everything comes from the run directory's files.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /** Returns the path of the written report. */
  public static Path write(RunDir run, boolean logSteps) throws IOException {
    List<RunDir.MetricRow> rows = run.readMetrics();
    if (rows.isEmpty()) {
      throw new ReportException("'" + run.path() + "' has no metrics yet (metrics.jsonl is empty); train it first");
    }
    Map<String, List<double[]>> series = new TreeMap<>();
    for (RunDir.MetricRow r : rows) {
      series.computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(new double[] {r.step(), r.value()});
    }
    Path charts = run.path().resolve("charts");
    Files.createDirectories(charts);
    StringBuilder body = new StringBuilder();
    var config = phaselab.lab.run.RunConfig.read(run);
    long lastStep = rows.get(rows.size() - 1).step();
    for (var group : groups(series).entrySet()) {
      String file = group.getKey().replaceAll("[^A-Za-z0-9]+", "_").toLowerCase();
      boolean log = logSteps && !group.getKey().startsWith("Learning");
      JFreeChart chart = Charts.lines(group.getKey(), yLabel(group.getKey()), group.getValue(), log);
      String reference = GrokkingReference.decorate(chart, group.getKey(), config, lastStep, log) + EntropicReport.updateNote(group.getKey(), config);
      Charts.write(chart, charts.resolve(file));
      body.append("<figure>").append(Charts.svg(chart)).append("<figcaption>").append(esc(group.getKey() + reference))
          .append(" — also <a href=\"charts/").append(file).append(".svg\">SVG</a>, <a href=\"charts/").append(file)
          .append(".png\">PNG</a></figcaption></figure>\n");
    }
    double balanceTime = EntropicReport.balanceTime(series);
    if (!Double.isNaN(balanceTime)) {
      body.append(String.format("<p>Balance time (docs/entropic-forces.md): step %.0f.</p>%n", balanceTime));
    }
    body.append(EntropicReport.alignment(run.path(), charts));
    body.append(SymmetryReport.section(run.path(), charts));
    body.append(PatchingReport.section(run.path(), charts));
    String html = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>phaselab report: %s</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:1340px;margin:2em auto;padding:0 1em;color:#222}
        figure{display:inline-block;margin:.5em;vertical-align:top} figcaption{font-size:.85em;color:#555}
        table{border-collapse:collapse;font-size:.9em} td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
        th:first-child,td:first-child{text-align:left} pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:.85em}
        </style></head><body>
        <h1>phaselab report: %s</h1>
        <p>Run directory <code>%s</code>; %d metric rows up to step %d. Definitions of every metric: docs/metrics.md.</p>
        <h2>Curves</h2>
        %s
        <h2>Final and best values</h2>
        %s
        <h2>Resolved config</h2>
        <pre>%s</pre>
        </body></html>
        """.formatted(esc(run.path().getFileName().toString()), esc(run.path().getFileName().toString()), esc(run.path().toString()),
        rows.size(), rows.get(rows.size() - 1).step(), body, table(series), esc(Files.readString(run.config())));
    Path out = run.path().resolve("report.html");
    phaselab.lab.run.SafeWrite.text(out, html);
    return out;
  }

  /** Chart groups: loss, learning rate, gradient norm, accuracies, then one per probe family. */
  static Map<String, Map<String, List<double[]>>> groups(Map<String, List<double[]>> series) {
    Map<String, Map<String, List<double[]>>> g = new LinkedHashMap<>();
    for (var e : series.entrySet()) {
      String m = e.getKey();
      String group = group(m);
      if (group != null) {
        var values = m.startsWith("probe/entropic/") ? EntropicReport.transform(m, e.getValue()) : e.getValue();
        g.computeIfAbsent(group, k -> new TreeMap<>()).put(m, values);
      }
    }
    return g;
  }

  /**
   * The chart a metric of metrics.jsonl is drawn in (the report's and the dashboard's grouping),
   * or null for one shown in tables only (model/params, per-tensor entropic numbers, tscore_se).
   * Probe metrics are grouped by their probe's spec.
   */
  public static String group(String m) {
    if (m.equals("train/loss") || (m.startsWith("eval/") && m.endsWith("/loss"))) {
      return "Loss";
    } else if (m.equals("train/lr")) {
      return "Learning rate";
    } else if (m.equals("train/grad_norm")) {
      return "Gradient norm";
    } else if (m.startsWith("eval/")) {
      return "Accuracy";
    } else if (m.startsWith(ProbeSpec.PREFIX)) {
      return ProbeRegistry.chart(m); // as the probe that writes it declares (its spec)
    }
    return null; // e.g. model/params: a fact, not a curve
  }

  private static String yLabel(String group) {
    return switch (group) {
      case "Loss" -> "cross-entropy (nats)";
      case "Accuracy" -> "accuracy";
      case "Learning rate" -> "learning rate";
      default -> group.startsWith("Attention") ? "Σ p log p (higher = sparser)" : group.contains("log10") ? "log10 ratio" : "value";
    };
  }

  private static String table(Map<String, List<double[]>> series) {
    StringBuilder t = new StringBuilder("<table><tr><th>metric</th><th>final</th><th>at step</th><th>best</th><th>at step</th></tr>\n");
    for (var e : series.entrySet()) {
      List<double[]> pts = e.getValue();
      double[] last = pts.get(pts.size() - 1);
      boolean lowerIsBetter = e.getKey().endsWith("loss") || e.getKey().endsWith("grad_norm");
      double[] best = last;
      for (double[] p : pts) {
        if (lowerIsBetter ? p[1] < best[1] : p[1] > best[1]) {
          best = p;
        }
      }
      t.append(String.format("<tr><td>%s</td><td>%.6g</td><td>%d</td><td>%.6g</td><td>%d</td></tr>%n",
          esc(e.getKey()), last[1], (long) last[0], best[1], (long) best[0]));
    }
    return t.append("</table>").toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
