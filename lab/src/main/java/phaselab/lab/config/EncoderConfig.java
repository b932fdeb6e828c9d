package phaselab.lab.config;

import phaselab.engine.nn.FeedForward;

/**
 * A BERT encoder (learned positions, untied MLM decoder, LayerNorm ε 1e-12); init_from: start
 * from the newest checkpoint of a pre-training run (every parameter but the classifier), or from a
 * phaselab model directory (phaselab import; with init_weights: false only its shape and vocabulary).
 */
public record EncoderConfig(int layers, int width, int heads, int ffn, FeedForward.Activation activation, Norm norm, double dropout,
    int maxSeq, String initFrom, boolean initWeights) implements TransformerModelConfig {
  @Override
  public ModelKind kind() {
    return ModelKind.ENCODER;
  }

  static EncoderConfig from(ConfigNode n) {
    Shape s = Shape.from(n);
    double dropout = n.number("dropout", 0.0, 0.0, 0.99);
    int maxSeq = n.integer("max_seq", 64, 2, 1 << 16);
    String initFrom = n.string("init_from", "");
    // false: an imported model directory gives the shape and vocabulary only, the weights stay the
    // seeded initialisation (the random-body control of a fine-tuned imported BERT)
    boolean initWeights = n.bool("init_weights", true);
    return new EncoderConfig(s.layers(), s.width(), s.heads(), s.ffn(), s.activation(), s.norm(), dropout, maxSeq, initFrom,
        initWeights);
  }
}
