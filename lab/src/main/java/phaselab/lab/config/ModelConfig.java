package phaselab.lab.config;

import java.util.Set;

/**
 * The network (config section {@code model}): one record per kind, each holding only the keys that
 * kind reads. A key of another kind is refused by name (today's example: positions, embed_scale
 * and tied mean nothing to a BERT encoder, which always learns its positions and unties its
 * decoder).
 */
public sealed interface ModelConfig permits TransformerModelConfig, MlpConfig, CnnConfig {
  ModelKind kind();

  /** Transformer blocks, or an MLP's weight layers (hidden widths + 1). */
  int layers();

  /** Dropout rate in training (an MLP has none). */
  double dropout();

  /** True when the activation is positively homogeneous (ReLU, identity), so layers have rescaling symmetries. */
  boolean homogeneous();

  static ModelConfig from(ConfigNode n) {
    ModelKind kind = n.choice("kind", ModelKind.DECODER);
    ModelConfig m = read(n, kind);
    n.finish("model.kind " + ConfigNode.spelling(kind), Keys.ALL);
    return m;
  }

  private static ModelConfig read(ConfigNode n, ModelKind kind) {
    return switch (kind) {
      case DECODER -> DecoderConfig.from(n);
      case ENCODER -> EncoderConfig.from(n);
      case MLP -> MlpConfig.from(n);
      case CNN -> CnnConfig.from(n);
    };
  }

  /** The keys every kind reads with its defaults (for naming a key of another kind). */
  final class Keys {
    static final Set<String> ALL = ConfigNode.keysOfVariants("model", "kind", ModelKind.values(), ModelConfig::read);

    private Keys() {}
  }
}
