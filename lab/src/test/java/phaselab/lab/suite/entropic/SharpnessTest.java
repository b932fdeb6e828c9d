package phaselab.lab.suite.entropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.Dropout;
import phaselab.engine.rng.RngStream;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.workload.SupervisedWorkload;

class SharpnessTest {
  @Test
  void powerIterationRecoversTheTopEigenvalueOfAQuadratic() {
    // L(θ) = ½ θᵀHθ with H = Q diag(λ) Qᵀ, Q a rotation in the first two coordinates
    int n = 12;
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = 0.5 + 0.25 * i; // top 3.25, gap 0.25
    }
    double c = Math.cos(0.7);
    double s = Math.sin(0.7);
    Sharpness.Gradient grad = theta -> {
      float[] g = new float[n];
      double a = c * theta[n - 1] + s * theta[0];
      double b = -s * theta[n - 1] + c * theta[0];
      double ga = lambda[n - 1] * a;
      double gb = lambda[0] * b;
      for (int i = 1; i < n - 1; i++) {
        g[i] = (float) (lambda[i] * theta[i]);
      }
      g[n - 1] = (float) (c * ga - s * gb);
      g[0] = (float) (s * ga + c * gb);
      return g;
    };
    float[] at = new float[n];
    java.util.Arrays.fill(at, 0.3f);
    Sharpness.Result r = Sharpness.topEigenvalue(grad, at, 200, new RngStream(3, "t"), Sharpness.EPS);
    assertThat(r.eigenvalue()).isCloseTo(3.25, within(1e-3));
  }

  @Test
  void aDominantNegativeEigenvalueDoesNotHideTheTopPositiveOne() {
    double[] lambda = {-5.0, 2.0, 1.0, 0.5};
    Sharpness.Gradient grad = theta -> {
      float[] g = new float[theta.length];
      for (int i = 0; i < g.length; i++) {
        g[i] = (float) (lambda[i] * theta[i]);
      }
      return g;
    };
    Sharpness.Result r = Sharpness.topEigenvalue(grad, new float[4], 300, new RngStream(1, "t"), Sharpness.EPS);
    assertThat(r.eigenvalue()).isCloseTo(2.0, within(1e-3));
  }

  /** Finite-difference HVP against the exact one of L = mean((W2 W1 x − y)²), computed in double. */
  @Test
  void finiteDifferenceHvpOfALinearNetIsAccurate() throws Exception {
    assertThat(relativeError(false, 5)).isLessThan(3e-3);
  }

  /**
   * On a ReLU net the Hessian is piecewise: the exact product holds the activation pattern of θ
   * fixed. The central difference agrees with it as long as no pre-activation changes sign within
   * ±ε of θ along v, which at ε = 1e-3 is what happens on a trained-scale net; directions are
   * drawn until one crosses no kink (most do) and the error is checked there, and the count of
   * crossings is checked to be rare, so a kink-sensitive step size would be seen.
   */
  @Test
  void finiteDifferenceHvpOfAReluNetMatchesTheExactPiecewiseHessian() throws Exception {
    int clean = 0;
    for (long seed = 1; seed <= 8; seed++) {
      double[] r = relativeErrorAndCrossings(true, seed);
      if (r[1] == 0) {
        clean++;
        assertThat(r[0]).as("relative error along direction %d", seed).isLessThan(3e-3);
      }
    }
    assertThat(clean).as("directions of 8 that cross no ReLU kink within ±ε").isGreaterThanOrEqualTo(4);
  }

  private static double relativeError(boolean relu, long seed) throws Exception {
    return relativeErrorAndCrossings(relu, seed)[0];
  }

  /** {‖FD − exact‖/‖exact‖, pre-activations whose sign flips within ±ε along v} for the 64-example teacher task. */
  private static double[] relativeErrorAndCrossings(boolean relu, long seed) throws Exception {
    var c = relu ? ChargeDynamicsTest.config("linear-gd.yaml", "task.train_size=64", "train.batch_size=64", "model.activation=relu")
        : ChargeDynamicsTest.config("linear-gd.yaml", "task.train_size=64", "train.batch_size=64");
    SupervisedWorkload w = (SupervisedWorkload) Workloads.create(c);
    ParamVector theta = new ParamVector(w.model().namedParameters());
    Sharpness.Gradient grad = fullLossGradient(w, theta);
    float[] at = theta.values();
    double[] v = new double[at.length];
    RngStream rng = new RngStream(seed, "v");
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    double[] fd = Sharpness.hvp(grad, at, v, Sharpness.EPS);
    double[] crossings = new double[1];
    double[] exact = exactHvp(w, at, v, relu, crossings);
    double err = 0;
    double ref = 0;
    for (int i = 0; i < v.length; i++) {
      err += (fd[i] - exact[i]) * (fd[i] - exact[i]);
      ref += exact[i] * exact[i];
    }
    // measured ≈ 1e-4; the bound leaves room for other JIT orderings of float32 sums
    return new double[] {Math.sqrt(err / ref), crossings[0]};
  }

  /** The gradient of the workload's loss over all its training examples, at a parameter vector. */
  static Sharpness.Gradient fullLossGradient(SupervisedWorkload w, ParamVector theta) {
    int[] rows = java.util.stream.IntStream.range(0, w.trainSize()).toArray();
    return x -> {
      theta.set(x);
      w.model().zeroGrad();
      Tape.backward(w.loss(rows, Dropout.EVAL));
      return theta.gradients();
    };
  }

  /**
   * H·v for L = (1/(n·m)) Σ‖W2 σ(W1 x) − y‖², σ identity or ReLU, θ = (W1 (h×d), W2 (m×h))
   * row-major, in double, with ReLU's activation pattern held at θ; {@code crossings[0]} counts the
   * pre-activations that change sign between θ − εv̂ and θ + εv̂.
   */
  private static double[] exactHvp(SupervisedWorkload w, float[] theta, double[] v, boolean relu, double[] crossings) {
    var data = w.train();
    int d = data.inputDim();
    int m = data.outputDim();
    int h = ((phaselab.engine.model.Mlp) w.model()).widths()[1];
    int n = 64;
    double[][] w1 = new double[h][d];
    double[][] w2 = new double[m][h];
    double[][] v1 = new double[h][d];
    double[][] v2 = new double[m][h];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < d; j++) {
        w1[i][j] = theta[i * d + j];
        v1[i][j] = v[i * d + j];
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < h; j++) {
        w2[i][j] = theta[h * d + i * h + j];
        v2[i][j] = v[h * d + i * h + j];
      }
    }
    double[] out = new double[v.length];
    double scale = 2.0 / (n * m);
    for (int s = 0; s < n; s++) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = data.x()[s * d + j];
      }
      double[] z = mul(w1, x);           // pre-activation
      double[] dz = mul(v1, x);          // its directional derivative
      double[] a = z.clone();            // hidden
      double[] da = dz.clone();
      double vn = Math.sqrt(java.util.Arrays.stream(v).map(q -> q * q).sum());
      for (int i = 0; i < h && relu; i++) {
        double step = Sharpness.EPS * dz[i] / vn;
        if (Math.signum(z[i] + step) != Math.signum(z[i] - step)) {
          crossings[0]++;
        }
        if (z[i] <= 0) {
          a[i] = 0;
          da[i] = 0;
        }
      }
      double[] r = mul(w2, a);           // residual W2 W1 x − y
      for (int i = 0; i < m; i++) {
        r[i] -= data.targets()[s * m + i];
      }
      double[] dr = add(mul(v2, a), mul(w2, da));
      // ∇W1 = scale · W2ᵀ r xᵀ → d∇W1 = scale · (V2ᵀ r + W2ᵀ dr) xᵀ
      double[] back = add(mulT(v2, r), mulT(w2, dr));
      for (int i = 0; i < h && relu; i++) {
        back[i] = z[i] > 0 ? back[i] : 0;
      }
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < d; j++) {
          out[i * d + j] += scale * back[i] * x[j];
        }
      }
      // ∇W2 = scale · r aᵀ → d∇W2 = scale · (dr aᵀ + r daᵀ)
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < h; j++) {
          out[h * d + i * h + j] += scale * (dr[i] * a[j] + r[i] * da[j]);
        }
      }
    }
    return out;
  }

  private static double[] mul(double[][] a, double[] x) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < x.length; j++) {
        y[i] += a[i][j] * x[j];
      }
    }
    return y;
  }

  private static double[] mulT(double[][] a, double[] x) {
    double[] y = new double[a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < y.length; j++) {
        y[j] += a[i][j] * x[i];
      }
    }
    return y;
  }

  private static double[] add(double[] a, double[] b) {
    double[] y = a.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] += b[i];
    }
    return y;
  }
}
