package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.lab.run.CheckpointProbes;
import phaselab.lab.run.RunDir;

/**
 * {@code phaselab probe run}: a probe measured afterwards on a run's checkpoints gives the values the
 * trainer writes when it runs the probe itself, and reports read them beside metrics.jsonl.
 */
@Tag("slow")
class ProbeCheckpointsTest {
  @TempDir
  Path tmp;

  @Test
  void aProbeOnSavedCheckpointsMatchesTheSameProbeDuringTraining() throws Exception {
    Path cfg = RunFixtures.write(tmp, 40, 20);
    Path cheap = tmp.resolve("cheap");
    Path full = tmp.resolve("full");
    assertThat(Main.execute("train", cfg.toString(), "--out", cheap.toString(), "--threads", "1", "--set", "probes.names=[weight_norm]")).isZero();
    assertThat(Main.execute("train", cfg.toString(), "--out", full.toString(), "--threads", "1", "--set",
        "probes.names=[weight_norm,tree_projection]", "--set", "probes.tree_projection.sentences=12")).isZero();
    String metricsBefore = Files.readString(cheap.resolve("metrics.jsonl"));

    Console c = Console.run("probe", "run", cheap.toString(), "--probe", "tree_projection", "--set", "probes.tree_projection.sentences=12",
        "--checkpoint", "20,40", "--threads", "2");
    assertThat(c.code()).as(c.err()).isZero();
    assertThat(c.out()).contains("step 40, tree_projection").contains("tscore").contains("step 40, tree_projection: 12/12 strings"); // progress

    Map<String, Double> trained = probeRows(RunDir.readMetricRows(full.resolve("metrics.jsonl")));
    Map<String, Double> measured = probeRows(RunDir.readMetricRows(CheckpointProbes.file(new RunDir(cheap))));
    Map<String, Double> expected = new TreeMap<>(trained);
    expected.keySet().removeIf(k -> !(k.startsWith("20 probe/tscore") || k.startsWith("40 probe/tscore")));
    assertThat(expected).containsKeys("20 probe/tscore", "40 probe/tscore_se", "40 probe/tscore_sentences");
    assertThat(measured).as("bit-identical to the trainer's own measurement").isEqualTo(expected);
    assertThat(Files.readString(cheap.resolve("metrics.jsonl"))).as("the trainer's file is not touched").isEqualTo(metricsBefore);

    // reports read both files: the tscore series is there, once per step
    List<RunDir.MetricRow> rows = new RunDir(cheap).readMetrics();
    assertThat(rows.stream().filter(r -> r.metric().equals("probe/tscore")).map(RunDir.MetricRow::step).toList()).containsExactly(20L, 40L);
    assertThat(rows.stream().filter(r -> r.metric().equals("probe/weight_norm")).count()).isGreaterThanOrEqualTo(2);

    // measuring a step again replaces its rows instead of adding to them
    assertThat(Console.run("probe", "run", cheap.toString(), "--probe", "tree_projection", "--set", "probes.tree_projection.sentences=12",
        "--checkpoint", "40").code()).isZero();
    assertThat(probeRows(RunDir.readMetricRows(CheckpointProbes.file(new RunDir(cheap))))).isEqualTo(measured);
  }

  @Test
  void badRequestsNameTheirFix() throws Exception {
    Path cfg = RunFixtures.write(tmp, 20, 20);
    Path run = tmp.resolve("run");
    assertThat(Main.execute("train", cfg.toString(), "--out", run.toString(), "--threads", "1")).isZero();
    Console notAProbeKey = Console.run("probe", "run", run.toString(), "--probe", "tree_projection", "--set", "train.steps=5");
    assertThat(notAProbeKey.code()).isEqualTo(Cli.BAD_INPUT);
    assertThat(notAProbeKey.err()).contains("only probes.* settings");
    Console unknown = Console.run("probe", "run", run.toString(), "--probe", "tree_projections");
    assertThat(unknown.code()).isEqualTo(Cli.BAD_INPUT);
    assertThat(unknown.err()).contains("tree_projections").contains("tree_projection");
    Console wrongModel = Console.run("probe", "run", run.toString(), "--probe", "nodes");
    assertThat(wrongModel.code()).isEqualTo(Cli.BAD_INPUT);
    assertThat(wrongModel.err()).contains("'nodes'").contains("the probes for this model");
    Console noCheckpoint = Console.run("probe", "run", run.toString(), "--probe", "weight_norm", "--checkpoint", "7");
    assertThat(noCheckpoint.code()).isEqualTo(Cli.BAD_INPUT);
    assertThat(noCheckpoint.err()).contains("no checkpoint for step 7");
  }

  /** "STEP metric" → value of the probe rows. */
  private static Map<String, Double> probeRows(List<RunDir.MetricRow> rows) {
    Map<String, Double> out = new TreeMap<>();
    rows.stream().filter(r -> r.metric().startsWith("probe/")).forEach(r -> out.put(r.step() + " " + r.metric(), r.value()));
    return out;
  }
}
