package phaselab.lab.config;

import java.util.List;

/**
 * A VGG-style convolutional classifier for image tasks: {@code filters} output channels of each
 * block (3×3 convolution with padding 1, ReLU, 2×2 max pooling), then a linear output layer on the
 * flattened last block; bias on every layer or none; PyTorch's default initialisation.
 */
public record CnnConfig(List<Integer> filters, boolean bias) implements ModelConfig {
  @Override
  public ModelKind kind() {
    return ModelKind.CNN;
  }

  @Override
  public int layers() {
    return filters.size() + 1;
  }

  @Override
  public double dropout() {
    return 0;
  }

  @Override
  public boolean homogeneous() {
    return true; // ReLU and max pooling are positively homogeneous
  }

  static CnnConfig from(ConfigNode n) {
    List<Integer> filters = n.integers("filters", List.of(32, 64, 64), 1, 1 << 14);
    boolean bias = n.bool("bias", true);
    return new CnnConfig(filters, bias);
  }
}
