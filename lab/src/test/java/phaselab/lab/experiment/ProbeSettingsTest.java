package phaselab.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.lab.config.ConfigException;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.suite.entropic.EntropicProbe;
import phaselab.lab.suite.grokking.TreeProjectionProbe;
import phaselab.lab.suite.symmetry.NodeProbe;

/**
 * Each probe reads its settings from its own section, {@code probes.NAME}, validated there; the flat
 * keys of older configs and run directories still read, into the same settings, and the resolved
 * config records only the section.
 */
class ProbeSettingsTest {
  private static final String DYCK = "task: {name: dyck, k: 3, m: 3, train_size: 200, val_size: 20, ood_size: 20, max_len: 20}\n"
      + "model: {width: 16, heads: 2, ffn: 32, max_seq: 24}\n";

  private static ExperimentConfig parse(String probes, String... sets) {
    return ConfigLoader.parse(DYCK + probes, "t", List.of(sets), "test");
  }

  @Test
  void aProbeReadsItsOwnSection() {
    ExperimentConfig c = parse("probes:\n  tree_projection: {sentences: 7, max_words: 12}\n  entropic: {samples: 16}\n");
    assertThat(c.probes().get(TreeProjectionProbe.Settings.class)).isEqualTo(new TreeProjectionProbe.Settings(7, 12));
    assertThat(c.probes().get(EntropicProbe.Settings.class).samples()).isEqualTo(16);
    assertThat(c.probes().get(NodeProbe.Settings.class).protocol()).isEqualTo("kanter"); // defaults for a section left out
    assertThat(parse("").probes().get(TreeProjectionProbe.Settings.class)).isEqualTo(new TreeProjectionProbe.Settings(500, 0));
    ExperimentConfig question = ConfigLoader.parse("task: {name: question}\n", "q", List.of(), "test");
    assertThat(question.probes().get(TreeProjectionProbe.Settings.class).sentences()).isEqualTo(2000);
  }

  @Test
  void theFlatKeysOfOlderConfigsGiveTheSameSettingsAndResolveToTheSection() {
    ExperimentConfig flat = parse("probes: {tree_sentences: 7, tree_max_words: 12, samples: 16, nodes_limit: 50, silence: zero}\n");
    ExperimentConfig section = parse("probes:\n  tree_projection: {sentences: 7, max_words: 12}\n  entropic: {samples: 16}\n"
        + "  nodes: {limit: 50, silence: zero}\n");
    assertThat(flat.probes()).isEqualTo(section.probes());
    String yaml = ConfigLoader.toYaml(flat);
    assertThat(yaml).contains("tree_projection:").contains("sentences: 7").doesNotContain("tree_sentences").doesNotContain("nodes_limit");
    assertThat(ConfigLoader.parse(yaml, "t", List.of(), "resolved").probes()).isEqualTo(flat.probes());
    assertThat(parse("", "probes.tree_sentences=9").probes().get(TreeProjectionProbe.Settings.class).sentences()).isEqualTo(9);
  }

  @Test
  void runsRecordedBeforeAKeyExistedKeepTheBehaviourTheyHad() throws Exception {
    // a run directory's resolved config from before tree_max_words and protocol existed
    java.nio.file.Path old = java.nio.file.Files.createTempFile("config", ".yaml");
    java.nio.file.Files.writeString(old, DYCK + "probes: {names: [weight_norm], every: 10, tree_sentences: 5, site: auto}\n");
    ExperimentConfig c = ConfigLoader.loadResolved(old, "old", List.of());
    assertThat(c.probes().get(TreeProjectionProbe.Settings.class)).isEqualTo(new TreeProjectionProbe.Settings(5, 24));
    assertThat(c.probes().get(NodeProbe.Settings.class).protocol()).isEqualTo("argmax");
    java.nio.file.Files.delete(old);
  }

  @Test
  void badSettingsAreRefusedInTheirSection() {
    assertThatThrownBy(() -> parse("probes: {tree_sentences: 7, tree_projection: {sentences: 8}}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'probes.tree_sentences' and 'probes.tree_projection.sentences'").hasMessageContaining("keep 'probes.tree_projection.sentences'");
    assertThatThrownBy(() -> parse("probes: {tree_projection: {sentence: 8}}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("probes.tree_projection.sentence").hasMessageContaining("sentences");
    assertThatThrownBy(() -> parse("probes: {nodes: {protocol: kanterr}}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("probes.nodes.protocol").hasMessageContaining("kanter, argmax");
    assertThatThrownBy(() -> parse("probes: {tree_projection: 5}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'probes.tree_projection' must be a section");
  }
}
