package phaselab.lab.suite.entropic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import phaselab.engine.tensor.Tensor;

/** The named parameters of a model seen as one flat vector θ (in their registration order). */
public final class ParamVector {
  private final List<Tensor> tensors;
  private final int size;

  public ParamVector(Map<String, Tensor> params) {
    this.tensors = new ArrayList<>(params.values());
    this.size = tensors.stream().mapToInt(Tensor::size).sum();
  }

  public int size() {
    return size;
  }

  public float[] values() {
    float[] out = new float[size];
    int o = 0;
    for (Tensor t : tensors) {
      System.arraycopy(t.data, 0, out, o, t.size());
      o += t.size();
    }
    return out;
  }

  public void set(float[] theta) {
    int o = 0;
    for (Tensor t : tensors) {
      System.arraycopy(theta, o, t.data, 0, t.size());
      o += t.size();
    }
  }

  /** The current gradients (zero where a parameter received none). */
  public float[] gradients() {
    float[] out = new float[size];
    int o = 0;
    for (Tensor t : tensors) {
      if (t.grad() != null) {
        System.arraycopy(t.grad(), 0, out, o, t.size());
      }
      o += t.size();
    }
    return out;
  }
}
