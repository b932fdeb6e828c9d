package phaselab.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import phaselab.cli.Console;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports of grokking runs and sweeps carry Murty et al.'s released curves and read seeds as a distribution. */
class GrokkingReportTest {
  @TempDir
  Path tmp;

  /** A run directory with a question config and the given generalisation accuracies at 3k and 6k steps. */
  private Path run(Path sweep, int seed, double gen3k, double gen6k) throws Exception {
    Path dir = sweep.resolve("layers2_seed" + seed);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.yaml"), "name: q\nseed: " + seed + "\ntask:\n  name: question\nmodel:\n  layers: 2\n  max_seq: 48\n");
    StringBuilder m = new StringBuilder();
    for (long step : List.of(3000L, 6000L)) {
      double gen = step == 3000 ? gen3k : gen6k;
      m.append(String.format("{\"step\":%d,\"metric\":\"eval/ood/first_word_acc\",\"value\":%s}%n", step, gen));
      m.append(String.format("{\"step\":%d,\"metric\":\"eval/id/first_word_acc\",\"value\":1.0}%n", step));
      m.append(String.format("{\"step\":%d,\"metric\":\"probe/tscore\",\"value\":0.4}%n", step));
    }
    Files.writeString(dir.resolve("metrics.jsonl"), m.toString());
    return dir;
  }

  @Test
  void theReferenceCurvesAreShippedAsReleased() {
    var at = ReferenceCurves.accuracyAt("question", "gen", 15000).orElseThrow();
    assertThat(at.median()).isCloseTo(0.55, offset(0.001));
    assertThat(Math.round(at.fracAtLeast09() * at.seeds())).isEqualTo(3); // 3 of 20 seeds ≥ 0.9
    assertThat(ReferenceCurves.accuracyLayers("question")).contains(6);
    assertThat(ReferenceCurves.trees("question", 2)).isNotEmpty();
    assertThat(GrokkingReference.nearestDepth("question", 4)).isIn(2, 6);
    assertThat(SeedStats.quantile(List.of(0.1, 0.2, 0.9, 1.0), 0.5)).isCloseTo(0.55, offset(1e-12));
    assertThat(SeedStats.quantile(List.of(0.1, 0.2, 0.9, 1.0), 0.1)).isCloseTo(0.13, offset(1e-12));
    // "never reached" counts as later than any step: the median of 3 seeds with 2 unreached is ∞, not NaN
    double inf = Double.POSITIVE_INFINITY;
    assertThat(SeedStats.quantile(List.of(500.0, inf, inf), 0.5)).isEqualTo(inf);
    assertThat(SeedStats.quantile(List.of(500.0, inf, inf), 0.9)).isEqualTo(inf);
  }

  @Test
  void aSweepReportTabulatesOurSeedsBesideTheReferenceAtTheSameSteps() throws Exception {
    Path sweep = tmp.resolve("sw");
    run(sweep, 1, 0.10, 0.95);
    run(sweep, 2, 0.20, 0.92);
    run(sweep, 3, 0.90, 0.30);
    run(sweep, 4, 1.00, 0.10);
    Files.writeString(sweep.resolve("sweep.yaml"), "name: sw\nconfig: q.yaml\ngrid:\n  seed: [1, 2, 3, 4]\n");
    Console c = Console.run("report", sweep.toString());
    assertThat(c.code()).as(c.err()).isZero();
    String html = Files.readString(sweep.resolve("report.html"));
    assertThat(html).contains("Accuracy over seeds beside the reference");
    // 3k steps: ours median 0.55, 10–90% 0.130–0.970, 2 of 4 ≥ 0.9; reference 0.305, 0.275–0.405, 0 of 20
    assertThat(html).contains("<td>2</td><td>gen</td><td>3,000</td><td>4</td><td>0.550</td><td>0.130–0.970</td><td>2/4</td>"
        + "<td>20</td><td>0.305</td><td>0.275–0.405</td><td>0/20</td>");
    assertThat(html).contains("reference gen (6L): median, 10–90%").contains("median thick");
    // the run report draws the reference behind its accuracy and tscore charts
    c = Console.run("report", sweep.resolve("layers2_seed1").toString());
    assertThat(c.code()).as(c.err()).isZero();
    String run = Files.readString(sweep.resolve("layers2_seed1/report.html"));
    assertThat(run).contains("Murty et al. 2023, released results, 6 layers").contains("reference 2L median");
  }
}
