package phaselab.lab.task.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTest {
  static WordPiece small() {
    Map<String, Long> counts = new HashMap<>();
    String text = "the cat sat on the mat . the cats sat on the mats , and a dog sat on a log ! "
        + "unhappy dogs , happy cats ; the happiest cat sat .";
    for (String w : BasicTokenizerAccess.words(text)) {
      counts.merge(w, 50L, Long::sum);
    }
    return new WordPieceTrainer(60, 2, 100).train(counts);
  }

  @Test
  void roundTripsKnownTextAndSplitsPunctuation() {
    WordPiece wp = small();
    List<Integer> ids = wp.encode("The cats sat, happily!");
    assertThat(wp.decode(ids)).isEqualTo("the cats sat , happily !");
    assertThat(ids).doesNotContain(wp.id(WordPiece.UNK));
    assertThat(BasicTokenizerAccess.words("Héllo, wörld...")).containsExactly("hello", ",", "world", ".", ".", ".");
  }

  @Test
  void unknownCharactersBecomeUnkAndSpecialTokensStayWhole() {
    WordPiece wp = small();
    assertThat(wp.encode("zebra")).containsExactly(wp.id(WordPiece.UNK)); // z, b, r: never seen
    assertThat(wp.encode("[CLS] the [E1] cat [/E1] [MASK] [SEP]")).startsWith(wp.id(WordPiece.CLS)).contains(wp.id("[E1]"), wp.id("[/E1]"),
        wp.id(WordPiece.MASK)).endsWith(wp.id(WordPiece.SEP));
    assertThat(wp.tokens().subList(0, 9)).isEqualTo(WordPiece.SPECIALS);
  }

  @Test
  void trainingIsDeterministicAndSavesAsVocabTxt(@TempDir Path tmp) throws Exception {
    WordPiece a = small();
    assertThat(small().tokens()).isEqualTo(a.tokens());
    assertThat(a.size()).isEqualTo(60);
    assertThat(a.tokens()).contains("the", "sat").anyMatch(t -> t.startsWith("##"));
    a.save(tmp.resolve("vocab.txt"));
    assertThat(WordPiece.load(tmp.resolve("vocab.txt")).tokens()).isEqualTo(a.tokens());
    assertThatThrownBy(() -> new WordPiece(List.of("a", "b"))).hasMessageContaining("starts with");
  }
}
