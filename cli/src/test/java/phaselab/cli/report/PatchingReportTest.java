package phaselab.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run report's patching section: both heatmaps, token labels, and the small-gap warning. */
class PatchingReportTest {
  @TempDir
  Path tmp;

  private static String doc(long step, double clean, double corrupt) {
    return """
        {"step":%d,"clean":"some zebras do swim . quest\\tdo some zebras swim ?","corrupt":"some zebras don't swim . quest\\tdon't some zebras swim ?",
        "read_position":5,"token_ids":["1","5","35","89","39","103"],"answer_id":89,"wrong_id":91,"metric_clean":%s,"metric_corrupt":%s,
        "residual_recovered":[[0,0,0,1.0,0,0],[0,0,0,0.4,0,0.6]],"heads_recovered":[[0.1,-0.2],[0.9,"NaN"]]}
        """.formatted(step, clean, corrupt);
  }

  @Test
  void drawsBothHeatmapsPerStepAndFlagsANoiseGap() throws Exception {
    Path run = tmp.resolve("run");
    Files.createDirectories(run.resolve("patching"));
    Files.writeString(run.resolve("patching/step-000100.json"), doc(100, 2.0, -1.0));
    Files.writeString(run.resolve("patching/step-000200.json"), doc(200, 0.1, 0.0));
    Path charts = Files.createDirectories(tmp.resolve("charts"));
    String html = PatchingReport.section(run, charts);
    assertThat(html).contains("Activation patching at step 100").contains("gap 3.000 nats").contains("Activation patching at step 200");
    assertThat(html.split("ratios of noise", -1)).hasSize(2); // only the 0.1-nat step is flagged
    assertThat(html).contains("3 do"); // the answer position labelled by its word
    for (String f : List.of("patching_step_000100_residual.svg", "patching_step_000100_heads.png", "patching_step_000200_heads.svg")) {
      assertThat(charts.resolve(f)).exists();
    }
    assertThat(PatchingReport.section(tmp.resolve("no-patching"), charts)).isEmpty();
  }

  @Test
  void positionsFallBackToIndicesWhenTheWordsDoNotLineUp() {
    assertThat(PatchingReport.positions("a b c . quest\tx", 5, 6)).containsExactly("SOS", "1 a", "2 b", "3 c", "4 .", "5 quest");
    assertThat(PatchingReport.positions("a b", 5, 6)).containsExactly("pos 0", "pos 1", "pos 2", "pos 3", "pos 4", "pos 5");
  }
}
