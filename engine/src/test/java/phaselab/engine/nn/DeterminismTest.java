package phaselab.engine.nn;

import phaselab.engine.model.DecoderLM;
import phaselab.engine.model.TransformerConfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import phaselab.engine.autograd.Losses;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.autograd.Tape;
import phaselab.engine.optim.AdamW;
import phaselab.engine.optim.GradClip;
import phaselab.engine.optim.Optimizer;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.Tensor;

/** Same seed ⇒ same bits; 1 thread vs 2 threads ⇒ same bits; micro-batches accumulate. */
class DeterminismTest {
  @AfterEach
  void restore() {
    Parallel.setThreads(2);
  }

  /** Trains a small decoder for a few AdamW steps and returns all parameters. */
  static float[][] train(long seed, int threads, int microBatches, float dropoutP) {
    Parallel.setThreads(threads);
    TransformerConfig c = TransformerConfig.decoder(17, 32, 4, 64, 2, 24).toBuilder().dropout(dropoutP).build();
    DecoderLM lm = new DecoderLM(c).initialize(new RngStream(seed, "init"));
    RngStream data = new RngStream(seed, "data");
    RngStream dropout = new RngStream(seed, "dropout");
    Map<String, Tensor> params = lm.namedParameters();
    Optimizer opt = new AdamW(params, 0.9f, 0.999f, 1e-8f, 0.01f, Optimizer.decayMatrices(params));
    int b = 8;
    int t = 24;
    for (int step = 0; step < 4; step++) {
      lm.zeroGrad();
      int[] ids = new int[b * t];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = data.nextInt(17);
      }
      int[] allTargets = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        allTargets[i] = ids[(i + 1) % ids.length];
      }
      int mb = b / microBatches;
      for (int m = 0; m < microBatches; m++) {
        int[] part = java.util.Arrays.copyOfRange(ids, m * mb * t, (m + 1) * mb * t);
        int[] targets = java.util.Arrays.copyOfRange(allTargets, m * mb * t, (m + 1) * mb * t);
        Tensor logits = lm.forward(part, mb, t, new Dropout(dropoutP, dropout));
        Tensor loss = Losses.crossEntropy(Pointwise.reshape(logits, mb * t, 17), targets, -100, 0f);
        Tape.backward(Pointwise.scale(loss, 1f / microBatches));
      }
      GradClip.clip(params.values(), 1.0);
      opt.step(1e-3f);
    }
    return params.values().stream().map(p -> p.data.clone()).toArray(float[][]::new);
  }

  @Test
  void sameSeedSameBitsAndThreadCountDoesNotMatter() {
    float[][] a = train(42, 1, 1, 0.1f);
    float[][] b = train(42, 1, 1, 0.1f);
    float[][] c = train(42, 2, 1, 0.1f);
    float[][] d = train(43, 2, 1, 0.1f);
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i]).containsExactly(a[i]);
      assertThat(c[i]).as("parameter %d, 1 vs 2 threads", i).containsExactly(a[i]);
    }
    assertThat(d[0]).isNotEqualTo(a[0]);
  }

  /** Without dropout (whose masks are drawn per micro-batch), two halves add up to the whole. */
  @Test
  void microBatchesAccumulateToTheFullBatchGradient() {
    float[][] full = train(5, 2, 1, 0f);
    float[][] split = train(5, 2, 2, 0f);
    for (int i = 0; i < full.length; i++) {
      for (int j = 0; j < full[i].length; j++) {
        assertThat(split[i][j]).isCloseTo(full[i][j], org.assertj.core.data.Offset.offset(2e-4f));
      }
    }
  }
}
