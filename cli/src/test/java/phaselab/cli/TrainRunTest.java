package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs through the command line: determinism across thread counts, crash safety (SIGKILL,
 * SIGTERM, corrupt checkpoints), NaN stop, config errors, eval, data, report.
 */
@Tag("slow")
class TrainRunTest {
  @TempDir
  Path tmp;

  private static byte[] bytes(Path p) throws Exception {
    return Files.readAllBytes(p);
  }

  private static Path finalCheckpoint(Path run, int steps) {
    return run.resolve("checkpoints").resolve(String.format("step-%06d.safetensors", steps));
  }

  @Test
  void oneAndTwoThreadsGiveIdenticalCheckpointsAndMetrics() throws Exception {
    Path cfg = RunFixtures.write(tmp, 40, 20);
    assertThat(Main.execute("train", cfg.toString(), "--threads", "1", "--out", tmp.resolve("a").toString())).isZero();
    assertThat(Main.execute("train", cfg.toString(), "--threads", "2", "--out", tmp.resolve("b").toString())).isZero();
    assertThat(bytes(finalCheckpoint(tmp.resolve("b"), 40))).isEqualTo(bytes(finalCheckpoint(tmp.resolve("a"), 40)));
    assertThat(bytes(finalCheckpoint(tmp.resolve("b"), 20))).isEqualTo(bytes(finalCheckpoint(tmp.resolve("a"), 20)));
    assertThat(bytes(tmp.resolve("b/metrics.jsonl"))).isEqualTo(bytes(tmp.resolve("a/metrics.jsonl")));
    // and an existing run is not overwritten
    assertThat(Main.execute("train", cfg.toString(), "--out", tmp.resolve("a").toString())).isEqualTo(2);
  }

  private Process launch(String... args) throws Exception {
    return new ProcessBuilder(Child.command(args)).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
  }

