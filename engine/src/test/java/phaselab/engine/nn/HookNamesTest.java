package phaselab.engine.nn;

import phaselab.engine.model.DecoderLM;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.model.TransformerConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.engine.autograd.Losses;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.autograd.Tape;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/** Hook names are a contract (pinned here), and hooks read, replace and see gradients. */
class HookNamesTest {
  static final List<String> BLOCK_POST_LN = List.of("resid_pre", "attn.q", "attn.k", "attn.v", "attn.scores",
      "attn.pattern", "attn.z", "attn.out", "resid_mid", "ln1", "mlp.pre", "mlp.post", "mlp.out", "resid_post", "ln2");
  static final List<String> BLOCK_PRE_LN = List.of("resid_pre", "ln1", "attn.q", "attn.k", "attn.v", "attn.scores",
      "attn.pattern", "attn.z", "attn.out", "resid_mid", "ln2", "mlp.pre", "mlp.post", "mlp.out", "resid_post");

  private static List<String> block(List<String> names) {
    return names.stream().map(n -> "blocks.0." + n).toList();
  }

  @Test
  void oneLayerEncoderNames() {
    BertEncoder bert = new BertEncoder(TransformerConfig.encoder(10, 8, 2, 16, 1, 8), 1, 3);
    List<String> expected = new ArrayList<>(List.of("embed", "pos_embed", "seg_embed", "embed_ln"));
    expected.addAll(block(BLOCK_POST_LN));
    expected.addAll(List.of("mlm.transform", "mlm.ln", "logits", "cls.pooled", "cls.logits"));
    assertThat(bert.hooks().names()).containsExactlyElementsOf(expected);
  }

  @Test
  void oneLayerDecoderNames() {
    DecoderLM post = new DecoderLM(TransformerConfig.decoder(10, 8, 2, 16, 1, 8));
    List<String> expected = new ArrayList<>(List.of("embed", "pos_embed"));
    expected.addAll(block(BLOCK_POST_LN));
    expected.add("logits");
    assertThat(post.hooks().names()).containsExactlyElementsOf(expected);
    DecoderLM pre = new DecoderLM(TransformerConfig.decoder(10, 8, 2, 16, 1, 8).toBuilder().preLn(true).build());
    List<String> expectedPre = new ArrayList<>(List.of("embed", "pos_embed"));
    expectedPre.addAll(block(BLOCK_PRE_LN));
    expectedPre.addAll(List.of("final_ln", "logits"));
    assertThat(pre.hooks().names()).containsExactlyElementsOf(expectedPre);
  }

  @Test
  void parameterNamesMatchThePyTorchTwin() {
    DecoderLM lm = new DecoderLM(TransformerConfig.decoder(10, 8, 2, 16, 1, 8));
    assertThat(lm.namedParameters().keySet()).containsExactly("embed.weight", "pos_embed.weight",
        "blocks.0.attn.query.weight", "blocks.0.attn.query.bias", "blocks.0.attn.key.weight", "blocks.0.attn.key.bias",
        "blocks.0.attn.value.weight", "blocks.0.attn.value.bias", "blocks.0.attn.proj.weight", "blocks.0.attn.proj.bias",
        "blocks.0.ln1.weight", "blocks.0.ln1.bias", "blocks.0.mlp.fc_in.weight", "blocks.0.mlp.fc_in.bias",
        "blocks.0.mlp.fc_out.weight", "blocks.0.mlp.fc_out.bias", "blocks.0.ln2.weight", "blocks.0.ln2.bias",
        "unembed.weight");
  }

  @Test
  void cacheReplaceAndGradientHooks() {
    DecoderLM lm = new DecoderLM(TransformerConfig.decoder(6, 8, 2, 16, 1, 8)).initialize(new RngStream(1, "init"));
    int[] ids = {1, 2, 3, 4, 5, 0};
    Tensor base;
    try (Hooks hooks = lm.hooks()) {
      ActivationCache cache = hooks.cache(n -> n.endsWith("attn.pattern") || n.equals("logits"));
      base = lm.forward(ids, 2, 3, Dropout.EVAL);
      assertThat(cache.names()).containsExactly("blocks.0.attn.pattern", "logits");
      Tensor pattern = cache.get("blocks.0.attn.pattern");
      assertThat(pattern.shape()).containsExactly(2, 2, 3, 3);
      for (int row = 0; row < 2 * 2 * 3; row++) { // causal rows sum to 1, future is 0
        float s = 0;
        for (int j = 0; j < 3; j++) {
          s += pattern.data[row * 3 + j];
        }
        assertThat(s).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(pattern.data[(row / 3) * 9 + 2]).isEqualTo(0f); // query 0 never sees key 2
      }
    }
    // silence every node of z: the attention path contributes only its output bias
    try (Hooks hooks = lm.hooks()) {
      hooks.forward("blocks.0.attn.z", (n, z) -> Pointwise.scale(z, 0f));
      Tensor silenced = lm.forward(ids, 2, 3, Dropout.EVAL);
      assertThat(silenced.data).isNotEqualTo(base.data);
    }
    Tensor again = lm.forward(ids, 2, 3, Dropout.EVAL);
    assertThat(again.data).containsExactly(base.data); // hooks were removed on close
    float[][] seen = new float[1][];
    try (Hooks hooks = lm.hooks()) {
      hooks.backward("blocks.0.mlp.post", t -> seen[0] = t.grad().clone());
      Tape.backward(Losses.crossEntropy(lm.forward(ids, 2, 3, Dropout.EVAL), new int[] {2, 3, 4, 5, 0, 1}, -1, 0f));
    }
    assertThat(seen[0]).hasSize(2 * 3 * 16);
    double norm = 0;
    for (float g : seen[0]) {
      norm += g * g;
    }
    assertThat(norm).isGreaterThan(0);
    assertThatThrownBy(() -> lm.hooks().forward("blocks.9.attn.z", (n, z) -> z))
        .hasMessageContaining("no hook point named 'blocks.9.attn.z'");
  }
}
