package phaselab.lab.pretrained;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.autograd.GradCheck;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.autograd.Tape;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.nn.Dropout;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.text.DataFile;
import phaselab.lab.task.text.TestData;
import phaselab.lab.task.text.WordPiece;

/**
 * The imported all-MiniLM-L6-v2 against ONNX Runtime running the same .onnx file: the last hidden
 * state of 256 FewRel sentences of mixed length (12–52 pieces), 16 to a batch padded to the
 * longest, within max |Δ| ≤ 1e-4 and mean |Δ| ≤ 1e-5; the sentence embedding (mean pooling over
 * real tokens, L2-normalised, as the model card) within 1e-5; and a gradient check through the
 * imported body.
 */
@Tag("slow")
class OnnxImportParityTest {
  private static PretrainedBert imported;
  private static List<int[]> sentences;

  @BeforeAll
  static void load() throws Exception {
    long t0 = System.nanoTime();
    Runtime rt = Runtime.getRuntime();
    imported = OnnxBertImport.read(MiniLm.onnx(), BertTokenizer.readTokenizerJson(MiniLm.tokenizerJson()));
    System.out.printf("import: %.1f s, heap in use %d MB%n", (System.nanoTime() - t0) / 1e9, (rt.totalMemory() - rt.freeMemory()) >> 20);
    Path cache = TestData.cacheWith(DataFile.FEWREL_VAL);
    JsonNode fewrel = new ObjectMapper().readTree(DataFile.FEWREL_VAL.cached(cache).toFile());
    WordPiece vocab = imported.tokenizer().wordPiece();
    sentences = new ArrayList<>();
    for (var it = fewrel.fields(); it.hasNext() && sentences.size() < 256;) {
      JsonNode rel = it.next().getValue();
      for (int i = 0; i < 16; i++) {
        List<String> words = new ArrayList<>();
        rel.get(i * 37).path("tokens").forEach(t -> words.add(t.asText()));
        sentences.add(BertTokenizer.encode(vocab, String.join(" ", words), 128));
      }
    }
  }

  @Test
  void readsTheShapeFromTheGraph() {
    assertThat(imported.config().layers()).isEqualTo(6);
    assertThat(imported.config().width()).isEqualTo(384);
    assertThat(imported.config().heads()).isEqualTo(12);
    assertThat(imported.config().hidden()).isEqualTo(1536);
    assertThat(imported.config().vocab()).isEqualTo(30522);
    assertThat(imported.config().maxSeq()).isEqualTo(512);
    assertThat(imported.config().segments()).isEqualTo(2);
    assertThat(imported.config().lnEps()).isEqualTo(1e-12f);
    assertThat(imported.config().activation()).isEqualTo(FeedForward.Activation.GELU_EXACT);
    assertThat(imported.dropped()).containsExactly("embeddings.position_ids");
  }

