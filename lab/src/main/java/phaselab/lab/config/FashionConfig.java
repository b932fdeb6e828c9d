package phaselab.lab.config;

/** Fashion-MNIST classification from the IDX files in data_dir (default: where Debian's dataset-fashion-mnist installs them). */
public record FashionConfig(int trainSize, int valSize, String dataDir, boolean shuffleLabels) implements SupervisedConfig {
  /** Where Debian's dataset-fashion-mnist installs the IDX files. */
  public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";

  @Override
  public TaskKind kind() {
    return TaskKind.FASHION_MNIST;
  }

  static FashionConfig from(ConfigNode n) {
    int train = n.integer("train_size", 60_000, 1, 60_000);
    int val = n.integer("val_size", 10_000, 1, 10_000);
    String dir = n.string("data_dir", DEFAULT_DIR);
    boolean shuffle = n.bool("shuffle_labels", false);
    return new FashionConfig(train, val, dir, shuffle);
  }
}
