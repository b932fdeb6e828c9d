package phaselab.engine.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.Tensor;

/**
 * AdamW (Loshchilov and Hutter 2019), as PyTorch's {@code torch.optim.AdamW}:
 * <pre>
 *   p ← p − lr·λ·p                       (decoupled weight decay, decayed parameters only)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
 * </pre>
 */
public final class AdamW extends Optimizer {
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private final Map<String, float[]> m = new LinkedHashMap<>();
  private final Map<String, float[]> v = new LinkedHashMap<>();

  public AdamW(Map<String, Tensor> params, float beta1, float beta2, float eps, float weightDecay, Predicate<String> decay) {
    super(params, decay);
    if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
      throw new IllegalArgumentException("AdamW betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
    }
    if (eps <= 0 || weightDecay < 0) {
      throw new IllegalArgumentException("AdamW needs eps > 0 and weight decay >= 0, got eps " + eps + ", decay " + weightDecay);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    for (var e : this.params.entrySet()) {
      m.put(e.getKey(), new float[e.getValue().size()]);
      v.put(e.getKey(), new float[e.getValue().size()]);
    }
  }

  @Override
  public void step(float lr, float gradScale) {
    steps++;
    double bc1 = 1 - Math.pow(beta1, steps);
    double bc2 = 1 - Math.pow(beta2, steps);
    float stepSize = (float) (lr / bc1);
    float bc2Sqrt = (float) Math.sqrt(bc2);
    for (var e : params.entrySet()) {
      Tensor p = e.getValue();
      float[] g = p.grad();
      if (g == null) {
        continue;
      }
      float[] mm = m.get(e.getKey());
      float[] vv = v.get(e.getKey());
      float decayFactor = decay.test(e.getKey()) ? 1f - lr * weightDecay : 1f;
      float[] w = p.data;
      Kernels k = Kernels.get();
      Parallel.forChunks(w.length, 1 << 14, (s, end) ->
          k.adamw(w, g, gradScale, mm, vv, s, end - s, beta1, beta2, stepSize, bc2Sqrt, eps, decayFactor));
    }
  }

  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> s = new LinkedHashMap<>();
    s.put("step", encodeStep(steps));
    m.forEach((k, a) -> s.put("exp_avg." + k, a.clone()));
    v.forEach((k, a) -> s.put("exp_avg_sq." + k, a.clone()));
    return s;
  }

  @Override
  public void loadState(Map<String, float[]> state) {
    steps = decodeStep(require(state, "step", 2));
    m.forEach((k, a) -> System.arraycopy(require(state, "exp_avg." + k, a.length), 0, a, 0, a.length));
    v.forEach((k, a) -> System.arraycopy(require(state, "exp_avg_sq." + k, a.length), 0, a, 0, a.length));
  }
}
