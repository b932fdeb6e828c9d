package phaselab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.cli.Main;

/**
 * The Spark backend runs the same 2 × 2 sweep as the local pool (one point failing on purpose)
 * and must leave bit-identical run directories and report the failure's exit code: on local[2]
 * always, and on a real standalone cluster when PHASELAB_SPARK_MASTER names one (the CI step
 * scripts/spark-local.sh starts a Master and a Worker on 127.0.0.1).
 */
class SparkSweepTest {
  @TempDir
  Path tmp;

  @Test
  void localTwoThreadsMatchesTheLocalPool() throws Exception {
    check("local[2]");
  }

  @Test
  void standaloneClusterMatchesTheLocalPool() throws Exception {
    String master = System.getenv("PHASELAB_SPARK_MASTER");
    org.junit.jupiter.api.Assumptions.assumeTrue(master != null && !master.isBlank(), "no PHASELAB_SPARK_MASTER");
    // scripts/spark-local.sh's Master (7077) and the web UIs of Master and Worker listen on loopback only
    for (int port : new int[] {7077, 18080, 18081}) {
      assertThat(phaselab.cli.Listeners.on(port)).as("listeners on port %d", port).containsOnly("127.0.0.1");
    }
    check(master);
  }

  @Test
  void loopbackMastersAreRecognised() {
    assertThat(SparkSweep.loopbackMaster("local[2]")).isTrue();
    assertThat(SparkSweep.loopbackMaster("spark://127.0.0.1:7077")).isTrue();
    assertThat(SparkSweep.loopbackMaster("spark://localhost:7077")).isTrue();
    assertThat(SparkSweep.loopbackMaster("spark://head:7077")).isFalse();
    assertThat(SparkSweep.loopbackMaster("spark://10.0.0.5:7077")).isFalse();
  }

  private void check(String master) throws Exception {
    Files.writeString(tmp.resolve("base.yaml"), """
        task: {name: dyck, k: 2, m: 3, train_size: 300, val_size: 20, ood_size: 20, max_len: 20}
        model: {width: 16, heads: 2, ffn: 32, max_seq: 24}
        train: {steps: 6, batch_size: 4, eval_every: 3, eval_size: 20, checkpoint_every: 3, log_every: 1}
        probes: {names: [weight_norm], every: 3}
        """);
    Files.writeString(tmp.resolve("sweep.yaml"), """
        name: tiny-spark
        config: base.yaml
        grid:
          model.heads: [2, 3]      # 3 does not divide width 16: that point fails on purpose (exit 2)
          seed: [1, 2]
        workers: 2
        threads: 1
        """);
    System.setProperty("phaselab.spark.classpath", System.getProperty("java.class.path"));
    Path local = tmp.resolve("local");
    Path spark = tmp.resolve("spark");
    assertThat(Main.execute("sweep", tmp.resolve("sweep.yaml").toString(), "--out", local.toString())).isEqualTo(1);
    assertThat(Main.execute("sweep", tmp.resolve("sweep.yaml").toString(), "--out", spark.toString(), "--backend", "spark", "--master", master))
        .isEqualTo(1);
    for (String id : new String[] {"heads2_seed1", "heads2_seed2"}) {
      assertThat(Files.readString(spark.resolve(id).resolve("exit_status")).trim()).isEqualTo("0");
      for (String f : new String[] {"metrics.jsonl", "config.yaml", "checkpoints/step-000003.safetensors", "checkpoints/step-000006.safetensors"}) {
        assertThat(Files.readAllBytes(spark.resolve(id).resolve(f))).as(id + "/" + f).isEqualTo(Files.readAllBytes(local.resolve(id).resolve(f)));
      }
    }
    assertThat(Files.readString(spark.resolve("heads3_seed1/exit_status")).trim()).isEqualTo("2");
    // the driver of a sweep whose master is on this machine listened on loopback only
    assertThat(Files.readString(spark.resolve("logs/spark-driver.txt")).trim()).isEqualTo("127.0.0.1 / 127.0.0.1");
    assertThat(Files.readString(spark.resolve("logs/heads3_seed2.log"))).contains("does not divide model.width");
    // a second submission skips the finished points
    assertThat(Main.execute("sweep", tmp.resolve("sweep.yaml").toString(), "--out", spark.toString(), "--backend", "spark", "--master", master))
        .isEqualTo(1);
    assertThat(Files.readAllBytes(spark.resolve("heads2_seed1/checkpoints/step-000006.safetensors")))
        .isEqualTo(Files.readAllBytes(local.resolve("heads2_seed1/checkpoints/step-000006.safetensors")));
  }
}
