package phaselab.engine.nn;

import phaselab.engine.autograd.ConvOps;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/**
 * PyTorch's {@code nn.Conv2d} (square kernel, zero padding): weight (out, in, k, k), bias (out) or
 * none; x (N, in, H, W) → (N, out, Ho, Wo). Hook: out.
 */
public final class Conv2d extends Module {
  public final Tensor weight;
  public final Tensor bias;
  public final int stride;
  public final int padding;
  private final HookPoint hookOut;

  public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias) {
    this.weight = param("weight", out, in, kernel, kernel);
    this.bias = bias ? param("bias", out) : null;
    this.stride = stride;
    this.padding = padding;
    this.hookOut = hook("out");
  }

  /** PyTorch's default: weight and bias U(±1/√fan_in), fan_in = in·k·k. */
  public Conv2d initialize(RngStream rng) {
    double bound = 1 / Math.sqrt((double) weight.size() / weight.dim(0));
    Init.uniform(weight, bound, rng);
    if (bias != null) {
      Init.uniform(bias, bound, rng);
    }
    return this;
  }

  public Tensor forward(Tensor x) {
    return hookOut.apply(ConvOps.conv2d(x, weight, bias, stride, padding));
  }
}
