package phaselab.engine.nn;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import phaselab.engine.tensor.Tensor;

/** Values captured at hook points during a forward pass, by hook name. */
public final class ActivationCache {
  private final Map<String, Tensor> values;

  ActivationCache(Map<String, Tensor> values) {
    this.values = values;
  }

  /** The value cached at {@code name}; fails with the cached names if it is absent. */
  public Tensor get(String name) {
    Tensor t = values.get(name);
    if (t == null) {
      throw new IllegalArgumentException("activation '" + name + "' was not cached; cached: " + values.keySet());
    }
    return t;
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(values.keySet());
  }

  public boolean contains(String name) {
    return values.containsKey(name);
  }
}
