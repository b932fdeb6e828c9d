package phaselab.lab.config;

/**
 * Regression on a seeded random linear teacher input_dim → teacher_width → output_dim with
 * Gaussian label noise. The teacher and its data are drawn from data_seed, not the run seed: they
 * are the task, the same for every run seed. input_spectrum α gives the inputs an anisotropic
 * covariance (eigenvalues ∝ i^−α along the axes, mean 1; 0: isotropic); view_seed S > 0 shows the
 * net a linear view A_S x of each input (A_S a random rotation times scales in [½, 2]) while the
 * teacher still reads x, so nets with different view seeds learn one map from different inputs.
 */
public record TeacherConfig(int trainSize, int valSize, int inputDim, int outputDim, int teacherWidth, double noise, long dataSeed,
    boolean shuffleLabels, double inputSpectrum, long viewSeed) implements SupervisedConfig {
  @Override
  public TaskKind kind() {
    return TaskKind.TEACHER;
  }

  static TeacherConfig from(ConfigNode n) {
    int train = n.integer("train_size", 1_000, 1, 50_000_000);
    int val = n.integer("val_size", 1_000, 1, 10_000_000);
    int in = n.integer("input_dim", 20, 1, 1 << 20);
    int out = n.integer("output_dim", 5, 1, 1 << 20);
    int width = n.integer("teacher_width", 10, 1, 1 << 20);
    double noise = n.number("noise", 0.1, 0.0, 1e6);
    long dataSeed = n.integer("data_seed", 1, 0, Integer.MAX_VALUE);
    boolean shuffle = n.bool("shuffle_labels", false);
    double spectrum = n.number("input_spectrum", 0.0, 0.0, 10.0);
    long view = n.integer("view_seed", 0, 0, Integer.MAX_VALUE);
    return new TeacherConfig(train, val, in, out, width, noise, dataSeed, shuffle, spectrum, view);
  }
}
