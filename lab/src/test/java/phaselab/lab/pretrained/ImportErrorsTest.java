package phaselab.lab.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hugging Face directory path (a round trip through a directory written from the imported
 * MiniLM, with and without the bert. prefix) and every kind of bad input: each gets a named error,
 * and nothing is written.
 */
class ImportErrorsTest {
  private static PretrainedBert minilm;

  @BeforeAll
  static void load() throws Exception {
    minilm = OnnxBertImport.read(MiniLm.onnx(), BertTokenizer.readTokenizerJson(MiniLm.tokenizerJson()));
  }

  @Test
  void huggingFaceDirectoryRoundTrip(@TempDir Path dir) throws Exception {
    for (String prefix : new String[] {"", "bert."}) {
      Path hf = dir.resolve("hf" + prefix.length());
      HfBertImport.write(minilm, hf, prefix);
      Files.copy(MiniLm.tokenizerJson(), hf.resolve("tokenizer.json"));
      PretrainedBert back = HfBertImport.read(hf);
      assertThat(back.config()).isEqualTo(minilm.config());
      assertThat(back.weights().keySet()).isEqualTo(minilm.weights().keySet());
      for (var e : minilm.weights().entrySet()) {
        assertThat(Arrays.equals(back.weights().get(e.getKey()).floats(), e.getValue().floats())).as(e.getKey()).isTrue();
      }
      assertThat(back.tokenizer()).isEqualTo(minilm.tokenizer());
      Files.delete(hf.resolve("tokenizer.json")); // vocab.txt + tokenizer_config.json: BERT's defaults
      assertThat(HfBertImport.read(hf).tokenizer().wordPiece().encode("Héllo, World")).isEqualTo(
          minilm.tokenizer().wordPiece().encode("Héllo, World"));
    }
  }

  @Test
  void truncatedOrCorruptOnnxIsRefusedAndNothingWritten(@TempDir Path dir) throws Exception {
    byte[] onnx = Files.readAllBytes(MiniLm.onnx());
    Path cut = dir.resolve("cut.onnx");
    Files.write(cut, Arrays.copyOf(onnx, onnx.length / 2));
    BertTokenizer tok = minilm.tokenizer();
    assertThatThrownBy(() -> OnnxBertImport.read(cut, tok)).isInstanceOf(ImportException.class).hasMessageContaining("truncated");
    Path garbage = dir.resolve("garbage.onnx");
    byte[] g = onnx.clone();
    for (int i = 0; i < 64; i++) {
      g[i] = (byte) (0xFF - i);
    }
    Files.write(garbage, g);
    assertThatThrownBy(() -> OnnxBertImport.read(garbage, tok)).isInstanceOf(ImportException.class)
        .hasMessageContaining(garbage.toString());
    Path text = dir.resolve("notes.onnx");
    Files.writeString(text, "not a model");
    assertThatThrownBy(() -> OnnxBertImport.read(text, tok)).isInstanceOf(ImportException.class);
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cut.onnx", "garbage.onnx", "notes.onnx");
    }
  }

  @Test
  void corruptSafetensorsAnotherArchitectureAndPickleAreRefused(@TempDir Path dir) throws Exception {
    Path hf = dir.resolve("hf");
    HfBertImport.write(minilm, hf, "bert.");
    byte[] w = Files.readAllBytes(hf.resolve("model.safetensors"));
    Files.write(hf.resolve("model.safetensors"), Arrays.copyOf(w, w.length - 1000));
    assertThatThrownBy(() -> HfBertImport.read(hf)).isInstanceOf(ImportException.class).hasMessageContaining("model.safetensors");
    Files.delete(hf.resolve("model.safetensors"));
    Files.write(hf.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
    assertThatThrownBy(() -> HfBertImport.read(hf)).isInstanceOf(ImportException.class).hasMessageContaining("pickle")
        .hasMessageContaining("safe_serialization=True");
    Files.writeString(hf.resolve("config.json"), "{\"model_type\": \"gpt2\", \"n_layer\": 12}");
    Files.write(hf.resolve("model.safetensors"), w);
    assertThatThrownBy(() -> HfBertImport.read(hf)).isInstanceOf(ImportException.class).hasMessageContaining("model_type is 'gpt2'");
  }

  @Test
  void aModelOfAnotherShapeIsRefusedByName(@TempDir Path dir) throws Exception {
    Path hf = dir.resolve("hf");
    HfBertImport.write(minilm, hf, "");
    String config = Files.readString(hf.resolve("config.json")).replace("\"intermediate_size\" : 1536", "\"intermediate_size\" : 1024");
    Files.writeString(hf.resolve("config.json"), config);
    assertThatThrownBy(() -> HfBertImport.read(hf)).isInstanceOf(ImportException.class)
        .hasMessageContaining("encoder.layer.0.intermediate.dense.").hasMessageContaining("not that shape");
  }

  @Test
  void savingOverANonEmptyDirectoryIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("keep.txt"), "mine");
    assertThatThrownBy(() -> minilm.save(dir)).isInstanceOf(ImportException.class).hasMessageContaining("not empty");
    assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("mine");
  }
}
