package phaselab.lab.task.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;

/**
 * task.distribution published against the template frequencies of McCoy et al.'s published files
 * (mccoy2020-templates.csv): every template of every generated split within ±1.5 points of the
 * file's, after the same de-duplication against a 100,000-line training split.
 */
class PublishedDistributionTest {
  private static final double TOLERANCE = 0.015;

  @Test
  void everyPublishedTemplateParsesAndRendersBackToItself() {
    for (Grammar.Mode mode : Grammar.Mode.values()) {
      Grammar g = new Grammar(mode);
      RngStream r = new RngStream(5, "templates");
      List<PublishedDistribution.Entry> rows = PublishedDistribution.read(mode);
      assertThat(rows).hasSize(mode == Grammar.Mode.QUESTION ? 51 : 78);
      for (PublishedDistribution.Entry e : rows) {
        for (int i = 0; i < 20; i++) {
          Grammar.Rendered words = g.render(g.sample(r, e.template()), mode == Grammar.Mode.QUESTION ? "base" : "past");
          assertThat(Template.categoriesOf(words.words(), mode)).isEqualTo(e.template().categories());
        }
      }
    }
  }

  @Test
  void aTemplateOutsideTheGrammarIsRefusedByName() {
    assertThatThrownBy(() -> Template.parse("D N Aux Vi D N", Grammar.Mode.QUESTION))
        .hasMessageContaining("'D N Aux Vi D N'").hasMessageContaining("after the main clause");
    assertThatThrownBy(() -> Template.parse("D N R Vi", Grammar.Mode.QUESTION)).hasMessageContaining("expected Aux");
  }

  @Test
  void questionSplitsHaveThePublishedTemplateFrequencies() {
    // 4,034 scored questions: a test split of about 10,000 lines, as question.test
    GrammarTask t = GrammarTaskTest.task("question", 100_000, 4_034, 10_000, "published");
    assertFrequencies(t.testSplit(), PublishedDistribution.of(Grammar.Mode.QUESTION).testRows(), Grammar.Mode.QUESTION);
    assertFrequencies(t.evalExamples().get("ood"), PublishedDistribution.of(Grammar.Mode.QUESTION).genRows(), Grammar.Mode.QUESTION);
    assertThat(t.testSplit().size()).isBetween(9_500, 10_500);
    // question inputs occur once across all splits
    Set<String> train = new HashSet<>();
    t.trainExamples().forEach(e -> train.add(String.join(" ", e.input())));
    assertThat(t.testSplit().stream().filter(e -> train.contains(String.join(" ", e.input()))).toList()).isEmpty();
    // the gen set holds exactly two auxiliaries, which differ, and a relative clause on the subject
    for (GrammarExample e : t.evalExamples().get("ood")) {
      List<String> aux = e.input().stream().filter(Lexicon.AUXILIARIES::contains).toList();
      assertThat(aux).hasSize(2);
      assertThat(aux.get(0)).isNotEqualTo(aux.get(1));
    }
  }

  @Test
  void tenseSplitsHaveThePublishedTemplateFrequencies() {
    GrammarTask t = GrammarTaskTest.task("tense", 100_000, 4_174, 10_000, "published");
    assertFrequencies(t.testSplit(), PublishedDistribution.of(Grammar.Mode.TENSE).testRows(), Grammar.Mode.TENSE);
    assertFrequencies(t.evalExamples().get("ood"), PublishedDistribution.of(Grammar.Mode.TENSE).genRows(), Grammar.Mode.TENSE);
  }

  @Test
  void theTrainingFileDoesNotDriftAlongItsLines() {
    // de-duplication depletes 4-word questions as the file fills; the written file is shuffled
    GrammarTask t = GrammarTaskTest.task("question", 100_000, 100, 100, "published");
    List<GrammarExample> train = t.trainExamples();
    double head = shareOfFourWordLines(train.subList(0, 20_000));
    double tail = shareOfFourWordLines(train.subList(80_000, 100_000));
    assertThat(head).isGreaterThan(0.005);
    assertThat(Math.abs(head - tail)).isLessThan(0.004); // ≈ 4 standard errors of a difference of two 20k shares near 1 %
  }

  @Test
  void theFitReproducesTheDepletionOfSmallTemplates() {
    // D N Aux Vi has 2,808 sentences: drawn more often than the test file shows, to survive de-duplication
    PublishedDistribution d = PublishedDistribution.of(Grammar.Mode.QUESTION);
    Template small = Template.parse("D N Aux Vi", Grammar.Mode.QUESTION);
    assertThat(small.sentences(Grammar.Mode.QUESTION)).isEqualTo(6L * 26 * 2 * 9);
    double drawn = d.testRows().stream().filter(e -> e.template().equals(small)).mapToDouble(d::drawProbability).sum();
    double testShare = d.testRows().stream().filter(e -> e.template().equals(small)).mapToInt(e -> e.count()).sum() / 10_000.0;
    // survival exp(-N·p/S) ≈ 0.75 at p ≈ 0.0085, N ≈ 100k draws
    assertThat(drawn).isBetween(testShare * 1.2, testShare * 1.6);
    double large = d.testRows().stream().filter(e -> e.template().categories().equals("D N Aux Vt D N P D N"))
        .mapToDouble(d::drawProbability).sum();
    assertThat(large).isLessThan((811 + 840) / 10_000.0); // not depleted: drawn a little less than its share, as the others make room
  }

  private static double shareOfFourWordLines(List<GrammarExample> lines) {
    return lines.stream().filter(e -> e.input().size() == 4).count() / (double) lines.size();
  }

  /** Per marker: every published template's share of the split within ±1.5 points, and no other template. */
  private static void assertFrequencies(List<GrammarExample> split, List<PublishedDistribution.Entry> rows, Grammar.Mode mode) {
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    Map<String, Integer> perMarker = new HashMap<>();
    for (GrammarExample e : split) {
      counts.computeIfAbsent(e.task(), k -> new HashMap<>()).merge(Template.categoriesOf(e.input(), mode), 1, Integer::sum);
      perMarker.merge(e.task(), 1, Integer::sum);
    }
    Set<String> published = new HashSet<>();
    for (PublishedDistribution.Entry row : rows) {
      published.add(row.marker() + "|" + row.template().categories());
      int n = counts.getOrDefault(row.marker(), Map.of()).getOrDefault(row.template().categories(), 0);
      double share = (double) n / perMarker.getOrDefault(row.marker(), 1);
      assertThat(share).as(row.file() + " " + row.marker() + " " + row.template().categories()).isCloseTo(row.frequency(),
          org.assertj.core.data.Offset.offset(TOLERANCE));
    }
    counts.forEach((marker, byTemplate) -> byTemplate.keySet().forEach(
        tpl -> assertThat(published).as("generated template not in the published file").contains(marker + "|" + tpl)));
  }
}
