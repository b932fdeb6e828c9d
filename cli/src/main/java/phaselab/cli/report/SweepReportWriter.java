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
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.config.ModelKind;
import phaselab.lab.config.TaskKind;
import phaselab.lab.run.RunDir;

/**
 * The report of a sweep directory (Murty et al. 2023, figures 1–4): grokking curves per depth
 * (ID and generalisation accuracy, seeds thin, median thick, Murty et al.'s released median and
 * 10–90% band behind), the distribution table (per depth and reference step: our median, 10–90%
 * range and fraction of seeds ≥ 0.9 beside the reference's), the early-stopping table
 * (generalisation at the evaluation with the best ID accuracy vs at the end), the inverted-U chart
 * (fraction of seeds whose final generalisation accuracy reaches 0.8, per depth), and weight norm,
 * attention sparsity, tscore and tparseval over steps per depth (medians over seeds, the
 * reference's tscore and tparseval at the same depth behind).
 */
public final class SweepReportWriter {
  static final double GROKKED = 0.8;

  private SweepReportWriter() {}

  /** One finished or partial run of the sweep. */
  record Run(String id, int depth, long seed, Map<String, List<double[]>> series, ExperimentConfig config) {}

  public static Path write(Path dir, boolean logSteps) throws IOException {
    List<Run> runs = new ArrayList<>();
    String headline = null;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        RunDir run = new RunDir(p);
        if (!run.exists()) {
          continue;
        }
        ExperimentConfig c = phaselab.lab.run.RunConfig.read(run);
        headline = c.task().kind().headline();
        Map<String, List<double[]>> series = new TreeMap<>();
        for (RunDir.MetricRow r : run.readMetrics()) {
          series.computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(new double[] {r.step(), r.value()});
        }
        runs.add(new Run(p.getFileName().toString(), c.model().layers(), c.seed(), series, c));
      }
    }
    if (runs.isEmpty()) {
      throw new ReportException("'" + dir + "' holds no runs yet; run the sweep first");
    }
    Map<Integer, List<Run>> byDepth = new TreeMap<>();
    runs.forEach(r -> byDepth.computeIfAbsent(r.depth(), k -> new ArrayList<>()).add(r));
    Path charts = dir.resolve("charts");
    Files.createDirectories(charts);
    String body;
    var task = runs.get(0).config().task();
    if (task.kind().model() != ModelKind.DECODER) {
      String section = EntropicReport.sweep(runs, charts, logSteps);
      body = finalTable(runs) + (section != null ? section : "") + RelaxationReport.section(runs, charts)
          + SymmetryTimeline.section(runs.stream().map(r -> dir.resolve(r.id())).toList(), charts);
    } else {
      body = grokking(runs, byDepth, headline, charts, logSteps);
    }
    String html = """
        <!doctype html><html><head><meta charset="utf-8"><title>phaselab sweep report: %s</title>
        <style>body{font-family:system-ui,sans-serif;max-width:1340px;margin:2em auto;padding:0 1em;color:#222}
        figure{display:inline-block;margin:.5em;vertical-align:top} figcaption{font-size:.85em;color:#555}
        table{border-collapse:collapse;font-size:.9em} td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
        td:first-child,th:first-child{text-align:left}</style></head><body>
        <h1>Sweep %s</h1><p>%d runs under <code>%s</code>; headline metric <code>%s</code> (docs/metrics.md).</p>
        %s</body></html>
        """.formatted(dir.getFileName(), dir.getFileName(), runs.size(), ReportWriter.esc(dir.toString()), headline, body);
    Path out = dir.resolve("report.html");
    phaselab.lab.run.SafeWrite.text(out, html);
    return out;
  }

  /** Final value of each run's two summary metrics (phaselab runs' columns). */
  private static String finalTable(List<Run> runs) {
    TaskKind kind = runs.get(0).config().task().kind();
    String[] col = {kind.mainMetric(), kind.otherMetric()};
    StringBuilder t = new StringBuilder("<h2>Final values</h2>\n<table><tr><th>run</th><th>" + col[0].substring(5) + "</th><th>"
        + col[1].substring(5) + "</th></tr>\n");
    for (Run r : runs) {
      t.append(String.format("<tr><td>%s</td><td>%.4f</td><td>%.4f</td></tr>%n", r.id(), last(r.series().get(col[0])),
          last(r.series().get(col[1]))));
    }
    return t.append("</table>\n").toString();
  }

  /** Grokking curves per depth, the inverted U, early stopping and the probes by depth. */
  private static String grokking(List<Run> runs, Map<Integer, List<Run>> byDepth, String headline, Path charts, boolean logSteps)
      throws IOException {
    StringBuilder body = new StringBuilder("<h2>Grokking curves</h2>\n");
    String id = "eval/id/" + headline;
    String gen = "eval/ood/" + headline;
    for (var e : byDepth.entrySet()) {
      Map<String, List<double[]>> lines = new LinkedHashMap<>();
      Map<String, Float> widths = new LinkedHashMap<>();
      for (Run r : e.getValue()) {
        lines.put("ID seed " + r.seed(), r.series().getOrDefault(id, List.of()));
        widths.put("ID seed " + r.seed(), 0.8f);
        lines.put("gen seed " + r.seed(), r.series().getOrDefault(gen, List.of()));
        widths.put("gen seed " + r.seed(), 0.8f);
      }
      lines.put("ID median", median(e.getValue(), id));
      widths.put("ID median", 3f);
      lines.put("gen median", median(e.getValue(), gen));
      widths.put("gen median", 3f);
      JFreeChart chart = Charts.lines(e.getKey() + " layers: " + headline, "accuracy", lines, logSteps, widths);
      String ref = GrokkingReference.decorate(chart, "Accuracy", e.getValue().get(0).config(), lastStep(e.getValue()), logSteps);
      body.append(figure(chart, charts, "grokking_" + e.getKey() + "L", e.getValue().size() + " seeds, thin; median thick" + ref));
    }
    body.append(SweepDistribution.table(byDepth, id, gen, task(runs)));
    body.append("<h2>Inverted U</h2>\n");
    Map<String, List<double[]>> u = new LinkedHashMap<>();
    List<double[]> frac = new ArrayList<>();
    for (var e : byDepth.entrySet()) {
      long ok = e.getValue().stream().filter(r -> last(r.series().get(gen)) >= GROKKED).count();
      frac.add(new double[] {e.getKey(), (double) ok / e.getValue().size()});
    }
    u.put("fraction of seeds with final generalisation ≥ " + GROKKED, frac);
    body.append(figure(Charts.xLabel(Charts.lines("Seeds that grok, by depth", "fraction", u, false, Map.of()), "layers"), charts, "inverted_u", ""));
    body.append("<h2>Early stopping hides grokking</h2>\n").append(earlyStopping(runs, id, gen));
    body.append("<h2>Weight norm, attention sparsity and tree-structuredness, by depth (median over seeds)</h2>\n");
    for (String metric : List.of("probe/weight_norm", "probe/attn_sparsity", "probe/tscore", "probe/tparseval")) {
      Map<String, List<double[]>> lines = new LinkedHashMap<>();
      byDepth.forEach((d, rs) -> lines.put(d + " layers", median(rs, metric)));
      if (lines.values().stream().anyMatch(l -> !l.isEmpty())) {
        JFreeChart chart = Charts.lines(metric, "value", lines, logSteps, Map.of());
        StringBuilder ref = new StringBuilder();
        if (metric.equals("probe/tscore") || metric.equals("probe/tparseval")) {
          String group = metric.equals("probe/tscore") ? "Probe: tscore" : "Probe: tparseval";
          java.util.Set<Integer> drawn = new java.util.HashSet<>(); // one reference curve per reference depth
          for (var e : byDepth.entrySet()) {
            String t = GrokkingReference.task(e.getValue().get(0).config());
            if (t != null && drawn.add(GrokkingReference.nearestDepth(t, e.getKey()))) {
              ref.append(GrokkingReference.decorate(chart, group, e.getValue().get(0).config(), lastStep(e.getValue()), logSteps));
            }
          }
        }
        body.append(figure(chart, charts, metric.replace('/', '_'), ref.toString()));
      }
    }
    return body.toString();
  }

  private static String figure(JFreeChart chart, Path charts, String file, String caption) throws IOException {
    Charts.write(chart, charts.resolve(file));
    return "<figure>" + Charts.svg(chart) + "<figcaption>" + ReportWriter.esc(caption.replaceFirst("^; ", "")) + (caption.isEmpty() ? "" : " — ")
        + "<a href=\"charts/" + file + ".svg\">SVG</a>, <a href=\"charts/" + file + ".png\">PNG</a></figcaption></figure>\n";
  }

  private static long lastStep(List<Run> runs) {
    long last = 0;
    for (Run r : runs) {
      for (List<double[]> s : r.series().values()) {
        if (!s.isEmpty()) {
          last = Math.max(last, (long) s.get(s.size() - 1)[0]);
        }
      }
    }
    return last;
  }

  private static String task(List<Run> runs) {
    return GrokkingReference.task(runs.get(0).config());
  }

  /** Pointwise median over runs of a metric at the steps all of them have. */
  static List<double[]> median(List<Run> runs, String metric) {
    Map<Double, List<Double>> acc = new TreeMap<>();
    for (Run r : runs) {
      for (double[] p : r.series().getOrDefault(metric, List.of())) {
        acc.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]);
      }
    }
    List<double[]> out = new ArrayList<>();
    acc.forEach((step, v) -> {
      if (v.size() == runs.size()) {
        out.add(new double[] {step, SeedStats.quantile(v, 0.5)});
      }
    });
    return out;
  }

  private static double last(List<double[]> s) {
    return s == null || s.isEmpty() ? Double.NaN : s.get(s.size() - 1)[1];
  }

  /** Per run: generalisation at the evaluation with the best ID accuracy (first one) vs at the end. */
  static String earlyStopping(List<Run> runs, String id, String gen) {
    StringBuilder t = new StringBuilder("<table><tr><th>run</th><th>layers</th><th>seed</th><th>best ID acc</th><th>at step</th>"
        + "<th>gen acc there (early stopping)</th><th>final gen acc</th><th>final step</th></tr>\n");
    for (Run r : runs) {
      List<double[]> ids = r.series().getOrDefault(id, List.of());
      List<double[]> gens = r.series().getOrDefault(gen, List.of());
      if (ids.isEmpty() || gens.isEmpty()) {
        continue;
      }
      double[] best = ids.get(0);
      for (double[] p : ids) {
        if (p[1] > best[1]) {
          best = p;
        }
      }
      double bestStep = best[0];
      double genAtBest = gens.stream().filter(p -> p[0] == bestStep).mapToDouble(p -> p[1]).findFirst().orElse(Double.NaN);
      double[] end = gens.get(gens.size() - 1);
      t.append(String.format("<tr><td>%s</td><td>%d</td><td>%d</td><td>%.4f</td><td>%d</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>%n",
          r.id(), r.depth(), r.seed(), best[1], (long) best[0], genAtBest, end[1], (long) end[0]));
    }
    return t.append("</table>\n").toString();
  }
}
