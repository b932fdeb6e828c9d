package phaselab.lab.probe.patching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.model.TransformerConfig;
import phaselab.engine.rng.RngStream;

/**
 * Activation patching where the answer is known exactly, on any model: clean and corrupted inputs
 * differ in one token (position 1). Patching the residual stream entering the first block at that
 * position turns the corrupted run into the clean one bit for bit (recovered exactly 1); patching
 * it at any other position copies identical values (exactly 0); and under the causal mask position
 * 0 never sees position 1, so patching it recovers exactly 0 at every layer.
 */
class ActivationPatchingTest {
  @ParameterizedTest(name = "preLn={0}")
  @ValueSource(booleans = {false, true})
  void knownAnswersOfOneCorruptedPosition(boolean preLn) {
    TransformerConfig c = TransformerConfig.decoder(12, 16, 4, 32, 3, 8).toBuilder().preLn(preLn).build();
    DecoderLM model = new DecoderLM(c).initialize(new RngStream(3, "init"));
    int[] clean = {1, 5, 7, 9, 4};
    int[] corrupted = {1, 6, 7, 9, 4};
    ActivationPatching p = ActivationPatching.run(model, clean, corrupted, 4, 3, 8);
    assertThat(p.clean()).isNotEqualTo(p.corrupted());
    assertThat(p.residual()[0]).containsExactly(0.0, 1.0, 0.0, 0.0, 0.0);
    for (int l = 0; l < 3; l++) {
      assertThat(p.residual()[l][0]).as("layer %d, position 0", l).isEqualTo(0.0);
    }
    assertThat(p.heads()).hasDimensions(3, 4);
    for (double[] row : p.heads()) {
      for (double v : row) {
        assertThat(v).isFinite();
      }
    }
    // deterministic: the same numbers again
    ActivationPatching again = ActivationPatching.run(model, clean, corrupted, 4, 3, 8);
    for (int l = 0; l < 3; l++) {
      assertThat(again.residual()[l]).containsExactly(p.residual()[l]);
      assertThat(again.heads()[l]).containsExactly(p.heads()[l]);
    }
  }
}
