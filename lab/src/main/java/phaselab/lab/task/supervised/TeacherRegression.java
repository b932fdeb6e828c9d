package phaselab.lab.task.supervised;

import phaselab.engine.rng.RngStream;

/**
 * Regression on a random deep-linear teacher y = A₂ A₁ x + σ ε (x, ε standard Gaussian; A₁ is
 * teacher_width × input_dim, A₂ output_dim × teacher_width, entries N(0, 1/fan_in)), the
 * setting in which the rescaling charges of linear nets are studied (RESEARCH.md B.2). Training
 * and test examples come from one seeded stream, training first.
 */
public final class TeacherRegression {
  private TeacherRegression() {}

  /** [training examples, test examples]. */
  public static Examples[] generate(int inputDim, int teacherWidth, int outputDim, double noise, int train, int test, long seed) {
    RngStream rng = new RngStream(seed, "teacher");
    double[] a1 = gaussian(rng, teacherWidth * inputDim, 1.0 / Math.sqrt(inputDim));
    double[] a2 = gaussian(rng, outputDim * teacherWidth, 1.0 / Math.sqrt(teacherWidth));
    int n = train + test;
    float[] x = new float[n * inputDim];
    float[] y = new float[n * outputDim];
    double[] h = new double[teacherWidth];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < inputDim; i++) {
        x[s * inputDim + i] = (float) rng.nextGaussian();
      }
      for (int j = 0; j < teacherWidth; j++) {
        double acc = 0;
        for (int i = 0; i < inputDim; i++) {
          acc += a1[j * inputDim + i] * x[s * inputDim + i];
        }
        h[j] = acc;
      }
      for (int o = 0; o < outputDim; o++) {
        double acc = 0;
        for (int j = 0; j < teacherWidth; j++) {
          acc += a2[o * teacherWidth + j] * h[j];
        }
        y[s * outputDim + o] = (float) (acc + noise * rng.nextGaussian());
      }
    }
    Examples all = new Examples(n, inputDim, outputDim, x, null, y);
    return new Examples[] {all.select(range(0, train)), all.select(range(train, n))};
  }

  private static double[] gaussian(RngStream rng, int size, double std) {
    double[] a = new double[size];
    for (int i = 0; i < size; i++) {
      a[i] = std * rng.nextGaussian();
    }
    return a;
  }

  private static int[] range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).toArray();
  }
}