  @Test
  void lastHiddenStateAndSentenceEmbeddingMatchOnnxRuntime() throws Exception {
    BertEncoder model = imported.encoder(0, 0);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double maxAbs = 0;
    double sumAbs = 0;
    long count = 0;
    double maxEmbed = 0;
    int minLen = Integer.MAX_VALUE;
    int maxLen = 0;
    try (OrtSession session = env.createSession(MiniLm.onnx().toString(), new OrtSession.SessionOptions())) {
      for (int from = 0; from < sentences.size(); from += 16) {
        List<int[]> batch = sentences.subList(from, from + 16);
        int seq = batch.stream().mapToInt(s -> s.length).max().orElseThrow();
        long[][] ids = new long[16][seq];
        long[][] mask = new long[16][seq];
        int[] flatIds = new int[16 * seq];
        boolean[] valid = new boolean[16 * seq];
        for (int b = 0; b < 16; b++) {
          int[] s = batch.get(b);
          minLen = Math.min(minLen, s.length);
          maxLen = Math.max(maxLen, s.length);
          for (int t = 0; t < s.length; t++) {
            ids[b][t] = s[t];
            mask[b][t] = 1;
            flatIds[b * seq + t] = s[t];
            valid[b * seq + t] = true;
          }
        }
        float[][][] expected;
        try (OnnxTensor i = OnnxTensor.createTensor(env, ids); OnnxTensor m = OnnxTensor.createTensor(env, mask);
            OnnxTensor tt = OnnxTensor.createTensor(env, new long[16][seq]);
            OrtSession.Result r = session.run(Map.of("input_ids", i, "attention_mask", m, "token_type_ids", tt))) {
          expected = (float[][][]) r.get(0).getValue();
        }
        Tensor hidden;
        try (Tape.NoGrad ignored = Tape.noGrad()) {
          hidden = model.encode(flatIds, null, valid, 16, seq, Dropout.EVAL);
        }
        float[] ours = hidden.data;
        int c = 384;
        for (int b = 0; b < 16; b++) {
          for (int t = 0; t < seq; t++) {
            if (!valid[b * seq + t]) {
              continue; // padded positions: not part of any output a user reads
            }
            for (int k = 0; k < c; k++) {
              double d = Math.abs(ours[(b * seq + t) * c + k] - expected[b][t][k]);
              maxAbs = Math.max(maxAbs, d);
              sumAbs += d;
              count++;
            }
          }
          float[] e1 = SentenceEmbedding.meanPooledNormalized(ours, valid, b, seq, c);
          float[] flat = new float[seq * c];
          for (int t = 0; t < seq; t++) {
            System.arraycopy(expected[b][t], 0, flat, t * c, c);
          }
          boolean[] rowValid = java.util.Arrays.copyOfRange(valid, b * seq, (b + 1) * seq);
          float[] e2 = SentenceEmbedding.meanPooledNormalized(flat, rowValid, 0, seq, c);
          for (int k = 0; k < c; k++) {
            maxEmbed = Math.max(maxEmbed, Math.abs(e1[k] - e2[k]));
          }
        }
      }
    }
    double mean = sumAbs / count;
    System.out.printf("ONNX Runtime parity: %d sentences (%d-%d pieces), %,d values: max |Δ| %.2e, mean |Δ| %.2e; "
        + "sentence embedding max |Δ| %.2e%n", sentences.size(), minLen, maxLen, count, maxAbs, mean, maxEmbed);
    assertThat(sentences).hasSizeGreaterThanOrEqualTo(200);
    assertThat(maxLen - minLen).isGreaterThan(30);
    assertThat(maxAbs).isLessThanOrEqualTo(1e-4);
    assertThat(mean).isLessThanOrEqualTo(1e-5);
    assertThat(maxEmbed).isLessThanOrEqualTo(1e-5);
  }

  @Test
  void gradientCheckThroughTheImportedBody() {
    BertEncoder model = imported.encoder(0, 0);
    int[] ids = sentences.get(3).length > 12 ? java.util.Arrays.copyOf(sentences.get(3), 12) : sentences.get(3);
    Tensor embed = model.namedParameters().get("embed_ln.weight");
    Tensor fcIn = model.namedParameters().get("blocks.2.mlp.fc_in.bias");
    Tensor query = model.namedParameters().get("blocks.5.attn.query.weight");
    GradCheck.defaults().tolerance(5e-3, 5e-2).maxPerInput(24).check(() -> {
      Tensor h = model.encode(ids, null, null, 1, ids.length, Dropout.EVAL);
      return Pointwise.reshape(h, ids.length, 384);
    }, List.of(embed, fcIn, query));
    Tape.clear();
  }

  @Test
  void savedDirectoryLoadsToTheSameWeights(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("minilm");
    imported.save(out);
    PretrainedBert back = PretrainedBert.load(out);
    assertThat(back.config()).isEqualTo(imported.config());
    assertThat(back.origin().path("sha256").asText()).hasSize(64);
    for (var e : imported.weights().entrySet()) {
      // Arrays.equals: AssertJ's containsExactly is quadratic on 11.7M values
      assertThat(java.util.Arrays.equals(back.weights().get(e.getKey()).floats(), e.getValue().floats())).as(e.getKey()).isTrue();
    }
    assertThat(back.tokenizer()).isEqualTo(imported.tokenizer());
  }
}
