package phaselab.lab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.train.Batch;

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
    assertThat(AttentionSparsityProbe.negativeMeanEntropy(uniform, b, 0, 1)).isCloseTo(-Math.log(t), offset(1e-6));
    assertThat(AttentionSparsityProbe.negativeMeanEntropy(oneHot, b, 0, 1)).isEqualTo(0.0);
  }
}
