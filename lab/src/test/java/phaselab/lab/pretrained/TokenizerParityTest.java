package phaselab.lab.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import phaselab.lab.task.text.DataFile;
import phaselab.lab.task.text.TestData;
import phaselab.lab.task.text.WordPiece;

/**
 * phaselab's reading of all-MiniLM-L6-v2's tokenizer.json against Hugging Face tokenizers itself
 * (the Rust library through DJL): the same ids, [CLS] and [SEP] included, on every sentence of
 * FewRel's validation file and every line of WikiText-2's validation and test files, and the
 * same truncation at 128.
 */
class TokenizerParityTest {
  private static HuggingFaceTokenizer reference;
  private static WordPiece ours;

  @BeforeAll
  static void load() throws Exception {
    reference = HuggingFaceTokenizer.builder().optTokenizerPath(MiniLm.tokenizerJson()).optAddSpecialTokens(true)
        .optTruncation(false).optPadding(false).build();
    ours = BertTokenizer.readTokenizerJson(MiniLm.tokenizerJson()).wordPiece();
  }

  @Test
  void fewRelAndWikiTextGiveTheSameIds() throws Exception {
    Path cache = TestData.cacheWith(DataFile.FEWREL_VAL, DataFile.WIKITEXT_VALID, DataFile.WIKITEXT_TEST);
    List<String> texts = new ArrayList<>();
    JsonNode fewrel = new ObjectMapper().readTree(DataFile.FEWREL_VAL.cached(cache).toFile());
    fewrel.fields().forEachRemaining(rel -> rel.getValue().forEach(ex -> {
      List<String> words = new ArrayList<>();
      ex.path("tokens").forEach(t -> words.add(t.asText()));
      texts.add(String.join(" ", words));
    }));
    int fewRelCount = texts.size();
    for (DataFile f : List.of(DataFile.WIKITEXT_VALID, DataFile.WIKITEXT_TEST)) {
      Files.readAllLines(f.cached(cache))
          .stream().filter(l -> !l.isBlank()).forEach(texts::add);
    }
    assertThat(fewRelCount).isEqualTo(11_200);
    assertThat(texts.size()).isGreaterThan(fewRelCount + 5_000); // 5,352 non-blank WikiText-2 lines
    int unk = 0;
    for (String text : texts) {
      long[] expected = reference.encode(text).getIds();
      int[] got = BertTokenizer.encode(ours, text, Integer.MAX_VALUE);
      assertThat(Arrays.stream(got).asLongStream().toArray()).as("ids of: %s", text).containsExactly(expected);
      unk += (int) Arrays.stream(got).filter(id -> id == ours.id(WordPiece.UNK)).count();
    }
    System.out.printf("tokenizer parity: %,d texts (%,d FewRel sentences, %,d WikiText-2 lines) identical, %d [UNK]%n",
        texts.size(), fewRelCount, texts.size() - fewRelCount, unk);
  }

  @Test
  void edgeCasesMatch() throws Exception {
    List<String> texts = List.of("Héllo, WÖRLD... naïve café", "İstanbul ΣΟΦΙΑ straße", "北京大学 is in 北京。",
        "tab\tnew\nline\u00a0nbsp\u2003em\u3000ideo", "zero\u200bwidth soft\u00adhyphen", "emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "a" + "b".repeat(120) + " short", "[CLS] inside [SEP]text[MASK]", "$5.00 & 50% off! (really?) #tag @user ~x^y",
        "control\u0001char\u0085nel", "");
    for (String text : texts) {
      assertThat(Arrays.stream(BertTokenizer.encode(ours, text, Integer.MAX_VALUE)).asLongStream().toArray())
          .as("ids of: %s", text).containsExactly(reference.encode(text).getIds());
    }
  }

  @Test
  void truncatesAt128AsTheReference() throws Exception {
    HuggingFaceTokenizer truncating = HuggingFaceTokenizer.builder().optTokenizerPath(MiniLm.tokenizerJson())
        .optTruncation(true).optMaxLength(128).optPadding(false).build();
    String longText = "the quick brown fox jumps over the lazy dog , ".repeat(30);
    long[] expected = truncating.encode(longText).getIds();
    assertThat(expected).hasSize(128);
    assertThat(Arrays.stream(BertTokenizer.encode(ours, longText, 128)).asLongStream().toArray()).containsExactly(expected);
  }

  @Test
  void refusesATokenizerOfAnotherKind(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path bpe = dir.resolve("tokenizer.json");
    Files.writeString(bpe, "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}");
    assertThatThrownBy(() -> BertTokenizer.readTokenizerJson(bpe)).isInstanceOf(ImportException.class)
        .hasMessageContaining("BPE tokenizer").hasMessageContaining("WordPiece");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"model\": {\"type\": \"WordPiece\", ");
    assertThatThrownBy(() -> BertTokenizer.readTokenizerJson(broken)).isInstanceOf(ImportException.class)
        .hasMessageContaining("not valid JSON");
  }
}
