package phaselab.engine.autograd;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.function.Supplier;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/**
 * The one finite-difference gradient check every op and module test uses (tinygrad's
 * {@code gradcheck}, adapted to a float32 engine).
 *
 * <p>The function's output y is reduced to L = Σ r_i·y_i with a fixed random r, so every output
 * element's gradient is exercised. The analytic gradient of each input comes from backward; the
 * numeric one is the central difference (L(x + ε) − L(x − ε)) / 2ε with L accumulated in float64.
 * The forward itself runs in float32, so ε is larger than a float64 check would use (default
 * 1e-2) and the tolerance reflects float32 rounding: |analytic − numeric| ≤ atol + rtol·|numeric|.
 * Large inputs are checked on an evenly spread subset of at most {@code maxPerInput} elements.
 */
public final class GradCheck {
  private final double eps;
  private final double atol;
  private final double rtol;
  private final int maxPerInput;

  private GradCheck(double eps, double atol, double rtol, int maxPerInput) {
    this.eps = eps;
    this.atol = atol;
    this.rtol = rtol;
    this.maxPerInput = maxPerInput;
  }

  /** Defaults for well-scaled float32 ops: ε 1e-2, atol 2e-3, rtol 2e-2, 64 elements per input. */
  public static GradCheck defaults() {
    return new GradCheck(1e-2, 2e-3, 2e-2, 64);
  }

  public GradCheck tolerance(double atol, double rtol) {
    return new GradCheck(eps, atol, rtol, maxPerInput);
  }

  public GradCheck eps(double e) {
    return new GradCheck(e, atol, rtol, maxPerInput);
  }

  public GradCheck maxPerInput(int n) {
    return new GradCheck(eps, atol, rtol, n);
  }

  /** Checks d(Σ r·f())/d(input) for every input; fails with the worst element otherwise. */
  public void check(Supplier<Tensor> f, List<Tensor> inputs) {
    Tape.clear();
    for (Tensor t : inputs) {
      t.setRequiresGrad(true);
      t.clearGrad();
    }
    Tensor y = f.get();
    float[] r = new float[y.size()];
    RngStream rng = new RngStream(1234, "gradcheck");
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) rng.nextGaussian();
    }
    Tape.backward(y, r);
    for (int t = 0; t < inputs.size(); t++) {
      Tensor x = inputs.get(t);
      float[] analytic = x.grad() == null ? new float[x.size()] : x.grad().clone();
      int stride = Math.max(1, x.size() / maxPerInput);
      for (int i = 0; i < x.size(); i += stride) {
        float saved = x.data[i];
        x.data[i] = (float) (saved + eps);
        double plus = project(f, r);
        x.data[i] = (float) (saved - eps);
        double minus = project(f, r);
        x.data[i] = saved;
        double numeric = (plus - minus) / (2 * eps);
        double diff = Math.abs(analytic[i] - numeric);
        if (diff > atol + rtol * Math.abs(numeric)) {
          fail("gradient of input %d '%s' element %d: analytic %.6g vs numeric %.6g (|diff| %.3g > atol %.1g + rtol %.1g·|numeric|)",
              t, x.name(), i, analytic[i], numeric, diff, atol, rtol);
        }
      }
    }
  }

  private static double project(Supplier<Tensor> f, float[] r) {
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      Tensor y = f.get();
      double s = 0;
      for (int i = 0; i < r.length; i++) {
        s += (double) r[i] * y.data[i];
      }
      return s;
    }
  }

  /** A tensor of standard-normal values times {@code scale}, from a named stream. */
  public static Tensor randn(String name, long seed, float scale, int... shape) {
    Tensor t = Tensor.zeros(name, shape);
    RngStream rng = new RngStream(seed, name);
    for (int i = 0; i < t.size(); i++) {
      t.data[i] = (float) (scale * rng.nextGaussian());
    }
    return t;
  }
}
