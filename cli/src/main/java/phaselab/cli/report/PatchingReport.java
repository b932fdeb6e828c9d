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

/**
 * Run-report section for {@code phaselab patch} results (RUN/patching/step-N.json): the recovered
 * share of the clean–corrupted logit difference as two heatmaps, the residual stream per block and
 * position and each head's output per block, on a red–white–blue scale clipped at ±{@link #LIMIT}
 * (shares beyond 1 mean the activation overshoots the clean run). A gap under {@link #SMALL_GAP}
 * nats is flagged: the shares are then ratios of noise.
 */
final class PatchingReport {
  private PatchingReport() {}

  static final double LIMIT = 1.5;
  static final double SMALL_GAP = 0.5;

  static String section(Path runDir, Path charts) throws IOException {
    Path dir = runDir.resolve("patching");
    if (!Files.isDirectory(dir)) {
      return "";
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().matches("step-\\d+\\.json")).sorted().toList();
    }
    StringBuilder html = new StringBuilder();
    for (Path f : files) {
      Map<?, ?> doc = (Map<?, ?>) RunJson.parse(Files.readString(f));
      long step = ((Number) doc.get("step")).longValue();
      double clean = ((Number) doc.get("metric_clean")).doubleValue();
      double corrupt = ((Number) doc.get("metric_corrupt")).doubleValue();
      double[][] residual = matrix(doc.get("residual_recovered"));
      double[][] heads = matrix(doc.get("heads_recovered"));
      int read = ((Number) doc.get("read_position")).intValue();
      List<String> blocks = new ArrayList<>();
      for (int l = 0; l < residual.length; l++) {
        blocks.add("block " + l);
      }
      List<String> positions = positions(String.valueOf(doc.get("clean")), read, residual.length == 0 ? 0 : residual[0].length);
      List<String> headNames = new ArrayList<>();
      for (int h = 0; h < (heads.length == 0 ? 0 : heads[0].length); h++) {
        headNames.add("head " + h);
      }
      double gap = clean - corrupt;
      html.append(String.format("<h3>Activation patching at step %d</h3>%n<p>Clean: <code>%s</code><br>Corrupted: <code>%s</code><br>"
          + "logit difference clean %.3f, corrupted %.3f (gap %.3f nats)%s</p>%n", step, ReportWriter.esc(String.valueOf(doc.get("clean"))),
          ReportWriter.esc(String.valueOf(doc.get("corrupt"))), clean, corrupt, gap, Math.abs(gap) < SMALL_GAP
              ? ": <strong>the model barely tells the two apart at this step, so the shares below are ratios of noise</strong>" : ""));
      String base = String.format("patching_step_%06d", step);
      JFreeChart r = Charts.divergingHeatmap("Recovered share, residual stream entering each block", "block", blocks, "position", positions,
          residual, LIMIT);
      Charts.write(r, charts.resolve(base + "_residual"));
      JFreeChart h = Charts.divergingHeatmap("Recovered share, each head's output (all positions)", "block", blocks, "head", headNames, heads,
          LIMIT);
      Charts.write(h, charts.resolve(base + "_heads"));
      for (JFreeChart c : List.of(r, h)) {
        html.append("<figure>").append(Charts.svg(c)).append("<figcaption>1: the activation alone restores the clean answer; 0: it carries "
            + "none of the difference; colours clipped at ±" + LIMIT + " (docs/structural-grokking.md)</figcaption></figure>\n");
      }
    }
    return html.isEmpty() ? "" : "<h2>Activation patching</h2>\n" + html;
  }

  /** Column labels: SOS and the clean input's words when they match the positions, else pos 0…n−1. */
  static List<String> positions(String clean, int read, int n) {
    String[] words = clean.split("\t")[0].trim().split(" +");
    List<String> out = new ArrayList<>();
    if (words.length >= n - 1 && read == n - 1) {
      out.add("SOS");
      for (int i = 0; i < n - 1; i++) {
        out.add(i + 1 + " " + words[i]);
      }
      return out;
    }
    for (int i = 0; i < n; i++) {
      out.add("pos " + i);
    }
    return out;
  }

  private static double[][] matrix(Object o) {
    List<?> rows = (List<?>) o;
    double[][] m = new double[rows.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = ((List<?>) rows.get(i)).stream().mapToDouble(x -> x instanceof Number num ? num.doubleValue() : Double.NaN).toArray();
    }
    return m;
  }
}
