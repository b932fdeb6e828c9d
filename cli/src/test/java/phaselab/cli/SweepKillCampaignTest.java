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
 * kill -9 of a whole local-pool sweep (the pool process and every point it started) at 8 seeded
 * random moments, re-submitting after each: every checkpoint of every point reads back intact
 * after every kill, and the finished sweep's points are bit-identical to an uninterrupted sweep's.
 */
class SweepKillCampaignTest {
  static final int KILLS = 8;
  /** Long enough that 8 lives of 2–5 s (each starting two JVMs) do not finish it. */
  static final int STEPS = 1200;

  @TempDir
  Path tmp;

  /** SIGKILL to the process and all it started (a sweep's points are child processes). */
  private static void killTree(Process p) throws Exception {
    List<ProcessHandle> all = new ArrayList<>(p.toHandle().descendants().toList());
    p.destroyForcibly();
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : all) {
      h.onExit().get(60, TimeUnit.SECONDS);
    }
    p.waitFor(60, TimeUnit.SECONDS);
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
      Process p = Child.start(log, "sweep", tmp.resolve("sweep.yaml").toString(), "--out", out.toString());
      Thread.sleep(2000 + r.nextInt(3000)); // JVM starts, then the points' own JVMs, then somewhere in training
      if (!p.isAlive()) {
        break; // the sweep finished before this kill
      }
      killTree(p);
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
