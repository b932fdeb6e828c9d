package phaselab.lab.suite.grokking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.model.TransformerConfig;
import phaselab.engine.rng.RngStream;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.task.grammar.GrammarTask;

class TreeProjectionTest {
  @Test
  void decoderFindsTheBestTreeOfAHandMadeChart() {
    double[][] s = new double[4][4];
    s[0][1] = 1; // ((w0 w1) (w2 w3)) is the only tree with two high-scoring constituents
    s[2][3] = 1;
    s[1][3] = 0.4;
    s[0][2] = 0.3;
    TreeProjection.Projection p = TreeProjection.decode(s);
    assertThat(p.spans()).containsExactlyInAnyOrder(List.of(0, 3), List.of(0, 1), List.of(2, 3));
    assertThat(p.sci()).isEqualTo(2.0); // root split 1+1, then two splits of single words (0)
  }

  @Test
  void tscoreSubtractsARandomSplitOfTheSameSpanAtEveryNode() {
    // a causal chart: every span starting at word 0 scores 1
    double[][] s = new double[3][3];
    s[0][0] = s[0][1] = s[0][2] = 1;
    s[1][1] = s[2][2] = 0.5;
    s[1][2] = 0.2;
    TreeProjection.Projection p = TreeProjection.decode(s);
    // root: split after 0 gives 1 + 0.2 = 1.2, after 1 gives 1 + 0.5 = 1.5 -> ((w0 w1) w2); (w0 w1): 1 + 0.5
    assertThat(p.nodes()).hasSize(2);
    assertThat(p.nodes().get(0)).containsExactly(0, 1, 2);
    assertThat(p.sci()).isCloseTo(3.0, offset(1e-12));
    // per node (reference): root 1.5 − (1.2 or 1.5), the two-word node 1.5 − 1.5 (its only split)
    for (int seed = 0; seed < 20; seed++) {
      int r = new RngStream(seed, "t").nextInt(2); // the root's draw comes first (pre-order)
      assertThat(TreeProjection.normalisedSci(s, p, new RngStream(seed, "t"))).isCloseTo(r == 0 ? 0.3 : 0.0, offset(1e-12));
    }
    double mean = 0;
    for (int seed = 0; seed < 4000; seed++) {
      mean += TreeProjection.normalisedSci(s, p, new RngStream(seed, "t")) / 4000;
    }
    assertThat(mean).isCloseTo(0.15, offset(0.01));
    // the old baseline, SCI minus that of a separate random tree, would have had expectation
    // ½(3.0 − (1.2 + 1.0)) + ½(3.0 − 3.0) = 0.4: its free left-spine spans make it another number
    assertThat(mean).isNotCloseTo(0.4, offset(0.1));
  }

  @Test
  void bracketingF1OnKnownPairs() {
    Set<List<Integer>> pred = Set.of(List.of(0, 3), List.of(0, 1), List.of(2, 3));
    Set<List<Integer>> gold = Set.of(List.of(0, 3), List.of(1, 3), List.of(2, 3));
    long[] c = TreeProjection.bracketCounts(pred, gold);
    assertThat(c).containsExactly(2, 3, 3);
    assertThat(TreeProjection.f1(c)).isCloseTo(2.0 / 3, offset(1e-12));
    assertThat(TreeProjection.f1(TreeProjection.bracketCounts(gold, gold))).isEqualTo(1.0);
    assertThat(TreeProjection.rightBranching(4)).containsExactlyInAnyOrder(List.of(0, 3), List.of(1, 3), List.of(2, 3));
  }

