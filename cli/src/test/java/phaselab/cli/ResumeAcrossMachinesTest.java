package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed on one "machine" resumes on another to the bits of an uninterrupted run: the first
 * process trains with one GEMM plan (kernel 4×3, KC 64) on one thread, is killed past step 25,
 * its directory is moved to another path, and a second process resumes it with another plan
 * (kernel 14×2, KC 192, MC 42) on two threads. A plan changes only speed, never results.
 */
@Tag("campaign")
class ResumeAcrossMachinesTest {
  static final int STEPS = 200; // the kill comes past step 25: room on a fast machine

  @TempDir
  Path tmp;

  private static Process start(Path log, List<String> props, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(Child.command(args));
    cmd.addAll(1, props);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  @Test
  void killedWithOnePlanResumedWithAnotherAtAnotherPathGivesTheSameBits() throws Exception {
    Path cfg = RunFixtures.write(tmp, STEPS, 10);
    Path ref = tmp.resolve("ref");
    assertThat(Main.execute("train", cfg.toString(), "--out", ref.toString(), "--threads", "1")).isZero();

    Path first = tmp.resolve("machine-a").resolve("run");
    Path log = tmp.resolve("children.log");
    Process a = start(log, List.of("-Dphaselab.gemm.kernel=4x3", "-Dphaselab.gemm.kc=64"), "train", cfg.toString(), "--out",
        first.toString(), "--threads", "1");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (a.isAlive() && KillCampaignTest.lastLoggedStep(first) < 25 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(a.isAlive()).as("the first process was still training at step 25: " + Files.readString(log)).isTrue();
    a.destroyForcibly();
    assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(KillCampaignTest.startStep(first)).as("a checkpoint to resume from").isGreaterThanOrEqualTo(20);

    Path second = tmp.resolve("machine-b").resolve("moved-run");
    Files.createDirectories(second.getParent());
    Files.move(first, second);
    Process b = start(log, List.of("-Dphaselab.gemm.kernel=14x2", "-Dphaselab.gemm.kc=192", "-Dphaselab.gemm.mc=42"), "resume",
        second.toString(), "--threads", "2");
    assertThat(b.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(b.exitValue()).as(Files.readString(log)).isZero();
    assertThat(Files.readString(log)).contains("resumed from");
    Path last = Path.of("checkpoints", String.format("step-%06d.safetensors", STEPS));
    assertThat(Files.readAllBytes(second.resolve(last))).isEqualTo(Files.readAllBytes(ref.resolve(last)));
    assertThat(Files.readAllBytes(second.resolve("metrics.jsonl"))).isEqualTo(Files.readAllBytes(ref.resolve("metrics.jsonl")));
  }
}
