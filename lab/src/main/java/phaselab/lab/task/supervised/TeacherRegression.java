package phaselab.lab.task.supervised;

import phaselab.engine.rng.RngStream;

/**
 * Regression on a random deep-linear teacher y = A₂ A₁ x + σ ε (x, ε standard Gaussian; A₁ is
 * teacher_width × input_dim, A₂ output_dim × teacher_width, entries N(0, 1/fan_in)), the
 * setting in which the rescaling charges of linear nets are studied (docs/research.md B.2). Training
 * and test examples come from one seeded stream, training first.
 */
public final class TeacherRegression {
  private TeacherRegression() {}

  /** [training examples, test examples] with isotropic inputs and no view. */
  public static Examples[] generate(int inputDim, int teacherWidth, int outputDim, double noise, int train, int test, long seed) {
    return generate(inputDim, teacherWidth, outputDim, noise, train, test, seed, 0, 0);
  }

  /**
   * [training examples, test examples]; {@code spectrum} α scales input coordinate i by
   * √(λ_i), λ_i ∝ (i + 1)^−α with mean 1 (0: isotropic, the draws unchanged); {@code viewSeed} > 0
   * replaces each input the net sees by A x (the teacher reads x), A = a rotation times scales in
   * [½, 2] drawn from its own stream ({@link #viewMatrix}).
   */
  public static Examples[] generate(int inputDim, int teacherWidth, int outputDim, double noise, int train, int test, long seed,
      double spectrum, long viewSeed) {
    double[] scale = new double[inputDim];
    double mean = 0;
    for (int i = 0; i < inputDim; i++) {
      mean += Math.pow(i + 1, -spectrum) / inputDim;
    }
    for (int i = 0; i < inputDim; i++) {
      scale[i] = Math.sqrt(Math.pow(i + 1, -spectrum) / mean);
    }
    RngStream rng = new RngStream(seed, "teacher");
    double[] a1 = gaussian(rng, teacherWidth * inputDim, 1.0 / Math.sqrt(inputDim));
    double[] a2 = gaussian(rng, outputDim * teacherWidth, 1.0 / Math.sqrt(teacherWidth));
    int n = train + test;
    float[] x = new float[n * inputDim];
    float[] y = new float[n * outputDim];
    double[] h = new double[teacherWidth];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < inputDim; i++) {
        double z = rng.nextGaussian();
        x[s * inputDim + i] = (float) (spectrum == 0 ? z : scale[i] * z);
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
    if (viewSeed > 0) {
      x = view(x, n, inputDim, viewMatrix(new RngStream(viewSeed, "teacher/view"), inputDim));
    }
    Examples all = new Examples(n, inputDim, outputDim, x, null, y);
    return new Examples[] {all.select(range(0, train)), all.select(range(train, n))};
  }

  /**
   * A = Q·diag(s): Q a random rotation (Gram-Schmidt of a Gaussian matrix), s log-uniform in
   * [½, 2]. Condition number ≤ 4, so nets on different views learn the map at comparable speeds
   * (a plain Gaussian matrix has singular values near 0 that stall learning along them).
   */
  static double[] viewMatrix(RngStream rng, int d) {
    double[] q = gaussian(rng, d * d, 1.0);
    for (int c = 0; c < d; c++) {
      for (int prev = 0; prev < c; prev++) {
        double dot = 0;
        for (int r = 0; r < d; r++) {
          dot += q[r * d + c] * q[r * d + prev];
        }
        for (int r = 0; r < d; r++) {
          q[r * d + c] -= dot * q[r * d + prev];
        }
      }
      double norm = 0;
      for (int r = 0; r < d; r++) {
        norm += q[r * d + c] * q[r * d + c];
      }
      norm = Math.sqrt(norm);
      for (int r = 0; r < d; r++) {
        q[r * d + c] /= norm;
      }
    }
    for (int c = 0; c < d; c++) {
      double s = Math.pow(2, 2 * rng.nextDouble() - 1);
      for (int r = 0; r < d; r++) {
        q[r * d + c] *= s;
      }
    }
    return q;
  }

  /** Each row x of {@code x} replaced by A x (A row-major d × d), in double. */
  private static float[] view(float[] x, int n, int d, double[] a) {
    float[] out = new float[x.length];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < d; i++) {
        double acc = 0;
        for (int j = 0; j < d; j++) {
          acc += a[i * d + j] * x[s * d + j];
        }
        out[s * d + i] = (float) acc;
      }
    }
    return out;
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
