package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm backend against a real single-node cluster (scripts/slurm-local.sh up; CI starts it
 * and sets PHASELAB_SLURM=1, which makes this test mandatory): the same 2 × 2 sweep as on the local
 * pool, one point failing on purpose, must leave bit-identical run directories and report the
 * failure with its exit code.
 */
@Tag("external")
class SlurmSweepTest {
  @TempDir
  Path tmp;

  static boolean slurmUp() {
    try {
      Process p = new ProcessBuilder("sinfo", "-h", "-o", "%T").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor() == 0 && out.matches("(?s).*(idle|mixed|allocated).*");
    } catch (Exception e) {
      return false;
    }
  }

  /** Skips without a cluster, except in CI (PHASELAB_SLURM=1), where a missing cluster fails. */
  static void requireSlurm() {
    boolean up = slurmUp();
    if ("1".equals(System.getenv("PHASELAB_SLURM"))) {
      assertThat(up).as("PHASELAB_SLURM=1 but no Slurm node answers sinfo (scripts/slurm-local.sh up)").isTrue();
    }
    Assumptions.assumeTrue(up, "no Slurm cluster here (scripts/slurm-local.sh up starts one)");
  }

  @Test
  void scancelMidRunThenResubmitEndsWithTheLocalResultsBitForBit() throws Exception {
    requireSlurm();
    int steps = 800;
    RunFixtures.write(tmp, steps, 10);
    Files.writeString(tmp.resolve("sweep.yaml"), """
        name: cancelled
        config: tiny.yaml
        grid:
          seed: [1, 2]
        workers: 2
        threads: 1
        slurm: {cpus: 1, memory: 900M, max_concurrent: 2}
        """);
    Path local = tmp.resolve("local");
    Path slurm = tmp.resolve("slurm");
    assertThat(Main.execute("sweep", tmp.resolve("sweep.yaml").toString(), "--out", local.toString())).isZero();
    phaselab.engine.rng.RngStream r = new phaselab.engine.rng.RngStream(31, "scancel-campaign");
    int cancels = 0;
    for (int round = 0; round < 3; round++) {
      Path jobFile = slurm.resolve("slurm/job_id");
      Files.deleteIfExists(jobFile);
      java.util.concurrent.atomic.AtomicInteger code = new java.util.concurrent.atomic.AtomicInteger(-1);
      Thread sweep = new Thread(() -> code.set(Main.execute("sweep", tmp.resolve("sweep.yaml").toString(), "--out", slurm.toString(),
          "--backend", "slurm", "--poll", "0.5")));
      sweep.start();
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
      while (!Files.exists(jobFile) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(3000 + r.nextInt(3000)); // the points start their JVMs, then train for a while
      if (!sweep.isAlive()) {
        break; // finished before this cancel
      }
      String job = Files.readString(jobFile).trim();
      Process cancel = new ProcessBuilder("scancel", job).redirectErrorStream(true).start();
      assertThat(cancel.waitFor()).as(new String(cancel.getInputStream().readAllBytes())).isZero();
      sweep.join(180_000);
      assertThat(sweep.isAlive()).as("the sweep returns once its job is cancelled").isFalse();
      assertThat(code.get()).as("a cancelled sweep reports failed points").isNotZero();
      cancels++;
      for (String id : new String[] {"seed1", "seed2"}) {
        Path ck = slurm.resolve(id).resolve("checkpoints");
        if (Files.isDirectory(ck)) {
          try (java.util.stream.Stream<Path> files = Files.list(ck)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".safetensors")).toList()) {
              phaselab.engine.io.Safetensors.read(f); // no checkpoint is ever corrupt
            }
          }
        }
      }
    }
    assertThat(cancels).as("cancels before the sweep finished").isEqualTo(3);
    assertThat(Main.execute("sweep", tmp.resolve("sweep.yaml").toString(), "--out", slurm.toString(), "--backend", "slurm",
        "--poll", "0.5")).isZero();
    String last = String.format("checkpoints/step-%06d.safetensors", steps);
    for (String id : new String[] {"seed1", "seed2"}) {
      assertThat(Files.readAllBytes(slurm.resolve(id).resolve(last))).as(id).isEqualTo(Files.readAllBytes(local.resolve(id).resolve(last)));
      assertThat(Files.readAllBytes(slurm.resolve(id).resolve("metrics.jsonl"))).as(id)
          .isEqualTo(Files.readAllBytes(local.resolve(id).resolve("metrics.jsonl")));
    }
  }

  @Test
  void slurmArrayGivesTheLocalResultsBitForBitAndReportsFailures() throws Exception {
    requireSlurm();
    // the test cluster's daemons (slurmctld 6817, slurmd 6818) listen on loopback only
    for (int port : new int[] {6817, 6818}) {
      assertThat(Listeners.on(port)).as("listeners on port %d", port).containsOnly("127.0.0.1");
    }
    Files.writeString(tmp.resolve("base.yaml"), """
        task: {name: dyck, k: 2, m: 3, train_size: 300, val_size: 20, ood_size: 20, max_len: 20}
        model: {width: 16, heads: 2, ffn: 32, max_seq: 24}
        train: {steps: 6, batch_size: 4, eval_every: 3, eval_size: 20, checkpoint_every: 3, log_every: 1}
        probes: {names: [weight_norm], every: 3}
        """);
    Files.writeString(tmp.resolve("sweep.yaml"), """
        name: tiny-slurm
        config: base.yaml
        grid:
          model.heads: [2, 3]      # 3 does not divide width 16: that point fails on purpose (exit 2)
          seed: [1, 2]
        workers: 2
        threads: 1
        slurm: {cpus: 1, memory: 900M, max_concurrent: 2}
        """);
    Path local = tmp.resolve("local");
    Path slurm = tmp.resolve("slurm");
    Console l = Console.run("sweep", tmp.resolve("sweep.yaml").toString(), "--out", local.toString());
    Console s = Console.run("sweep", tmp.resolve("sweep.yaml").toString(), "--out", slurm.toString(), "--backend", "slurm", "--poll", "0.5");
    assertThat(l.code()).isEqualTo(1);
    assertThat(s.code()).as(s.out()).isEqualTo(1);
    assertThat(s.out()).contains("submitted 4 points as Slurm array job").contains("done heads2_seed1").contains("done heads2_seed2")
        .contains("FAILED heads3_seed1 (exit 2)").contains("FAILED heads3_seed2 (exit 2)");
    assertThat(Files.readString(slurm.resolve("slurm/array.sbatch"))).contains("#SBATCH --array=0-3%2").contains("#SBATCH --mem=900M");
    for (String id : new String[] {"heads2_seed1", "heads2_seed2"}) {
      for (String f : new String[] {"metrics.jsonl", "config.yaml", "checkpoints/step-000003.safetensors", "checkpoints/step-000006.safetensors"}) {
        assertThat(Files.readAllBytes(slurm.resolve(id).resolve(f))).as(id + "/" + f).isEqualTo(Files.readAllBytes(local.resolve(id).resolve(f)));
      }
    }
    Console status = Console.run("sweep", "status", slurm.toString());
    assertThat(status.out()).containsPattern("heads2_seed1\\s+done").containsPattern("heads3_seed2\\s+failed \\(exit 2\\)")
        .contains("does not divide model.width");
    // re-submitting skips finished points and re-runs only the failed ones
    Console again = Console.run("sweep", tmp.resolve("sweep.yaml").toString(), "--out", slurm.toString(), "--backend", "slurm", "--poll", "0.5");
    assertThat(again.out()).contains("skip heads2_seed1 (done)").contains("submitted 2 points");
  }
}
