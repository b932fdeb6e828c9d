package phaselab.engine.nn;

import phaselab.engine.model.DecoderLM;
import phaselab.engine.model.TransformerConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/**
 * The initial weight norm of the grokking paper configuration (6 layers, d 512, FFN 2048, ReLU,
 * untied with a biased output map, no attention biases) against the value Murty et al.'s
 * initialisers give, computed analytically: a U(±b) entry has E x² = b²/3, so a Xavier-uniform
 * (out × in) matrix with gain g has E‖W‖² = g²·2·in·out/(in + out) and a PyTorch-default bias of
 * fan-in n has E‖b‖² = out/(3n). LayerNorm γ = 1 adds C per norm.
 */
class ReferenceInitTest {
  @Test
  void paperConfigStartsAtTheReferenceWeightNorm() {
    int v = 40;
    int c = 512;
    int f = 2048;
    int layers = 6;
    TransformerConfig config = TransformerConfig.builder(v, c, 8, f, layers, 48).activation(FeedForward.Activation.RELU)
        .positions(TransformerConfig.Positions.SINUSOIDAL).embedScale(true).dropout(0.1f).attentionBias(false).outputBias(true).ffnDropout(true)
        .init(TransformerConfig.InitScheme.XAVIER).build();
    DecoderLM lm = new DecoderLM(config).initialize(new RngStream(1, "init")).xavierEmbeddings(new RngStream(1, "init/embed"));
    double sq = 0;
    for (Tensor p : lm.namedParameters().values()) {
      for (float x : p.data) {
        sq += (double) x * x;
      }
    }
    double xavierSquare = 2.0 * c * c / (2 * c); // one C × C projection
    double perLayer = 4 * xavierSquare // q, k, v, o
        + 2.0 * 2 * c * f / (c + f) + f / (3.0 * c) // first FFN matrix (gain² = 2) and its bias
        + 2.0 * c * f / (c + f) + c / (3.0 * f) // second FFN matrix and its bias
        + 2.0 * c; // two LayerNorm γ
    double expected = 2 * (2.0 * v * c / (v + c)) // token embedding and output map
        + v / (3.0 * c) // output bias
        + layers * perLayer;
    assertThat(sq).isCloseTo(expected, withPercentage(0.5));
    // phaselab's N(0, 0.02) blocks start about 1.5x lower in norm
    DecoderLM normal = new DecoderLM(config.toBuilder().attentionBias(true).outputBias(false).ffnDropout(false)
        .init(TransformerConfig.InitScheme.NORMAL).build())
        .initialize(new RngStream(1, "init"));
    double normalSq = 0;
    for (Tensor p : normal.namedParameters().values()) {
      for (float x : p.data) {
        normalSq += (double) x * x;
      }
    }
    assertThat(Math.sqrt(sq / normalSq)).isGreaterThan(1.3);
  }
}
