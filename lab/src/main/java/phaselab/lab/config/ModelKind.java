package phaselab.lab.config;

/** The kinds of network phaselab trains (config key {@code model.kind}). */
public enum ModelKind {
  /** A causal transformer language model (the structural-grokking tasks). */
  DECODER,
  /** A BERT encoder (masked LM pre-training and relation classification). */
  ENCODER,
  /** A fully connected net; with identity activation and no bias, a deep linear net. */
  MLP,
  /** A VGG-style convolutional classifier over images (Fashion-MNIST). */
  CNN
}
