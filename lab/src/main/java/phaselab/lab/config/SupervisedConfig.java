package phaselab.lab.config;

/**
 * The supervised tasks of the entropic-force suite (docs/research.md B.2), learned by an MLP: the first
 * train_size and val_size examples, with shuffle_labels training on randomly permuted labels (the
 * memorisation control of alignment).
 */
public sealed interface SupervisedConfig extends TaskConfig permits FashionConfig, TeacherConfig {
  int trainSize();

  int valSize();

  boolean shuffleLabels();
}
