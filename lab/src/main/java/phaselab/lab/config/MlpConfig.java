package phaselab.lab.config;

import java.util.List;
import phaselab.engine.nn.FeedForward;

/**
 * A fully connected net: hidden widths, activation relu or identity, bias, and init_gain times
 * PyTorch's default initialisation. With identity activation and no bias it is a deep linear net.
 * rescale_neurons f > 1 moves the initialisation along its symmetry orbit: every hidden neuron's
 * incoming weights and bias are multiplied by a_j = f^u (u uniform in [−1, 1], a stream of its own)
 * and its outgoing weights divided by a_j, so the net computes the same function as the one with
 * f = 1 and the same seed (its symmetry twin; docs/entropic-forces.md).
 */
public record MlpConfig(List<Integer> hidden, FeedForward.Activation activation, boolean bias, double initGain, double rescaleNeurons)
    implements ModelConfig {
  @Override
  public ModelKind kind() {
    return ModelKind.MLP;
  }

  @Override
  public int layers() {
    return hidden.size() + 1;
  }

  @Override
  public double dropout() {
    return 0;
  }

  @Override
  public boolean homogeneous() {
    return true; // ReLU and identity both are
  }

  static MlpConfig from(ConfigNode n) {
    List<Integer> hidden = n.integers("hidden", List.of(256), 1, 1 << 20);
    var act = n.choice("activation", FeedForward.Activation.RELU, FeedForward.Activation.RELU, FeedForward.Activation.IDENTITY);
    boolean bias = n.bool("bias", true);
    double gain = n.number("init_gain", 1.0, 0.0, 1e3);
    double rescale = n.number("rescale_neurons", 1.0, 1.0, 1e3);
    return new MlpConfig(hidden, act, bias, gain, rescale);
  }
}
