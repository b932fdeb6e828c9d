package phaselab.lab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Unknown keys, wrong types and impossible values fail with the key, the problem and the choices. */
class ConfigLoaderTest {
  static ExperimentConfig parse(String yaml, String... sets) {
    return ConfigLoader.parse(yaml, "test", List.of(sets), "test.yaml");
  }

  @Test
  void defaultsAndOverrides() {
    ExperimentConfig c = parse("train:\n  steps: 50\n", "train.batch_size=8", "model.layers=3", "probes.names=[weight_norm]");
    assertThat(c.train().steps()).isEqualTo(50);
    assertThat(c.train().batchSize()).isEqualTo(8);
    assertThat(c.model().layers()).isEqualTo(3);
    assertThat(c.decoder().ffn()).isEqualTo(4 * c.decoder().width());
    assertThat(c.probes().names()).containsExactly("weight_norm");
    assertThat(ConfigLoader.toYaml(c)).contains("steps: 50").contains("eval_every: 100").contains("batch_size: 8");
    // the resolved YAML parses back to the same config
    assertThat(ConfigLoader.toYaml(parse(ConfigLoader.toYaml(c)))).isEqualTo(ConfigLoader.toYaml(c));
  }

  @Test
  void unknownKeyListsTheValidOnes() {
    assertThatThrownBy(() -> parse("model:\n  layrs: 3\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'model.layrs' is unknown").hasMessageContaining("layers");
    assertThatThrownBy(() -> parse("{}", "tarin.steps=3")).hasMessageContaining("'tarin' is unknown").hasMessageContaining("train");
  }

  @Test
  void wrongTypes() {
    assertThatThrownBy(() -> parse("train:\n  steps: many\n")).hasMessageContaining("'train.steps' must be an integer, got 'many'");
    assertThatThrownBy(() -> parse("model:\n  tied: maybe\n")).hasMessageContaining("'model.tied' must be true or false");
    assertThatThrownBy(() -> parse("model: 3\n")).hasMessageContaining("'model' must be a section");
  }

  @Test
  void impossibleValues() {
    assertThatThrownBy(() -> parse("model:\n  width: 100\n  heads: 3\n")).hasMessageContaining("'model.heads' = 3 does not divide model.width = 100");
    assertThatThrownBy(() -> parse("optimizer:\n  lr: -0.1\n")).hasMessageContaining("'optimizer.lr' = -0.1 is out of range");
    assertThatThrownBy(() -> parse("optimizer:\n  name: lion\n")).hasMessageContaining("valid: adamw, sgd");
    assertThatThrownBy(() -> parse("train:\n  batch_size: 10\n  micro_batches: 3\n")).hasMessageContaining("does not divide train.batch_size");
    assertThatThrownBy(() -> parse("task:\n  max_len: 100\nmodel:\n  max_seq: 64\n")).hasMessageContaining("model.max_seq");
    assertThatThrownBy(() -> parse("- a\n- b\n")).hasMessageContaining("must be a YAML mapping");
  }

  @Test
  void eachVariantHoldsOnlyItsKeys() {
    assertThat(parse("{}", "task.name=mlm", "model.kind=encoder").task()).isInstanceOf(MlmConfig.class);
    assertThat(parse("{}", "task.name=tense").task()).isEqualTo(new GrammarConfig(TaskKind.TENSE, 100_000, 1_000, 10_000, 46, "", GrammarConfig.Distribution.PUBLISHED));
    assertThat(parse("{}", "task.name=teacher", "model.kind=mlp").model()).isInstanceOf(MlpConfig.class);
    // a key that only another variant reads is refused by name, not silently ignored
    assertThatThrownBy(() -> parse("{}", "task.name=mlm", "model.kind=encoder", "model.positions=sinusoidal"))
        .hasMessageContaining("'model.positions' does not apply to model.kind encoder");
    assertThatThrownBy(() -> parse("{}", "task.name=relation", "model.kind=encoder", "model.tied=true"))
        .hasMessageContaining("'model.tied' does not apply to model.kind encoder");
    assertThatThrownBy(() -> parse("{}", "task.name=question", "task.k=4")).hasMessageContaining("'task.k' does not apply to task.name question");
    assertThatThrownBy(() -> parse("{}", "task.name=mlm", "model.kind=encoder", "task.data_dir=x"))
        .hasMessageContaining("'task.data_dir' does not apply to task.name mlm");
    assertThatThrownBy(() -> parse("{}", "task.name=teacher", "model.kind=mlp", "model.heads=2"))
        .hasMessageContaining("'model.heads' does not apply to model.kind mlp");
    // a key no variant has stays "unknown"
    assertThatThrownBy(() -> parse("{}", "task.name=question", "task.kk=4")).hasMessageContaining("'task.kk' is unknown");
    // the model kind must suit the task, and the error names the kind that does
    assertThatThrownBy(() -> parse("{}", "task.name=mlm")).hasMessageContaining("use model.kind: encoder (for mlm, relation)");
  }

  @Test
  void resolvedConfigsOfOlderVersionsStillRead() throws Exception {
    // what earlier versions wrote into run directories: every key of every variant
    String old = """
        task: {name: fashion_mnist, k: 20, m: 10, train_size: 100, val_size: 50, ood_size: 20000, max_len: 62, shuffle_labels: false}
        model: {kind: mlp, hidden: [8], activation: relu, bias: true, init_gain: 1.0}
        """;
    var file = java.nio.file.Files.createTempFile("config", ".yaml");
    java.nio.file.Files.writeString(file, old);
    ExperimentConfig c = ConfigLoader.loadResolved(file, "old", List.of());
    assertThat(c.task()).isEqualTo(new FashionConfig(100, 50, FashionConfig.DEFAULT_DIR, false));
    assertThat(ConfigLoader.toYaml(c)).doesNotContain("ood_size");
    // a user's config is strict about the same keys
    assertThatThrownBy(() -> parse(old)).hasMessageContaining("'task.k' does not apply to task.name fashion_mnist");
    java.nio.file.Files.delete(file);
  }

  @Test
  void taskKindsCarryTheirModelAndHeadlineMetrics() {
    for (TaskKind k : TaskKind.values()) {
      ExperimentConfig c = parse("{}", "task.name=" + k.configName(), "model.kind=" + ConfigNode.spelling(k.model()));
      assertThat(c.task().kind()).isEqualTo(k);
      assertThat(c.probes().names()).isEqualTo(k.defaultProbes());
      assertThat(k.mainMetric()).startsWith("eval/").endsWith("/" + k.headline());
    }
  }
}
