package phaselab.lab.config;

import phaselab.engine.nn.FeedForward;

/** What the two transformer kinds share: the block shape, activation, norm placement, dropout and context length. */
public sealed interface TransformerModelConfig extends ModelConfig permits DecoderConfig, EncoderConfig {
  int width();

  int heads();

  int ffn();

  FeedForward.Activation activation();

  Norm norm();

  int maxSeq();

  /** LayerNorm before each sublayer (pre) or after the residual sum (post, BERT's and Murty et al.'s). */
  enum Norm { POST, PRE }

  @Override
  default boolean homogeneous() {
    return activation() == FeedForward.Activation.RELU;
  }

  /** The block shape both kinds read, in this order: layers, width, heads, ffn, activation, norm. */
  record Shape(int layers, int width, int heads, int ffn, FeedForward.Activation activation, Norm norm) {
    static Shape from(ConfigNode n) {
      int layers = n.integer("layers", 2, 0, 1000);
      int width = n.integer("width", 128, 1, 1 << 16);
      int heads = n.integer("heads", 4, 1, 1024);
      if (width % heads != 0) {
        throw n.invalid("heads", "= " + heads + " does not divide model.width = " + width + "; choose heads among the divisors of width");
      }
      int ffn = n.integer("ffn", 4 * width, 1, 1 << 20);
      var act = n.choice("activation", FeedForward.Activation.GELU, FeedForward.Activation.GELU, FeedForward.Activation.GELU_EXACT,
          FeedForward.Activation.RELU);
      Norm norm = n.choice("norm", Norm.POST);
      return new Shape(layers, width, heads, ffn, act, norm);
    }
  }
}
