package phaselab.lab.task.dyck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;

/** Properties of the Dyck-(k, m) generator and its structural split (docs/research.md C.1). */
class DyckTaskTest {
  static DyckTask task(int k, int m, int train, int val, int ood, String... extra) {
    List<String> sets = new java.util.ArrayList<>(List.of("task.k=" + k, "task.m=" + m, "task.train_size=" + train,
        "task.val_size=" + val, "task.ood_size=" + ood));
    sets.addAll(List.of(extra));
    ExperimentConfig c = ConfigLoader.parse("{}", "t", sets, "test");
    return new DyckTask((phaselab.lab.config.DyckConfig) c.task(), 7);
  }

  @Test
  void anEndBeforeTheMinimumLengthIsDrawnAgain() {
    DyckSampler s = new DyckSampler(1, 10, 1000);
    RngStream r = new RngStream(5, "t");
    int n = 40_000;
    double four = 0;
    for (int i = 0; i < n; i++) {
      int[] x = s.sample(r);
      assertThat(x.length).isGreaterThanOrEqualTo(DyckSampler.MIN_LEN);
      four += x.length == 4 ? 1 : 0;
    }
    // k = 1: "()()" = close ½, (END re-drawn: open), close ½, END ½ = 1/8; "(())" = open ½, close ½,
    // close ½, END ½ = 1/16; together 3/16. Rejecting strings shorter than 4 would give 1/6.
    assertThat(four / n).isCloseTo(3 / 16.0, org.assertj.core.data.Offset.offset(0.008));
  }

  @Test
  void theHashedSplitIsKeptBehindAConfigValue() {
    DyckTask t = task(5, 6, 2000, 100, 100, "task.split=hashed");
    for (int[] seq : t.train()) {
      assertThat(t.hasHeldOut(DyckTask.unwrap(seq))).isFalse();
    }
    for (int[] seq : t.evalSets().get("ood")) {
      assertThat(t.hasHeldOut(DyckTask.unwrap(seq))).isTrue();
    }
    assertThatThrownBy(() -> task(5, 6, 100, 10, 10, "task.holdout_every=4")).hasMessageContaining("holdout_every");
  }

  @Test
  void samplerFollowsTheSpec() {
    DyckSampler s = new DyckSampler(3, 4, 200);
    RngStream r = new RngStream(1, "test");
    int maxDepthSeen = 0;
    for (int i = 0; i < 5000; i++) {
      int[] x = s.sample(r);
      assertThat(s.isValid(x)).isTrue();
      assertThat(x.length).isGreaterThanOrEqualTo(4).isEven();
      int d = 0;
      for (int c : x) {
        d += c < 3 ? 1 : -1;
        maxDepthSeen = Math.max(maxDepthSeen, d);
      }
    }
    assertThat(maxDepthSeen).isEqualTo(4); // the bound is reached, never exceeded
    assertThat(s.isValid(new int[] {0, 1, 4, 3})).isTrue(); // ( [ ] )
    assertThat(s.isValid(new int[] {0, 1, 3, 4})).isFalse(); // crossed
    assertThat(s.isValid(new int[] {0, 0, 0, 0, 0, 3, 3, 3, 3, 3})).isFalse(); // depth 5 > 4
    assertThat(s.segmentPatterns(new int[] {0, 1, 4, 3, 2, 5})).containsExactly("1100", "10");
  }

  @Test
  void splitsHoldTheirDefiningProperties() {
    DyckTask t = task(5, 6, 4000, 300, 300);
    DyckSampler s = t.sampler();
    Set<String> trainPatterns = new HashSet<>();
    Set<String> trainStrings = new HashSet<>();
    for (int[] seq : t.train()) {
      int[] x = DyckTask.unwrap(seq);
      assertThat(s.isValid(x)).isTrue();
      trainPatterns.addAll(s.segmentPatterns(x));
      trainStrings.add(java.util.Arrays.toString(x));
    }
    assertThat(t.evalSets().get("id")).hasSize(300);
    assertThat(t.evalSets().get("ood")).hasSize(300);
    for (int[] seq : t.evalSets().get("id")) {
      int[] x = DyckTask.unwrap(seq);
      assertThat(trainStrings).doesNotContain(java.util.Arrays.toString(x));
      assertThat(trainPatterns).containsAll(s.segmentPatterns(x)); // seen structures only
    }
    for (int[] seq : t.evalSets().get("ood")) {
      int[] x = DyckTask.unwrap(seq);
      assertThat(s.isValid(x)).isTrue();
      assertThat(s.segmentPatterns(x)).anyMatch(p -> !trainPatterns.contains(p)); // an unseen structure
    }
  }

  @Test
  void sameSeedSameDataAndTextRoundTrip() {
    DyckTask a = task(4, 5, 500, 50, 50);
    DyckTask b = task(4, 5, 500, 50, 50);
    for (int i = 0; i < 500; i++) {
      assertThat(b.train().get(i)).containsExactly(a.train().get(i));
    }
    int[] seq = a.train().get(3);
    String line = a.formatLine(seq);
    assertThat(line).matches("([()]\\d+ ?)+");
    assertThat(a.parseLine(line)).containsExactly(seq);
    assertThatThrownBy(() -> a.parseLine("(0 )1")).hasMessageContaining("not a Dyck");
    assertThatThrownBy(() -> a.parseLine("(9 )9")).hasMessageContaining("type must be in 0..3");
  }

  @Test
  void closingAccuracyCountsEveryCloserAndTheFarOnes() {
    DyckTask t = task(2, 12, 10, 5, 5);
    // a short string, and one whose last closer is far (11 tokens) from its opener
    int[] shortSeq = t.parseLine("(0 (1 )1 )0");
    StringBuilder far = new StringBuilder("(0");
    for (int i = 0; i < 5; i++) {
      far.append(" (1 )1");
    }
    far.append(" )0"); // opener of the last closer is 11 tokens back
    int[] farSeq = t.parseLine(far.toString());
    java.util.List<int[]> batch = java.util.List.of(shortSeq, farSeq);
    phaselab.lab.task.Batch b = phaselab.lab.task.Batch.of(batch);
    int v = t.vocabSize();
    phaselab.engine.tensor.Tensor logits = phaselab.engine.tensor.Tensor.zeros("logits", b.size(), b.seq(), v);
    for (int i = 0; i < b.size(); i++) {
      int[] seq = batch.get(i);
      for (int p = 0; p + 1 < seq.length; p++) {
        logits.data[(i * b.seq() + p) * v + seq[p + 1]] = 5f; // a perfect model
      }
    }
    java.util.Map<String, long[]> counts = new java.util.HashMap<>();
    t.score(batch, logits, counts);
    assertThat(counts.get("closing_acc")).containsExactly(2 + 6, 2 + 6);
    assertThat(counts.get("closing_acc_far")).containsExactly(1, 1);
    java.util.Arrays.fill(logits.data, 0f);
    for (int i = 0; i < b.size(); i++) {
      for (int p = 0; p < b.seq(); p++) {
        logits.data[(i * b.seq() + p) * v + DyckTask.OFFSET + 2] = 5f; // always predicts )0
      }
    }
    counts.clear();
    t.score(batch, logits, counts);
    assertThat(counts.get("closing_acc")).containsExactly(2, 8); // only the two )0 closers are right
  }
}
