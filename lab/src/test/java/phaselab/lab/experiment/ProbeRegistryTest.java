package phaselab.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ConfigException;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.probe.ProbeSpec;
import phaselab.lab.workload.Workload;

/**
 * The registry is the one list of probes: every key a probe returns is declared by its own spec
 * (so a renamed metric fails here instead of silently losing its chart), and the config accepts
 * and refuses probe names from the specs. The node probe's keys are checked on a real BERT run in
 * SymmetryBreakingPipelineTest (cli), which needs the FewRel data.
 */
class ProbeRegistryTest {
  private static ExperimentConfig decoder(String... sets) {
    List<String> all = new java.util.ArrayList<>(List.of("task.k=3", "task.m=3", "task.train_size=200", "task.val_size=20",
        "task.ood_size=20", "task.max_len=20", "model.width=16", "model.heads=2", "model.ffn=32", "model.max_seq=24",
        "probes.tree_projection.sentences=5"));
    all.addAll(List.of(sets));
    return ConfigLoader.parse("{}", "tiny", all, "test");
  }

  private static ExperimentConfig linear(String... sets) throws Exception {
    Path p = Path.of("..", "configs", "entropic", "linear-sgd.yaml");
    return ConfigLoader.parse(Files.readString(p), "t", List.of(sets), p.toString());
  }

  @Test
  void everyKeyAProbeReturnsIsDeclaredByItsOwnSpec() throws Exception {
    assertKeysDeclared(decoder(), "weight_norm", "attention_sparsity", "tree_projection");
    assertKeysDeclared(linear("probes.entropic.sharpness_iterations=3", "probes.entropic.samples=16"), "weight_norm", "entropic", "norm_balance");
  }

  private static void assertKeysDeclared(ExperimentConfig config, String... probes) {
    Workload w = Workloads.create(config);
    Map<String, Tensor> params = w.model().namedParameters();
    for (String name : probes) {
      ProbeSpec spec = ProbeRegistry.spec(name);
      Map<String, Double> keys = Probes.create(name, config).measure(w, Probes.context(config, 0, () -> params));
      assertThat(keys).as(name).isNotEmpty();
      for (String key : keys.keySet()) {
        String metric = ProbeSpec.PREFIX + key;
        assertThat(ProbeRegistry.writerOf(metric)).as(metric + " is declared by " + name + "'s spec").contains(spec);
        spec.charts().apply(metric); // every declared metric has a chart (or null: tables only) without failing
      }
    }
  }

  @Test
  void theConfigAcceptsAndRefusesProbesByTheirSpecs() throws Exception {
    assertThat(linear("probes.names=[weight_norm, entropic]").probes().names()).containsExactly("weight_norm", "entropic");
    assertThatThrownBy(() -> linear("probes.names=[tree_projection]")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("has 'tree_projection', which measures transformer language models")
        .hasMessageContaining("the probes for this model: weight_norm, entropic, norm_balance");
    assertThatThrownBy(() -> decoder("probes.names=[nodes]")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("has 'nodes', which reads BERT encoders");
    assertThatThrownBy(() -> decoder("probes.names=[nope]")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown entry 'nope'; valid: weight_norm, attention_sparsity, tree_projection, entropic, norm_balance, nodes");
  }

  @Test
  void chartsAreTheSpecsGroups() {
    assertThat(ProbeRegistry.chart("probe/attn_sparsity/layer1/head0")).isEqualTo("Attention sparsity per head, layer1");
    assertThat(ProbeRegistry.chart("probe/tscore_se")).isNull();
    assertThat(ProbeRegistry.chart("probe/tparseval_right_branching")).isEqualTo("Probe: tparseval");
    assertThat(ProbeRegistry.chart("probe/nodes/node_jaccard")).startsWith("Nodes: order parameters");
    assertThat(ProbeRegistry.chart("probe/entropic/sharpness")).startsWith("Entropic: sharpness");
    assertThat(ProbeRegistry.chart("probe/retired_metric")).isEqualTo("Probe: retired_metric"); // an old run's metric is still drawn
  }
}
