package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.io.Safetensors;

/**
 * A checkpoint write that runs out of space (here a file-size limit, {@code ulimit -f}, which
 * fails the write with the same IOException as a full disk) stops the run with a message naming
 * the file, the cause and the last good checkpoint; it leaves no partial file and the older
 * checkpoints intact; and resuming once there is room ends with an uninterrupted run's bits.
 */
@Tag("campaign")
class DiskFullTest {
  @TempDir
  Path tmp;

  /** The child under a shell, so that {@code shellPrefix} (e.g. a ulimit) applies to it. */
  private static Process launch(Path log, String shellPrefix, String... args) throws Exception {
    StringBuilder cmd = new StringBuilder(shellPrefix).append("exec");
    for (String a : Child.command(args)) {
      cmd.append(" '").append(a).append("'");
    }
    return new ProcessBuilder("bash", "-c", cmd.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void aCheckpointWriteThatRunsOutOfSpaceStopsCleanlyAndResumesToTheSameBits() throws Exception {
    int steps = 400;
    Path cfg = RunFixtures.write(tmp, steps, 10);
    Path ref = tmp.resolve("ref");
    assertThat(Main.execute("train", cfg.toString(), "--out", ref.toString())).isZero();

    // a run that got as far as its step-20 checkpoint (then was killed)
    Path run = tmp.resolve("run");
    Process first = launch(tmp.resolve("first.log"), "", "train", cfg.toString(), "--out", run.toString());
    Path step20 = run.resolve("checkpoints/step-000020.safetensors");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!Files.exists(step20) && first.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    first.destroyForcibly();
    first.waitFor();
    long size = Files.size(step20);

    // resumed where no file may grow past half a checkpoint: the next checkpoint write fails
    Path log = tmp.resolve("full.log");
    Process full = launch(log, "ulimit -f " + size / 2048 + "; ", "resume", run.toString());
    assertThat(full.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(full.exitValue()).as(out).isEqualTo(Cli.FAILED);
    assertThat(out).contains("training stopped: step ").contains("could not write").contains("File too large")
        .contains("the last good checkpoint is step-").contains("Free space, then: phaselab resume");
    List<Path> left;
    try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
      left = files.toList();
    }
    assertThat(left).allMatch(f -> f.getFileName().toString().matches("step-\\d{6}\\.safetensors"), "only whole checkpoints");
    for (Path f : left) {
      Safetensors.read(f); // every checkpoint left is intact
    }

    // with room again, resume finishes with the uninterrupted run's bits
    assertThat(Main.execute("resume", run.toString())).isZero();
    String last = String.format("checkpoints/step-%06d.safetensors", steps);
    assertThat(Files.readAllBytes(run.resolve(last))).isEqualTo(Files.readAllBytes(ref.resolve(last)));
    assertThat(Files.readAllBytes(run.resolve("metrics.jsonl"))).isEqualTo(Files.readAllBytes(ref.resolve("metrics.jsonl")));
  }
}
