package phaselab.lab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.Batch;

class AttentionSparsityProbeTest {
  @Test
  void uniformAttentionHasEntropyLogNAndOneHotZero() {
    // one sequence of 4 real inputs (5 tokens), one head
    Batch b = Batch.of(List.of(new int[] {1, 4, 5, 6, 2}));
    int t = b.seq();
    Tensor uniform = Tensor.zeros("p", 1, 1, t, t);
    Tensor oneHot = Tensor.zeros("p", 1, 1, t, t);
    for (int i = 0; i < t; i++) {
      for (int j = 0; j < t; j++) {
        uniform.data[i * t + j] = 1f / t;
      }
      oneHot.data[i * t + i] = 1f;
    }
    assertThat(AttentionSparsityProbe.negativeMeanEntropy(uniform, b, 0, 1, x -> x.length - 1)).isCloseTo(-Math.log(t), offset(1e-6));
    assertThat(AttentionSparsityProbe.negativeMeanEntropy(oneHot, b, 0, 1, x -> x.length - 1)).isEqualTo(0.0);
  }

  @Test
  void theHeadlineAveragesOnlyTheInputPositions() {
    // causal rows: position i attends uniformly to 0..i, entropy log(i + 1)
    Batch b = Batch.of(List.of(new int[] {1, 4, 5, 6, 2}));
    int t = b.seq();
    Tensor causal = Tensor.zeros("p", 1, 1, t, t);
    for (int i = 0; i < t; i++) {
      for (int j = 0; j <= i; j++) {
        causal.data[i * t + j] = 1f / (i + 1);
      }
    }
    double firstTwo = -(Math.log(1) + Math.log(2)) / 2;
    assertThat(AttentionSparsityProbe.negativeMeanEntropy(causal, b, 0, 1, x -> 2)).isCloseTo(firstTwo, offset(1e-6));
    // a question-formation line: the input is [SOS] and the declarative, not ". quest" and the question
    var c = phaselab.lab.config.ConfigLoader.parse("{}", "t", List.of("task.name=question", "task.train_size=20",
        "task.val_size=5", "task.ood_size=5", "model.max_seq=48"), "test");
    var g = new phaselab.lab.task.grammar.GrammarTask((phaselab.lab.config.GrammarConfig) c.task(), 1);
    var e = g.trainExamples().get(0);
    assertThat(g.inputPositions(g.encode(e))).isEqualTo(1 + e.input().size());
  }
}
