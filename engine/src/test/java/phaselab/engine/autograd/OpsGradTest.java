package phaselab.engine.autograd;

import static phaselab.engine.autograd.GradCheck.randn;

import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/** A gradient check for every differentiable op. */
class OpsGradTest {
  private final GradCheck gc = GradCheck.defaults();

  @Test
  void linear() {
    Tensor x = randn("x", 1, 1f, 2, 3, 5);
    Tensor w = randn("w", 2, 0.5f, 7, 5);
    Tensor b = randn("b", 3, 0.5f, 7);
    gc.check(() -> Linalg.linear(x, w, b), List.of(x, w, b));
  }

  @Test
  void linearWithoutBiasOddSizes() {
    Tensor x = randn("x", 4, 1f, 37, 19);
    Tensor w = randn("w", 5, 0.3f, 41, 19);
    gc.check(() -> Linalg.linear(x, w, null), List.of(x, w));
  }

  @Test
  void matmul() {
    Tensor a = randn("a", 6, 1f, 9, 13);
    Tensor b = randn("b", 7, 1f, 13, 35);
    gc.check(() -> Linalg.matmul(a, b), List.of(a, b));
  }

  @Test
  void addMulScale() {
    Tensor a = randn("a", 8, 1f, 4, 6);
    Tensor b = randn("b", 9, 1f, 4, 6);
    gc.check(() -> Pointwise.add(a, b), List.of(a, b));
    gc.check(() -> Pointwise.mul(a, b), List.of(a, b));
    gc.check(() -> Pointwise.scale(a, -2.5f), List.of(a));
  }

  @Test
  void addBroadcast() {
    Tensor x = randn("x", 10, 1f, 3, 4, 6);
    Tensor r = randn("r", 11, 1f, 4, 6);
    gc.check(() -> Pointwise.addBroadcast(x, r), List.of(x, r));
  }

  @Test
  void activations() {
    Tensor x = randn("x", 12, 1.5f, 5, 21);
    gc.check(() -> Pointwise.gelu(x), List.of(x));
    gc.check(() -> Pointwise.geluExact(x), List.of(x));
    // keep ReLU inputs away from the kink, where a central difference is meaningless
    for (int i = 0; i < x.size(); i++) {
      if (Math.abs(x.data[i]) < 0.05f) {
        x.data[i] = 0.5f;
      }
    }
    gc.check(() -> Pointwise.relu(x), List.of(x));
  }

  @Test
  void dropoutWithFixedStream() {
    Tensor x = randn("x", 13, 1f, 6, 10);
    gc.check(() -> Pointwise.dropout(x, 0.3f, new RngStream(5, "dropout")), List.of(x));
  }

  @Test
  void reshapeSumMean() {
    Tensor x = randn("x", 14, 1f, 2, 3, 4);
    gc.check(() -> Pointwise.reshape(x, 6, 4), List.of(x));
    gc.check(() -> Pointwise.sum(x), List.of(x));
    gc.check(() -> Pointwise.mean(x), List.of(x));
  }

  @Test
  void layerNorm() {
    Tensor x = randn("x", 15, 2f, 3, 5, 17);
    Tensor g = randn("gamma", 16, 1f, 17);
    Tensor b = randn("beta", 17, 1f, 17);
    gc.tolerance(5e-3, 3e-2).check(() -> Norms.layerNorm(x, g, b, 1e-5f), List.of(x, g, b));
  }

  @Test
  void softmax() {
    Tensor x = randn("x", 18, 2f, 4, 19);
    gc.check(() -> Softmax.softmax(x), List.of(x));
  }

  @Test
  void embeddingAndRows() {
    Tensor table = randn("table", 19, 1f, 11, 6);
    int[] ids = {3, 0, 3, 10, 7, 7};
    gc.check(() -> Gather.embedding(table, ids, 2, 3), List.of(table));
    Tensor x = randn("x", 20, 1f, 5, 6);
    gc.check(() -> Gather.rows(x, new int[] {4, 1, 4}), List.of(x));
  }

  @Test
  void crossEntropyPlainIgnoreAndSmoothing() {
    Tensor logits = randn("logits", 21, 2f, 6, 9);
    int[] targets = {1, -100, 8, 0, 4, -100};
    gc.check(() -> Losses.crossEntropy(logits, targets, -100, 0f), List.of(logits));
    gc.check(() -> Losses.crossEntropy(logits, targets, -100, 0.1f), List.of(logits));
  }

  @Test
  void mse() {
    Tensor p = randn("p", 22, 1f, 5, 3);
    Tensor t = randn("t", 23, 1f, 5, 3);
    gc.check(() -> Losses.mse(p, t), List.of(p, t));
  }

  @Test
  void attentionWithCausalPaddingAndArbitraryMasks() {
    int b = 2;
    int t = 5;
    int heads = 2;
    Tensor q = randn("q", 24, 1f, b, t, 8);
    Tensor k = randn("k", 25, 1f, b, t, 8);
    Tensor v = randn("v", 26, 1f, b, t, 8);
    boolean[] valid = new boolean[b * t];
    java.util.Arrays.fill(valid, true);
    valid[b * t - 1] = false; // last key of the second sequence is padding
    boolean[] allowed = new boolean[b * t * t];
    for (int i = 0; i < allowed.length; i++) {
      allowed[i] = (i % 3) != 1 || (i % t) == 0; // irregular, key 0 always allowed
    }
    for (AttentionMask mask : List.of(AttentionMask.none(b, t), AttentionMask.causal(b, t),
        AttentionMask.none(b, t).withKeyValid(valid), AttentionMask.causal(b, t).withAllowed(allowed))) {
      gc.check(() -> AttentionOps.mix(Softmax.softmax(AttentionOps.scores(q, k, heads, 0.35f, mask)), v, heads), List.of(q, k, v));
    }
  }
}
