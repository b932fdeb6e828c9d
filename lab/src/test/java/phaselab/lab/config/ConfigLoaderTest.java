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
    assertThat(c.model().ffn()).isEqualTo(4 * c.model().width());
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
}
