package phaselab.lab.config;

import phaselab.engine.nn.FeedForward;
import phaselab.engine.model.TransformerConfig;
import phaselab.engine.model.TransformerConfig.Positions;

/**
 * A causal transformer language model: positions learned, sinusoidal or none; embed_scale
 * multiplies token embeddings by √width; tied shares the embedding with the output map; token
 * embeddings (and an untied output map) drawn Normal(0, 0.02) or Xavier-uniform (embed_init
 * xavier, Murty et al.). The block's details default to phaselab's original choices; Murty et al.'s code
 * differs in each (docs/structural-grokking.md): init (normal: N(0, 0.02) matrices; xavier: their
 * layers' Xavier-uniform and PyTorch-default biases), attention_bias (theirs: false), output_bias
 * (theirs: true) and ffn_dropout (dropout inside the FFN; theirs: true).
 */
public record DecoderConfig(int layers, int width, int heads, int ffn, FeedForward.Activation activation, Norm norm, Positions positions,
    boolean embedScale, boolean tied, double dropout, int maxSeq, boolean xavierEmbeddings, TransformerConfig.InitScheme init,
    boolean attentionBias, boolean outputBias, boolean ffnDropout) implements TransformerModelConfig {
  @Override
  public ModelKind kind() {
    return ModelKind.DECODER;
  }

  static DecoderConfig from(ConfigNode n) {
    Shape s = Shape.from(n);
    Positions pos = n.choice("positions", Positions.LEARNED, Positions.LEARNED, Positions.SINUSOIDAL, Positions.NONE);
    boolean scale = n.bool("embed_scale", false);
    boolean tied = n.bool("tied", false);
    double dropout = n.number("dropout", 0.0, 0.0, 0.99);
    int maxSeq = n.integer("max_seq", 64, 2, 1 << 16);
    boolean xavier = n.choice("embed_init", "normal", "normal", "xavier").equals("xavier");
    TransformerConfig.InitScheme init = n.choice("init", TransformerConfig.InitScheme.NORMAL);
    boolean attentionBias = n.bool("attention_bias", true);
    boolean outputBias = n.bool("output_bias", false);
    if (outputBias && tied) {
      throw n.invalid("output_bias", "needs an untied output map; set model.tied: false or drop output_bias");
    }
    boolean ffnDropout = n.bool("ffn_dropout", false);
    return new DecoderConfig(s.layers(), s.width(), s.heads(), s.ffn(), s.activation(), s.norm(), pos, scale, tied, dropout, maxSeq,
        xavier, init, attentionBias, outputBias, ffnDropout);
  }
}
