package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.io.Safetensors;
import phaselab.engine.rng.RngStream;

/**
 * kill -9 of a whole local-pool sweep (the pool process and every point it started, one process
 * group) at 8 seeded random moments inside training, re-submitting after each: every checkpoint of every point reads back intact
 * after every kill, and the finished sweep's points are bit-identical to an uninterrupted sweep's.
 */
@Tag("campaign")
class SweepKillCampaignTest {
  static final int KILLS = 8;
  /** Far more than 8 lives of at most ~70 steps each (the kill moments below) can train. */
  static final int STEPS = 1200;

  @TempDir
  Path tmp;

  /** The sweep in a session (and process group) of its own, so one signal reaches every point it starts. */
  private static Process startGroup(Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("setsid"));
    cmd.addAll(Child.command(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /**
   * SIGKILL to the sweep's whole process group at once. Killing the pool and a snapshot of its
   * children raced with a point being started at that moment: the orphan kept training into the
   * point's folder while the next submission resumed it.
   */
  private static void killGroup(Process p) throws Exception {
    String group = "-" + p.pid();
    new ProcessBuilder("kill", "-KILL", "--", group).inheritIO().start().waitFor();
    p.waitFor(60, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) { // until no process of the group is left
      Process check = new ProcessBuilder("pgrep", "-g", Long.toString(p.pid())).start();
      if (check.waitFor() != 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("processes of the killed sweep's group " + p.pid() + " are still running");
  }

  /** The furthest step either point has logged. */
  private static long furthestStep(Path out) throws Exception {
    return Math.max(KillCampaignTest.lastLoggedStep(out.resolve("seed1")), KillCampaignTest.lastLoggedStep(out.resolve("seed2")));
  }

  @Test
  void killsOfAWholeSweepAndResubmissionsEndWithTheUninterruptedSweepsBits() throws Exception {
    Path base = RunFixtures.write(tmp, STEPS, 10);
    Files.writeString(tmp.resolve("sweep.yaml"), """
        name: killed
        config: tiny.yaml
        grid:
          seed: [1, 2]
        workers: 2
        threads: 1
        """);
    assertThat(base.getFileName().toString()).isEqualTo("tiny.yaml");
    Path ref = tmp.resolve("ref");
    assertThat(Main.execute("sweep", tmp.resolve("sweep.yaml").toString(), "--out", ref.toString())).isZero();

    Path out = tmp.resolve("out");
    Path log = tmp.resolve("sweeps.log");
    RngStream r = new RngStream(29, "sweep-kill-campaign");
    int kills = 0;
    int reads = 0;
    while (kills < KILLS) {
      Process p = startGroup(log, "sweep", tmp.resolve("sweep.yaml").toString(), "--out", out.toString());
      // kill once the points have trained a random 5–60 steps past where this submission found
      // them: a moment inside training by construction, and progress per life bounded, so a fast
      // machine cannot finish the sweep before the last kill
      long from = furthestStep(out);
      long target = from + 5 + r.nextInt(56);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (p.isAlive() && furthestStep(out) < target && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      if (!p.isAlive()) {
        String tail = String.join("\n", Files.readAllLines(log).stream().skip(Math.max(0, Files.readAllLines(log).size() - 15)).toList());
        throw new AssertionError("the sweep ended (exit " + p.exitValue() + ") before kill " + (kills + 1) + ":\n" + tail);
      }
      killGroup(p);
      kills++;
      for (String id : new String[] {"seed1", "seed2"}) {
        Path ck = out.resolve(id).resolve("checkpoints");
        if (!Files.isDirectory(ck)) {
          continue;
        }
        try (Stream<Path> files = Files.list(ck)) {
          for (Path f : files.filter(f -> f.toString().endsWith(".safetensors")).toList()) {
            Safetensors.read(f);
            reads++;
          }
        }
      }
    }
    System.out.println("sweep kill campaign: " + kills + " kills of the pool and its points; " + reads
        + " checkpoint reads after kills, 0 corrupt");
    assertThat(kills).as("kills before the sweep finished").isGreaterThanOrEqualTo(KILLS);
    assertThat(reads).as("kills that found checkpoints written (not all before the first)").isPositive();
    assertThat(Main.execute("sweep", tmp.resolve("sweep.yaml").toString(), "--out", out.toString())).isZero();
    String last = String.format("checkpoints/step-%06d.safetensors", STEPS);
    for (String id : new String[] {"seed1", "seed2"}) {
      assertThat(Files.readAllBytes(out.resolve(id).resolve(last))).as(id).isEqualTo(Files.readAllBytes(ref.resolve(id).resolve(last)));
      assertThat(Files.readAllBytes(out.resolve(id).resolve("metrics.jsonl"))).as(id)
          .isEqualTo(Files.readAllBytes(ref.resolve(id).resolve("metrics.jsonl")));
    }
  }
}
