package phaselab.engine.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import phaselab.engine.tensor.Tensor;

/**
 * SGD with optional momentum and Nesterov, as PyTorch's {@code torch.optim.SGD}:
 * <pre>
 *   g ← g + λ·p                         (L2 weight decay, decayed parameters only)
 *   b ← μ·b + g   (b ← g on the first step)
 *   g ← g + μ·b   (Nesterov)   or   g ← b   (classical momentum)
 *   p ← p − lr·g
 * </pre>
 * With μ = 0 it is plain (minibatch) gradient descent, the setting of the entropic-force theory.
 */
public final class Sgd extends Optimizer {
  private final float momentum;
  private final boolean nesterov;
  private final float weightDecay;
  private final Map<String, float[]> buf = new LinkedHashMap<>();

  public Sgd(Map<String, Tensor> params, float momentum, boolean nesterov, float weightDecay, Predicate<String> decay) {
    super(params, decay);
    if (momentum < 0 || weightDecay < 0) {
      throw new IllegalArgumentException("SGD needs momentum >= 0 and weight decay >= 0, got " + momentum + ", " + weightDecay);
    }
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
    if (momentum > 0) {
      for (var e : this.params.entrySet()) {
        buf.put(e.getKey(), new float[e.getValue().size()]);
      }
    }
  }

  @Override
  public void step(float lr, float gradScale) {
    boolean first = steps == 0;
    steps++;
    for (var e : params.entrySet()) {
      Tensor p = e.getValue();
      float[] g = p.grad();
      if (g == null) {
        continue;
      }
      float wd = decay.test(e.getKey()) ? weightDecay : 0f;
      float[] b = buf.get(e.getKey());
      float[] w = p.data;
      for (int i = 0; i < w.length; i++) {
        float gi = g[i] * gradScale + wd * w[i];
        if (b != null) {
          b[i] = first ? gi : momentum * b[i] + gi;
          gi = nesterov ? gi + momentum * b[i] : b[i];
        }
        w[i] -= lr * gi;
      }
    }
  }

  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> s = new LinkedHashMap<>();
    s.put("step", encodeStep(steps));
    buf.forEach((k, a) -> s.put("momentum_buffer." + k, a.clone()));
    return s;
  }

  @Override
  public void loadState(Map<String, float[]> state) {
    steps = decodeStep(require(state, "step", 2));
    buf.forEach((k, a) -> System.arraycopy(require(state, "momentum_buffer." + k, a.length), 0, a, 0, a.length));
  }
}
