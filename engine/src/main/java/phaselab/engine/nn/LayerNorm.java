package phaselab.engine.nn;

import phaselab.engine.autograd.Norms;
import phaselab.engine.tensor.Tensor;

/** PyTorch's {@code nn.LayerNorm} over the last dimension: weight γ (C) = 1, bias β (C) = 0. */
public final class LayerNorm extends Module {
  public final Tensor weight; // (C)
  public final Tensor bias; // (C)
  public final float eps;

  public LayerNorm(int width, float eps) {
    this.eps = eps;
    this.weight = param("weight", width);
    this.bias = param("bias", width);
    Init.constant(weight, 1f);
  }

  public Tensor forward(Tensor x) {
    return Norms.layerNorm(x, weight, bias, eps);
  }
}