  @Test
  void aModelWithoutAttentionIsPerfectlyContextFree() {
    // zero layers: every state is its own embedding + position, so ṽ = v for every span
    DecoderLM m = new DecoderLM(TransformerConfig.decoder(20, 16, 2, 32, 0, 16)).initialize(new RngStream(1, "init"));
    double[][] s = TreeProjection.spanScores(m, new int[] {5, 7, 9, 11, 13});
    for (int i = 0; i < 5; i++) {
      for (int j = i; j < 5; j++) {
        assertThat(s[i][j]).isCloseTo(1.0, offset(1e-6));
      }
    }
    assertThat(TreeProjection.decode(s).sci()).isCloseTo(2.0 * 4, offset(1e-5)); // the maximal SCI
    // with attention the contextual and context-free vectors differ for spans not starting at word 0
    DecoderLM deep = new DecoderLM(TransformerConfig.decoder(20, 16, 2, 32, 2, 16)).initialize(new RngStream(2, "init"));
    double[][] d = TreeProjection.spanScores(deep, new int[] {5, 7, 9, 11, 13});
    assertThat(d[0][4]).isCloseTo(1.0, offset(1e-6)); // the whole sentence sees exactly its own context
    assertThat(d[2][3]).isLessThan(1.0 - 1e-6);
  }

  @Test
  void onePassPerSpanStartGivesTheScoresOfOnePassPerSpan() {
    // causal attention: a span's states do not depend on where the span ends, so the fast path is exact
    DecoderLM m = new DecoderLM(TransformerConfig.decoder(20, 32, 4, 64, 3, 24)).initialize(new RngStream(7, "init"));
    int[] words = {5, 7, 9, 11, 13, 2, 19, 4, 8, 16, 3};
    double[][] fast = TreeProjection.spanScores(m, words);
    double[][] slow = TreeProjection.spanScoresPerSpan(m, words);
    int exact = 0;
    for (int i = 0; i < words.length; i++) {
      for (int j = i; j < words.length; j++) {
        assertThat(fast[i][j]).as("span %d..%d", i, j).isCloseTo(slow[i][j], offset(1e-6));
        exact += fast[i][j] == slow[i][j] ? 1 : 0;
      }
    }
    assertThat(1 - slow[2][5]).isGreaterThan(100 * Math.abs(fast[2][5] - slow[2][5]) + 1e-5); // context moves it: the check has teeth
    System.out.printf("tree projection: %d of %d span scores bit-identical between the two paths%n", exact, 66);
  }

  @Test
  void probeReportsScoresOnAGrammarTask() {
    ExperimentConfig c = ConfigLoader.parse("{}", "t", List.of("task.name=question", "task.train_size=100", "task.val_size=10",
        "task.ood_size=10", "model.width=16", "model.heads=2", "model.ffn=32", "model.max_seq=48"), "test");
    GrammarTask task = new GrammarTask((phaselab.lab.config.GrammarConfig) c.task(), 1);
    DecoderLM m = phaselab.lab.workload.Models.decoder(c, task.vocabSize());
    var r = new TreeProjectionProbe(new TreeProjectionProbe.Settings(5, 24)).measure(m, task);
    assertThat(r.keySet()).containsExactly("tscore", "tscore_se", "tscore_sentences", "tparseval", "tparseval_right_branching");
    assertThat(r.get("tscore_sentences")).isEqualTo(5.0);
    assertThat(r.get("tscore_se")).isPositive();
    assertThat(r.get("tparseval")).isBetween(0.0, 1.0);
    assertThat(r.get("tparseval_right_branching")).isBetween(0.0, 1.0);
  }

  @Test
  void probeReportsTscoreButNoTparsevalOnDyck() {
    ExperimentConfig c = ConfigLoader.parse("{}", "t", List.of("task.name=dyck", "task.k=4", "task.m=4", "task.train_size=200",
        "task.val_size=10", "task.ood_size=10", "task.max_len=30", "model.width=16", "model.heads=2", "model.ffn=32",
        "model.max_seq=32"), "test");
    var task = new phaselab.lab.task.dyck.DyckTask((phaselab.lab.config.DyckConfig) c.task(), 1);
    DecoderLM m = phaselab.lab.workload.Models.decoder(c, task.vocabSize());
    var r = new TreeProjectionProbe(new TreeProjectionProbe.Settings(4, 12)).measure(m, task);
    assertThat(r.keySet()).containsExactly("tscore", "tscore_se", "tscore_sentences");
    assertThat(r.get("tscore_sentences")).isEqualTo(4.0);
  }
}
