package phaselab.lab.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.io.Safetensors;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.model.TransformerConfig;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ConfigException;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.task.text.DataFile;
import phaselab.lab.task.text.TestData;
import phaselab.lab.task.text.WordPiece;
import phaselab.lab.workload.RelationWorkload;

/**
 * model.init_from with a phaselab model directory: the body's weights arrive in the fine-tuning
 * model, the entity markers get new rows with fresh embeddings after the imported vocabulary, the
 * position table is cut to max_seq, the run's log line names the origin and checksums, and a config
 * that states another shape is refused.
 */
class FineTuneFromImportTest {
  private static final int VOCAB_WORDS = 26;

  private static PretrainedBert tinyBert() {
    List<String> tokens = new ArrayList<>(List.of(WordPiece.PAD, WordPiece.UNK, WordPiece.CLS, WordPiece.SEP, WordPiece.MASK));
    for (char c = 'a'; c < 'a' + VOCAB_WORDS; c++) {
      tokens.add(String.valueOf(c));
      tokens.add("##" + c);
    }
    TransformerConfig config = PretrainedBert.bertConfig(tokens.size(), 16, 2, 32, 2, 64, 2, FeedForward.Activation.GELU_EXACT, 1e-12f);
    BertEncoder source = new BertEncoder(config, 0, 0).initialize(new RngStream(5, "init"));
    Map<String, Safetensors.Entry> weights = new LinkedHashMap<>();
    source.namedParameters().forEach((k, t) -> {
      if (!k.startsWith("mlm.") && !k.startsWith("cls.")) {
        weights.put(k, Safetensors.Entry.f32(t.data.clone(), t.shape()));
      }
    });
    BertTokenizer tok = new BertTokenizer(List.copyOf(tokens), List.of(WordPiece.PAD, WordPiece.UNK, WordPiece.CLS, WordPiece.SEP,
        WordPiece.MASK), true, true, true, true);
    return new PretrainedBert(config, weights, tok, JsonNodeFactory.instance.objectNode().put("kind", "test").put("sha256", "00"), List.of());
  }

  private static List<String> keys(Path body, String... extra) {
    List<String> k = new ArrayList<>(List.of("task.name=relation", "task.dataset=fewrel", "task.train_limit=64",
        "task.data_dir=" + TestData.cacheWith(DataFile.FEWREL_VAL, DataFile.FEWREL_PIDS), "model.kind=encoder",
        "model.init_from=" + body, "model.layers=2", "model.width=16", "model.heads=2", "model.ffn=32", "model.activation=gelu_exact",
        "model.max_seq=32"));
    k.addAll(List.of(extra));
    return k;
  }

  @Test
  void theImportedBodyArrivesWithFreshMarkerRows(@TempDir Path dir) throws Exception {
    PretrainedBert body = tinyBert();
    body.save(dir.resolve("tiny"));
    RelationWorkload w = (RelationWorkload) Workloads.create(ConfigLoader.parse("{}", "t", keys(dir.resolve("tiny")), "test"));
    Map<String, Tensor> p = w.model().namedParameters();
    float[] embed = body.weights().get("embed.weight").floats();
    int v = body.config().vocab();
    assertThat(p.get("embed.weight").dim(0)).isEqualTo(v + 4);
    for (int i = 0; i < embed.length; i++) {
      assertThat(p.get("embed.weight").data[i]).isEqualTo(embed[i]);
    }
    double sq = 0;
    for (int i = embed.length; i < p.get("embed.weight").size(); i++) {
      sq += p.get("embed.weight").data[i] * p.get("embed.weight").data[i];
    }
    assertThat(Math.sqrt(sq / (4 * 16))).as("fresh marker rows ~ N(0, 0.02)").isBetween(0.01, 0.03);
    assertThat(p.get("pos_embed.weight").dim(0)).isEqualTo(32);
    float[] pos = body.weights().get("pos_embed.weight").floats();
    for (int i = 0; i < 32 * 16; i++) {
      assertThat(p.get("pos_embed.weight").data[i]).isEqualTo(pos[i]);
    }
    assertThat(p.get("blocks.1.mlp.fc_in.weight").data).containsExactly(body.weights().get("blocks.1.mlp.fc_in.weight").floats());
    assertThat(w.describe()).contains("body " + dir.resolve("tiny")).contains("weights sha256 ").contains("4 entity markers");
    // the markers are single tokens of the extended vocabulary ([E1] = V, [E2] = V + 2): every encoded
    // sentence keeps at least the first entity of its window
    assertThat(w.train().ids()).allSatisfy(ids -> assertThat(java.util.Arrays.stream(ids).anyMatch(t -> t == v || t == v + 2)).isTrue());
    assertThat(w.train().ids().stream().filter(ids -> java.util.Arrays.stream(ids).anyMatch(t -> t == v)).count()).isGreaterThan(32);
  }

  @Test
  void initWeightsFalseKeepsTheShapeAndVocabularyButNotTheWeights(@TempDir Path dir) throws Exception {
    PretrainedBert body = tinyBert();
    body.save(dir.resolve("tiny"));
    RelationWorkload w = (RelationWorkload) Workloads.create(ConfigLoader.parse("{}", "t", keys(dir.resolve("tiny"),
        "model.init_weights=false"), "test"));
    Tensor embed = w.model().namedParameters().get("embed.weight");
    assertThat(embed.dim(0)).isEqualTo(body.config().vocab() + 4);
    assertThat(embed.data[0]).isNotEqualTo(body.weights().get("embed.weight").floats()[0]);
    assertThat(w.describe()).contains("weights: seeded initialisation");
  }

  @Test
  void aConfigOfAnotherShapeIsRefused(@TempDir Path dir) throws Exception {
    tinyBert().save(dir.resolve("tiny"));
    assertThatThrownBy(() -> Workloads.create(ConfigLoader.parse("{}", "t", keys(dir.resolve("tiny"), "model.layers=4"), "test")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("layers (config 4, imported 2)");
  }
}
