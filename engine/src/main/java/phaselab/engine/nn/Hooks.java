package phaselab.engine.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import phaselab.engine.tensor.Tensor;

/**
 * Hooks added through one registry and removed together when it is closed (use
 * try-with-resources, so hooks never leak into later passes):
 *
 * <pre>{@code
 * try (Hooks hooks = model.hooks()) {
 *   ActivationCache cache = hooks.cache(name -> name.endsWith("attn.pattern"));
 *   model.forward(batch);
 *   Tensor p = cache.get("blocks.0.attn.pattern");
 * }
 * }</pre>
 */
public final class Hooks implements AutoCloseable {
  private final Map<String, HookPoint> points;
  private final List<Runnable> removals = new ArrayList<>();

  Hooks(Map<String, HookPoint> points) {
    this.points = points;
  }

  /** Every hook name of the model, in forward order. */
  public List<String> names() {
    return new ArrayList<>(points.keySet());
  }

  private HookPoint point(String name) {
    HookPoint p = points.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no hook point named '" + name + "'; valid names: " + points.keySet());
    }
    return p;
  }

  /** Adds a forward hook that may replace the value at {@code name}. */
  public Hooks forward(String name, HookPoint.ForwardHook hook) {
    HookPoint p = point(name);
    p.addForward(hook);
    removals.add(() -> p.remove(hook));
    return this;
  }

  /** Adds a hook reading the gradient of the value at {@code name} during backward. */
  public Hooks backward(String name, Consumer<Tensor> hook) {
    HookPoint p = point(name);
    p.addBackward(hook);
    removals.add(() -> p.remove(hook));
    return this;
  }

  /** Caches (by reference) the value of every hook whose name matches, in forward order. */
  public ActivationCache cache(Predicate<String> filter) {
    Map<String, Tensor> store = new LinkedHashMap<>();
    for (String name : points.keySet()) {
      if (filter.test(name)) {
        forward(name, (n, x) -> {
          store.put(n, x);
          return x;
        });
      }
    }
    return new ActivationCache(store);
  }

  /** Removes every hook added through this registry. */
  @Override
  public void close() {
    for (int i = removals.size() - 1; i >= 0; i--) {
      removals.get(i).run();
    }
    removals.clear();
  }
}
