package phaselab.engine.nn;

import phaselab.engine.autograd.Linalg;
import phaselab.engine.tensor.Tensor;

/** y = x·Wᵀ + b, PyTorch's {@code nn.Linear}: weight (out, in), bias (out) or none. */
public final class Linear extends Module {
  public final Tensor weight; // (out, in)
  public final Tensor bias; // (out) or null
  public final int in;
  public final int out;

  public Linear(int in, int out, boolean bias) {
    this.in = in;
    this.out = out;
    this.weight = param("weight", out, in);
    this.bias = bias ? param("bias", out) : null;
  }

  public Tensor forward(Tensor x) {
    return Linalg.linear(x, weight, bias);
  }
}
