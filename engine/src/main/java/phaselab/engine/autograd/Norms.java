package phaselab.engine.autograd;

import phaselab.engine.tensor.Arena;
import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.Tensor;

/** Layer normalisation (Ba, Kiros, Hinton 2016) over the last dimension. */
public final class Norms {
  private Norms() {}

  /**
   * y = (x − μ)/√(σ² + eps) · γ + β per row (biased σ², as PyTorch). μ and rstd are saved for
   * backward; dγ += Σ_rows dy·x̂ and dβ += Σ_rows dy are summed over rows in order, in parallel
   * over column blocks.
   */
  public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
    int c = gamma.size();
    x.requireLastDim(c);
    beta.requireShape(c);
    int rows = x.rows();
    float[] stats = Arena.uninitialized(2 * rows);
    Tensor y = Tensor.empty("layer_norm", x.shape());
    Kernels k = Kernels.get();
    Parallel.forChunks(rows, 32, (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        k.layerNorm(x.data, r * c, gamma.data, beta.data, eps, y.data, r * c, stats, r, c);
      }
    });
    if (Tape.needsGrad(x, gamma, beta)) {
      Tape.record(y, () -> {
        float[] dy = y.grad();
        if (x.requiresGrad()) {
          float[] dx = x.gradOrCreate();
          Parallel.forChunks(rows, 32, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
              k.layerNormBackward(x.data, r * c, dy, r * c, gamma.data, stats, r, dx, r * c, c);
            }
          });
        }
        if (gamma.requiresGrad() || beta.requiresGrad()) {
          float[] dg = gamma.gradOrCreate();
          float[] db = beta.gradOrCreate();
          Parallel.forChunks(c, 128, (c0, c1) -> k.layerNormParamGrad(x.data, dy, stats, rows, c, c0, c1, dg, db));
        }
      });
    }
    return y;
  }
}
