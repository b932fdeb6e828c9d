package phaselab.engine.nn;

import phaselab.engine.model.DecoderLM;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.model.Mlp;
import phaselab.engine.model.Cnn;
import phaselab.engine.model.TransformerConfig;

import static phaselab.engine.autograd.GradCheck.randn;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.engine.autograd.AttentionMask;
import phaselab.engine.autograd.GradCheck;
import phaselab.engine.autograd.Losses;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/** A gradient check through every module, with respect to its input and all its parameters. */
class ModulesGradTest {
  private final GradCheck gc = GradCheck.defaults().tolerance(5e-3, 3e-2).maxPerInput(24);

  private static void randomize(Module m, long seed, float scale) {
    RngStream r = new RngStream(seed, "modules-test");
    for (Tensor p : m.namedParameters().values()) {
      for (int i = 0; i < p.size(); i++) {
        p.data[i] += (float) (scale * r.nextGaussian());
      }
    }
  }

  private static List<Tensor> with(Tensor x, Module m) {
    List<Tensor> l = new ArrayList<>();
    if (x != null) {
      l.add(x);
    }
    l.addAll(m.namedParameters().values());
    return l;
  }

  @Test
  void linearEmbeddingLayerNorm() {
    Linear lin = new Linear(6, 4, true);
    randomize(lin, 1, 0.5f);
    Tensor x = randn("x", 2, 1f, 3, 6);
    gc.check(() -> lin.forward(x), with(x, lin));
    LayerNorm ln = new LayerNorm(6, 1e-5f);
    randomize(ln, 3, 0.3f);
    gc.check(() -> ln.forward(x), with(x, ln));
    Embedding emb = new Embedding(9, 5);
    randomize(emb, 4, 1f);
    gc.check(() -> emb.forward(new int[] {1, 8, 1, 0}, 2, 2), with(null, emb));
  }

  @Test
  void attentionAndFeedForward() {
    MultiHeadAttention attn = new MultiHeadAttention(8, 2);
    randomize(attn, 5, 0.4f);
    Tensor x = randn("x", 6, 1f, 2, 4, 8);
    gc.check(() -> attn.forward(x, AttentionMask.causal(2, 4), Dropout.EVAL), with(x, attn));
    for (FeedForward.Activation a : FeedForward.Activation.values()) {
      FeedForward ff = new FeedForward(8, 12, a);
      randomize(ff, 7, 0.4f);
      gc.check(() -> ff.forward(x), with(x, ff));
    }
  }

  @Test
  void transformerBlocksPreAndPostLn() {
    for (boolean preLn : new boolean[] {true, false}) {
      TransformerBlock block = new TransformerBlock(8, 2, 16, FeedForward.Activation.GELU, preLn, 1e-5f);
      randomize(block, 8, 0.3f);
      Tensor x = randn("x", 9, 1f, 2, 3, 8);
      gc.check(() -> block.forward(x, AttentionMask.none(2, 3), Dropout.EVAL), with(x, block));
    }
  }

  @Test
  void decoderLmLossAllVariants() {
    int[] ids = {1, 4, 2, 0, 3, 3, 1, 2};
    int[] targets = {4, 2, 0, 3, 3, 1, 2, 4};
    for (TransformerConfig.Positions pos : TransformerConfig.Positions.values()) {
      for (boolean tied : new boolean[] {true, false}) {
        TransformerConfig c = TransformerConfig.builder(5, 8, 2, 16, 2, 6).positions(pos).tiedOutput(tied)
            .embedScale(tied).preLn(!tied).build();
        DecoderLM lm = new DecoderLM(c).initialize(new RngStream(10, "init"));
        randomize(lm, 11, 0.2f);
        gc.check(() -> Losses.crossEntropy(lm.forward(ids, 2, 4, Dropout.EVAL), targets, -100, 0f), with(null, lm));
      }
    }
  }

