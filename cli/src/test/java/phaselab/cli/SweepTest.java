package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2 × 2 sweep on the local pool with one point failing on purpose; re-running skips done points. */
@Tag("slow")
class SweepTest {
  @TempDir
  Path tmp;

  private static String capture(String... args) {
    Console c = Console.run(args);
    return c.code() + "\n" + c.out();
  }

  @Test
  void gridRunsAsProcessesSkipsFinishedPointsAndReports() throws Exception {
    Files.writeString(tmp.resolve("base.yaml"), """
        task: {name: question, train_size: 300, val_size: 20, ood_size: 20}
        model: {width: 16, heads: 2, ffn: 32, max_seq: 48}
        train: {steps: 6, batch_size: 4, eval_every: 3, eval_size: 20, checkpoint_every: 3, log_every: 1}
        probes: {names: [weight_norm, tree_projection], every: 3}
        """);
    Files.writeString(tmp.resolve("sweep.yaml"), """
        name: tiny
        config: base.yaml
        grid:
          model.heads: [2, 3]      # 3 does not divide width 16: that point fails on purpose
          seed: [1, 2]
        workers: 2
        threads: 1
        """);
    Path dir = tmp.resolve("out");
    String first = capture("sweep", tmp.resolve("sweep.yaml").toString(), "--out", dir.toString());
    assertThat(first).startsWith("1\n").contains("done heads2_seed1").contains("FAILED heads3_seed1 (exit 2)");
    String status = capture("sweep", "status", dir.toString());
    assertThat(status).containsPattern("heads2_seed2\\s+done").containsPattern("heads3_seed2\\s+failed \\(exit 2\\)")
        .contains("does not divide model.width");
    byte[] before = Files.readAllBytes(dir.resolve("heads2_seed1/checkpoints/step-000006.safetensors"));
    String second = capture("sweep", tmp.resolve("sweep.yaml").toString(), "--out", dir.toString());
    assertThat(second).contains("skip heads2_seed1 (done)").contains("skip heads2_seed2 (done)");
    assertThat(Files.readAllBytes(dir.resolve("heads2_seed1/checkpoints/step-000006.safetensors"))).isEqualTo(before);
    assertThat(capture("report", dir.toString())).startsWith("0\n");
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("Grokking curves").contains("Inverted U").contains("Early stopping").contains("<svg");
  }

  @Test
  void anEntropicSweepReportsDriftAgainstTheLearningRate() throws Exception {
    Files.writeString(tmp.resolve("lin.yaml"), Files.readString(Path.of("..", "configs", "entropic", "linear-sgd.yaml")));
    Files.writeString(tmp.resolve("eta.yaml"), """
        name: eta
        config: lin.yaml
        grid:
          optimizer.lr: [0.01, 0.02, 0.04]
        set:
          train.steps: 60
          probes.every: 20
          probes.entropic.sharpness_iterations: 0
        workers: 2
        """);
    Path dir = tmp.resolve("eta-out");
    assertThat(capture("sweep", tmp.resolve("eta.yaml").toString(), "--out", dir.toString())).startsWith("0\n");
    assertThat(capture("report", dir.toString())).startsWith("0\n");
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("Final values").contains("Gradient balance across the grid").contains("Slope of log10 drift");
    assertThat(dir.resolve("charts/charge_drift_vs_lr.png")).exists();
  }
}