  private static void waitFor(Path file, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!Files.exists(file)) {
      assertThat(p.isAlive()).as("the child run ended before writing %s", file).isTrue();
      assertThat(System.nanoTime()).as("timed out waiting for %s", file).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void sigkillThenResumeEndsWithTheSameBitsAsAnUninterruptedRun() throws Exception {
    int steps = 300;
    Path cfg = RunFixtures.write(tmp, steps, 50);
    Path ref = tmp.resolve("ref");
    assertThat(Main.execute("train", cfg.toString(), "--out", ref.toString())).isZero();

    Path run = tmp.resolve("killed");
    Process p = launch("train", cfg.toString(), "--out", run.toString());
    waitFor(finalCheckpoint(run, 100), p);
    p.destroyForcibly(); // SIGKILL: no chance to clean up
    p.waitFor();
    assertThat(Files.exists(finalCheckpoint(run, steps))).as("killed before the end").isFalse();
    assertThat(Main.execute("resume", run.toString())).isZero();
    assertThat(bytes(finalCheckpoint(run, steps))).isEqualTo(bytes(finalCheckpoint(ref, steps)));
    assertThat(bytes(run.resolve("metrics.jsonl"))).isEqualTo(bytes(ref.resolve("metrics.jsonl")));
    // resuming a finished run changes nothing
    assertThat(Main.execute("resume", run.toString())).isZero();
    assertThat(bytes(run.resolve("metrics.jsonl"))).isEqualTo(bytes(ref.resolve("metrics.jsonl")));
  }

  @Test
  void sigtermWritesACheckpointAndExitsCleanly() throws Exception {
    int steps = 600; // long enough that the signal arrives mid-run even on a fast machine
    Path cfg = RunFixtures.write(tmp, steps, 1000); // no periodic checkpoint before the end
    Path run = tmp.resolve("term");
    Process p = launch("train", cfg.toString(), "--out", run.toString());
    waitFor(run.resolve("metrics.jsonl"), p);
    Thread.sleep(300);
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isEqualTo(130);
    assertThat(Files.readString(tmp.resolve("child.log"))).contains("checkpoint written at step");
    assertThat(Files.list(run.resolve("checkpoints")).count()).isEqualTo(1);
    assertThat(Main.execute("resume", run.toString())).isZero();
    Path ref = tmp.resolve("ref");
    assertThat(Main.execute("train", cfg.toString(), "--out", ref.toString())).isZero();
    assertThat(bytes(finalCheckpoint(run, steps))).isEqualTo(bytes(finalCheckpoint(ref, steps)));
  }

  @Test
  void corruptNewestCheckpointIsNamedAndSkipped() throws Exception {
    Path cfg = RunFixtures.write(tmp, 60, 20);
    Path ref = tmp.resolve("ref");
    assertThat(Main.execute("train", cfg.toString(), "--out", ref.toString())).isZero();
    Path run = tmp.resolve("corrupt");
    assertThat(Main.execute("train", cfg.toString(), "--set", "train.steps=40", "--out", run.toString())).isZero();
    // pretend the run was meant to last 60 steps and its newest checkpoint got damaged
    Files.writeString(run.resolve("config.yaml"), Files.readString(run.resolve("config.yaml")).replace("steps: 40", "steps: 60"));
    Path newest = finalCheckpoint(run, 40);
    byte[] b = bytes(newest);
    b[b.length - 10] ^= 0x55;
    Files.write(newest, b);
    Path truncated = finalCheckpoint(run, 20);
    Files.write(truncated, java.util.Arrays.copyOf(bytes(truncated), 100));
    // eval falls back to the newest intact checkpoint, naming the damaged one; asked for it by step, it refuses
    Console ev = Console.run("eval", run.toString(), "--json");
    assertThat(ev.code()).isEqualTo(2);
    assertThat(ev.err()).contains("skipping checkpoint step-000040.safetensors").contains("checksum mismatch")
        .contains("skipping checkpoint step-000020.safetensors").contains("no valid checkpoint");
    Console insist = Console.run("eval", run.toString(), "--checkpoint", "40");
    assertThat(insist.code()).isEqualTo(2);
    assertThat(insist.err()).contains("step-000040.safetensors cannot be read").contains("--checkpoint latest-valid");
    assertThat(Console.run("eval", run.toString(), "--checkpoint", "newest").err())
        .contains("--checkpoint must be a step number or latest-valid, got 'newest'");
    Console c = Console.run("resume", run.toString());
    assertThat(c.code()).isZero();
    assertThat(c.out()).contains("skipping checkpoint step-000040.safetensors").contains("checksum mismatch")
        .contains("skipping checkpoint step-000020.safetensors").contains("no valid checkpoint");
    assertThat(bytes(finalCheckpoint(run, 60))).isEqualTo(bytes(finalCheckpoint(ref, 60)));
    // the resumed run wrote new checkpoints; damage the newest: eval uses the one before, and says so
    Path last = finalCheckpoint(run, 60);
    byte[] d = bytes(last);
    d[d.length / 2] ^= 0x01;
    Files.write(last, d);
    Console fallback = Console.run("eval", run.toString(), "--json");
    assertThat(fallback.code()).isZero();
    assertThat(fallback.err()).contains("skipping checkpoint step-000060.safetensors")
        .contains("evaluating step-000040.safetensors, the newest valid checkpoint");
    assertThat(fallback.out()).contains("\"step\":40");
  }

  @Test
  void badConfigExitsWithTwoAndWritesNothing() throws Exception {
    Path cfg = RunFixtures.write(tmp, 10, 10);
    Path run = tmp.resolve("bad");
    assertThat(Main.execute("train", cfg.toString(), "--set", "model.heads=3", "--out", run.toString())).isEqualTo(2);
    assertThat(Main.execute("train", cfg.toString(), "--set", "train.stepz=3", "--out", run.toString())).isEqualTo(2);
    assertThat(Main.execute("train", tmp.resolve("missing.yaml").toString(), "--out", run.toString())).isEqualTo(2);
    assertThat(Files.exists(run)).isFalse();
  }

  @Test
  void evalDataReportAndRunsWorkOnAFinishedRun() throws Exception {
    Path cfg = RunFixtures.write(tmp, 20, 20);
    Path run = tmp.resolve("r");
    assertThat(Main.execute("train", cfg.toString(), "--out", run.toString())).isZero();
    Path data = tmp.resolve("data");
    assertThat(Main.execute("data", "dyck", "--out", data.toString(), "--set", "task.k=4", "--set", "task.m=4",
        "--set", "task.train_size=100", "--set", "task.val_size=20", "--set", "task.ood_size=20", "--set", "task.max_len=30")).isZero();
    assertThat(Files.readAllLines(data.resolve("gen.txt"))).hasSize(20);
    Console eval = Console.run("eval", run.toString(), "--data", data.resolve("val.txt").toString(), "--json");
    assertThat(eval.code()).isZero();
    assertThat(Console.run("report", run.toString()).code()).isZero();
    assertThat(Console.run("runs", tmp.toString()).code()).isZero();
    assertThat(eval.out()).containsPattern("\"accuracy\":[0-9.]+").contains("\"n\":20").contains("closing_acc");
    String html = Files.readString(run.resolve("report.html"));
    assertThat(html).contains("<svg").contains("Accuracy").contains("Attention sparsity").contains("Final and best values");
    assertThat(run.resolve("charts/loss.svg")).exists();
    assertThat(run.resolve("charts/accuracy.png")).exists();
    Files.writeString(tmp.resolve("broken.txt"), "(0 )1\n");
    assertThat(Main.execute("eval", run.toString(), "--data", tmp.resolve("broken.txt").toString())).isEqualTo(2);
  }

  @Test
  void demoEndsWithOneJsonLine() throws Exception {
    Console c = Console.run("demo", "--json", "--out", tmp.resolve("demo").toString(), "--set", "train.steps=10",
        "--set", "task.train_size=500", "--set", "task.val_size=50", "--set", "task.ood_size=50", "--set", "train.eval_every=5");
    assertThat(c.code()).isZero();
    String[] lines = c.out().strip().split("\n");
    assertThat(lines[lines.length - 1]).startsWith("{\"report\":").contains("\"id_acc\":").contains("\"ood_acc\":")
        .contains("\"seconds\":");
    assertThat(tmp.resolve("demo/report.html")).exists();
  }
}