  /**
   * Murty et al.'s layers: no attention biases, a biased output map, dropout inside the FFN (the
   * same masks at every evaluation: a fresh stream of one seed each time), Xavier initialisation.
   */
  @Test
  void decoderLmWithTheReferenceLayers() {
    int[] ids = {1, 4, 2, 0, 3, 3, 1, 2};
    int[] targets = {4, 2, 0, 3, 3, 1, 2, 4};
    TransformerConfig c = TransformerConfig.builder(5, 8, 2, 16, 2, 6).activation(FeedForward.Activation.RELU)
        .positions(TransformerConfig.Positions.SINUSOIDAL).embedScale(true).dropout(0.1f)
        .attentionBias(false).outputBias(true).ffnDropout(true).init(TransformerConfig.InitScheme.XAVIER).build();
    DecoderLM lm = new DecoderLM(c).initialize(new RngStream(10, "init"));
    org.assertj.core.api.Assertions.assertThat(lm.namedParameters()).doesNotContainKey("blocks.0.attn.query.bias")
        .containsKey("unembed.bias");
    randomize(lm, 11, 0.1f);
    gc.eps(1e-3).tolerance(5e-3, 5e-2).check(() -> Losses.crossEntropy(lm.forward(ids, 2, 4,
        new Dropout(0.1f, new RngStream(3, "dropout"))), targets, -100, 0f), with(null, lm));
  }

  @Test
  void bertEncoderMlmAndClassifier() {
    TransformerConfig c = TransformerConfig.encoder(7, 8, 2, 16, 1, 6).toBuilder().lnEps(1e-5f).build();
    BertEncoder bert = new BertEncoder(c, 2, 3).initialize(new RngStream(12, "init"));
    randomize(bert, 13, 0.2f);
    int[] ids = {1, 5, 6, 2, 0, 3, 4, 4};
    int[] seg = {0, 0, 1, 1, 0, 0, 1, 1};
    boolean[] valid = {true, true, true, false, true, true, true, true};
    gc.check(() -> Losses.crossEntropy(bert.mlmLogits(bert.encode(ids, seg, valid, 2, 4, Dropout.EVAL), new int[] {1, 5, 6}),
        new int[] {2, 6, 0}, -100, 0f), with(null, bert));
    gc.check(() -> Losses.crossEntropy(bert.classify(bert.encode(ids, seg, valid, 2, 4, Dropout.EVAL), new int[] {0, 2, 1, 3}),
        new int[] {2, 0}, -100, 0.1f), with(null, bert));
  }

  @Test
  void conv2dModule() {
    Conv2d conv = new Conv2d(2, 3, 3, 1, 1, true).initialize(new RngStream(17, "init"));
    Tensor x = randn("x", 18, 1f, 2, 2, 5, 4);
    gc.check(() -> conv.forward(x), with(x, conv));
    org.assertj.core.api.Assertions.assertThat(conv.namedParameters()).containsKeys("weight", "bias");
  }

  @Test
  void cnnClassifier() {
    Cnn cnn = new Cnn(1, 6, 6, new int[] {2, 3}, 4, true).initialize(new RngStream(19, "init"));
    Tensor x = randn("x", 21, 1f, 3, 36);
    // (with seed 20 a max-pool switch lies within ε = 1e-3 of the point: the numeric gradient straddles the kink)
    gc.eps(1e-3).tolerance(5e-3, 5e-2).check(() -> Losses.crossEntropy(cnn.forward(x), new int[] {0, 3, 1}, -100, 0f), with(x, cnn));
    org.assertj.core.api.Assertions.assertThat(cnn.namedHooks()).containsKeys("convs.0.post", "convs.1.pool", "output_logits");
  }

  @Test
  void mlpReluAndDeepLinear() {
    Tensor x = randn("x", 14, 1f, 5, 4);
    Mlp relu = new Mlp(new int[] {4, 7, 6, 3}, true, FeedForward.Activation.RELU).initialize(new RngStream(15, "init"), 1.0);
    gc.eps(1e-3).tolerance(5e-3, 5e-2).check(() -> relu.forward(x), with(x, relu));
    Mlp linear = new Mlp(new int[] {4, 5, 5, 2}, false, FeedForward.Activation.IDENTITY).initialize(new RngStream(16, "init"), 1.0);
    gc.check(() -> linear.forward(x), with(x, linear));
  }
}
