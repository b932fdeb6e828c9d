package phaselab.lab.task.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Gold trees written out by hand, pass by pass of McCoy's pairwise reduction. */
class McCoyParserTest {
  private static String q(String sentence) {
    return McCoyParser.parse(List.of(sentence.split(" ")), Grammar.Mode.QUESTION).toString();
  }

  private static String t(String sentence) {
    return McCoyParser.parse(List.of(sentence.split(" ")), Grammar.Mode.TENSE).toString();
  }

  @Test
  void questionTreesAreBinaryAsMcCoyParsesThem() {
    assertThat(q("the newt does sleep")).isEqualTo("(S (NP (D the) (N newt)) (VP_f (A does) (V sleep)))");
    // ((D N) (P (D N))) and (AUX (V (D N)))
    assertThat(q("the newt by the yaks does admire the zebra")).isEqualTo(
        "(S (NP (NP (D the) (N newt)) (PP (P by) (NP (D the) (N yaks)))) (VP_f (A does) (VP (V admire) (NP (D the) (N zebra)))))");
    // ((D N) RC) with RC = (R (AUX V))
    assertThat(q("the newt who does sleep does giggle")).isEqualTo(
        "(S (NP (NP (D the) (N newt)) (RC (R who) (VP_f (A does) (V sleep)))) (VP_f (A does) (V giggle)))");
    // an object relative clause with its own subject: (R ((D N) (AUX V)))
    assertThat(q("the newt does admire the yak that the zebras don't comfort")).isEqualTo(
        "(S (NP (D the) (N newt)) (VP_f (A does) (VP (V admire) (NP (NP (D the) (N yak))"
            + " (RC (R that) (S (NP (D the) (N zebras)) (VP_f (A don't) (V comfort))))))))");
    // a relative clause with an object: (R (AUX (V (D N))))
    assertThat(q("my yaks that do confuse her xylophone don't wait")).isEqualTo(
        "(S (NP (NP (D my) (N yaks)) (RC (R that) (VP_f (A do) (VP (V confuse) (NP (D her) (N xylophone))))))"
            + " (VP_f (A don't) (V wait)))");
  }

  @Test
  void tenseTreesAreBinaryAsMcCoyParsesThem() {
    assertThat(t("the newt who the yaks admired slept")).isEqualTo(
        "(S (NP (NP (D the) (N newt)) (RC (R who) (S (NP (D the) (N yaks)) (V admired)))) (V slept))");
    assertThat(t("the newt admired the yak by the zebras")).isEqualTo(
        "(S (NP (D the) (N newt)) (VP_f (V admired) (NP (NP (D the) (N yak)) (PP (P by) (NP (D the) (N zebras))))))");
    assertThat(t("the newt who admired the yak slept")).isEqualTo(
        "(S (NP (NP (D the) (N newt)) (RC (R who) (VP_f (V admired) (NP (D the) (N yak))))) (V slept))");
  }

  @Test
  void everyGoldTreeIsBinaryOverItsWords() {
    for (String task : List.of("question", "tense")) {
      GrammarTask g = GrammarTaskTest.task(task, 2000, 50, 50);
      for (GrammarExample e : g.trainExamples()) {
        assertThat(e.tree().words()).isEqualTo(e.input());
        assertThat(e.tree().spans()).as(e.line()).hasSize(e.input().size() - 1); // n − 1 internal nodes
      }
    }
  }

  @Test
  void unknownWordsAndNonSentencesAreNamed() {
    assertThatThrownBy(() -> q("the newt does dance")).hasMessageContaining("'dance'");
    assertThatThrownBy(() -> q("the newt the yak")).hasMessageContaining("cannot reduce");
  }
}
