package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.io.Safetensors;
import phaselab.engine.rng.RngStream;

/**
 * kill -9 at 20 seeded random moments of one run (during steps, evaluations with probes, and
 * checkpoint writes: a checkpoint every 5 steps makes writes a large share of the time), resuming
 * after each: every checkpoint on disk reads back intact after every kill, and the final
 * checkpoint and metrics are bit-identical to an uninterrupted run's.
 */
class KillCampaignTest {
  static final int KILLS = 20;
  static final int STEPS = 600; // long enough that 20 kills come before the end on a faster machine too

  @TempDir
  Path tmp;

  /** The newest step in metrics.jsonl (where the run was when it was killed), or -1. */
  static long lastLoggedStep(Path run) throws Exception {
    Path m = run.resolve("metrics.jsonl");
    if (!Files.exists(m)) {
      return -1;
    }
    long last = -1;
    for (String line : Files.readAllLines(m)) {
      java.util.regex.Matcher x = java.util.regex.Pattern.compile("\"step\":(\\d+)").matcher(line);
      if (x.find()) {
        last = Math.max(last, Long.parseLong(x.group(1)));
      }
    }
    return last;
  }

  @Test
  void twentyKillsAndResumesEndWithTheBitsOfAnUninterruptedRun() throws Exception {
    Path cfg = RunFixtures.write(tmp, STEPS, 5);
    Path ref = tmp.resolve("ref");
    assertThat(Main.execute("train", cfg.toString(), "--out", ref.toString())).isZero();

    Path run = tmp.resolve("killed");
    Path log = tmp.resolve("children.log");
    RngStream r = new RngStream(17, "kill-campaign");
    List<String> moments = new ArrayList<>();
    int kills = 0;
    int checkpointsChecked = 0;
    while (kills < KILLS) {
      boolean started = Files.exists(run.resolve("config.yaml"));
      Process p = started ? Child.start(log, "resume", run.toString()) : Child.start(log, "train", cfg.toString(), "--out", run.toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.exists(run.resolve("config.yaml")) && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5); // a kill before the run folder exists would test nothing
      }
      Thread.sleep(300 + r.nextInt(1700)); // JVM start, data, warm-up, then somewhere in the run
      if (!p.isAlive()) {
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        break; // the run finished before this kill
      }
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      kills++;
      moments.add(Long.toString(lastLoggedStep(run)));
      try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
        for (Path f : files.filter(f -> f.toString().endsWith(".safetensors")).toList()) {
          Safetensors.read(f); // throws on any damage: no checkpoint is ever corrupt
          checkpointsChecked++;
        }
      } catch (java.nio.file.NoSuchFileException e) {
        // killed before the first checkpoint
      }
    }
    System.out.println("kill campaign: " + kills + " kills at logged steps " + moments + "; " + checkpointsChecked
        + " checkpoint reads after kills, 0 corrupt");
    assertThat(kills).as("kills before the run finished (a faster machine needs a longer run)").isGreaterThanOrEqualTo(KILLS);
    assertThat(Main.execute("resume", run.toString())).isZero();
    Path last = run.resolve("checkpoints").resolve(String.format("step-%06d.safetensors", STEPS));
    assertThat(Files.readAllBytes(last)).isEqualTo(Files.readAllBytes(ref.resolve("checkpoints").resolve(last.getFileName())));
    assertThat(Files.readAllBytes(run.resolve("metrics.jsonl"))).isEqualTo(Files.readAllBytes(ref.resolve("metrics.jsonl")));
  }
}
