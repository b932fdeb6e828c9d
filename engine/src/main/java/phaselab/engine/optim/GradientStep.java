package phaselab.engine.optim;

import java.util.function.IntFunction;
import phaselab.engine.autograd.OpProfile;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.Module;
import phaselab.engine.tensor.Arena;
import phaselab.engine.tensor.Tensor;

/**
 * The gradient half of a training step, shared by {@code phaselab train} and the training
 * benchmark so that what the benchmark times is what training runs: zero the gradients, then for
 * each micro-batch m, inside its arena's scope (activations and their gradients in reused
 * buffers), the forward loss L_m and the backward pass of w_m · L_m. The gradient is that of
 * Σ_m w_m L_m; the returned loss is the same sum. Clipping ({@link GradClip}) and the update
 * ({@link Optimizer#step}) follow. Each phase is an {@link OpProfile} segment.
 */
public final class GradientStep {
  private GradientStep() {}

  /**
   * Accumulates the gradient of Σ_m weights[m] · loss(m) into {@code model}'s parameters, each
   * micro-batch in {@code arenas.apply(m)}; returns Σ_m weights[m] · loss(m) in double.
   */
  public static double accumulate(Module model, float[] weights, IntFunction<Arena> arenas, IntFunction<Tensor> loss) {
    model.zeroGrad();
    OpProfile.mark("zero grad");
    double total = 0;
    for (int m = 0; m < weights.length; m++) {
      try (Arena.Scope scope = arenas.apply(m).open()) {
        Tensor l = loss.apply(m);
        OpProfile.mark("forward, untaped");
        Tape.backward(Pointwise.scale(l, weights[m]));
        OpProfile.mark("backward, tape walk and gradient hooks");
        total += (double) l.item() * weights[m];
      }
      OpProfile.mark("arena release");
    }
    return total;
  }
}
