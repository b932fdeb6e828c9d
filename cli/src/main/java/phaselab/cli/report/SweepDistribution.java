package phaselab.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The sweep's accuracy as a distribution over seeds, beside Murty et al.'s at the same steps: per
 * depth, split and reference step, our number of seeds, median, 10–90% range and fraction of
 * seeds ≥ 0.9, then the reference's (its depth and seed count in the header).
 */
final class SweepDistribution {
  static final double SOLVED = 0.9;

  private SweepDistribution() {}

  static String table(Map<Integer, List<SweepReportWriter.Run>> byDepth, String idMetric, String genMetric, String task) {
    if (task == null) {
      return "";
    }
    var refLayers = ReferenceCurves.accuracyLayers(task);
    StringBuilder t = new StringBuilder("<h2>Accuracy over seeds beside the reference</h2>\n<p>Per depth and step: median, "
        + "10–90% range (linear interpolation between seeds) and fraction of seeds ≥ " + SOLVED + "; the reference is "
        + ReferenceCurves.CITATION + (refLayers.map(l -> " at " + l + " layers (hidden 512, batch 8)").orElse(": none for this task"))
        + ", at the same step. Steps are the reference's evaluation steps up to our last.</p>\n");
    t.append("<table><tr><th>layers</th><th>split</th><th>step</th><th>seeds</th><th>median</th><th>10–90%</th><th>≥ 0.9</th>"
        + "<th>ref seeds</th><th>ref median</th><th>ref 10–90%</th><th>ref ≥ 0.9</th></tr>\n");
    for (var e : byDepth.entrySet()) {
      for (String split : List.of("gen", "id")) {
        String metric = split.equals("gen") ? genMetric : idMetric;
        for (long step : steps(e.getValue(), metric, task)) {
          List<Double> v = valuesAt(e.getValue(), metric, step);
          if (v.isEmpty()) {
            continue;
          }
          var ref = ReferenceCurves.accuracyAt(task, split, step);
          t.append(String.format("<tr><td>%d</td><td>%s</td><td>%,d</td><td>%d</td><td>%.3f</td><td>%.3f–%.3f</td><td>%d/%d</td>",
              e.getKey(), split, step, v.size(), SeedStats.quantile(v, 0.5), SeedStats.quantile(v, 0.1), SeedStats.quantile(v, 0.9),
              Math.round(SeedStats.fractionAtLeast(v, SOLVED) * v.size()), v.size()));
          t.append(ref.map(r -> String.format("<td>%d</td><td>%.3f</td><td>%.3f–%.3f</td><td>%d/%d</td>", r.seeds(), r.median(),
              r.p10(), r.p90(), Math.round(r.fracAtLeast09() * r.seeds()), r.seeds())).orElse("<td>–</td><td>–</td><td>–</td><td>–</td>"));
          t.append("</tr>\n");
        }
      }
    }
    return t.append("</table>\n").toString();
  }

  /** The reference's steps (or, if it has none, every 3,000th of ours) at which our runs have the metric. */
  private static List<Long> steps(List<SweepReportWriter.Run> runs, String metric, String task) {
    TreeSet<Long> ours = new TreeSet<>();
    for (var r : runs) {
      r.series().getOrDefault(metric, List.of()).forEach(p -> ours.add((long) p[0]));
    }
    List<Long> out = new ArrayList<>();
    List<ReferenceCurves.Accuracy> ref = ReferenceCurves.accuracy(task, "gen");
    if (ref.isEmpty()) {
      ours.stream().filter(s -> s % 3000 == 0 && s > 0).forEach(out::add);
    } else {
      ref.stream().map(ReferenceCurves.Accuracy::step).filter(ours::contains).forEach(out::add);
    }
    return out;
  }

  private static List<Double> valuesAt(List<SweepReportWriter.Run> runs, String metric, long step) {
    List<Double> v = new ArrayList<>();
    for (var r : runs) {
      r.series().getOrDefault(metric, List.of()).stream().filter(p -> (long) p[0] == step).findFirst().ifPresent(p -> v.add(p[1]));
    }
    return v;
  }
}
