package phaselab.engine.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.tensor.Tensor;

/**
 * A component with parameters, child modules and hook points, all registered in forward order
 * so that walking the tree gives parameter and hook names in the order values are computed.
 */
public abstract class Module {
  private final List<Object> entries = new ArrayList<>(); // Tensor param, Named child, or HookPoint
  private final List<String> entryNames = new ArrayList<>();

  /** Registers a trainable parameter under {@code name}. */
  protected final Tensor param(String name, int... shape) {
    Tensor t = Tensor.parameter(name, shape);
    entries.add(t);
    entryNames.add(name);
    return t;
  }

  /** Registers a child module under {@code name}. */
  protected final <M extends Module> M child(String name, M module) {
    entries.add(module);
    entryNames.add(name);
    return module;
  }

  /** Registers a hook point under {@code name}. */
  protected final HookPoint hook(String name) {
    HookPoint h = new HookPoint();
    entries.add(h);
    entryNames.add(name);
    return h;
  }

  /** All parameters with dotted names, in registration order. Shared tensors appear once. */
  public final Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    walk("", (name, e) -> {
      if (e instanceof Tensor t && !out.containsValue(t)) {
        out.put(name, t);
      }
    });
    return out;
  }

  /** All hook points with dotted names, in forward order. */
  public final Map<String, HookPoint> namedHooks() {
    Map<String, HookPoint> out = new LinkedHashMap<>();
    walk("", (name, e) -> {
      if (e instanceof HookPoint h) {
        h.setName(name);
        out.put(name, h);
      }
    });
    return out;
  }

  private void walk(String prefix, java.util.function.BiConsumer<String, Object> visit) {
    for (int i = 0; i < entries.size(); i++) {
      Object e = entries.get(i);
      String name = prefix + entryNames.get(i);
      if (e instanceof Module m) {
        m.walk(name + ".", visit);
      } else {
        visit.accept(name, e);
      }
    }
  }

  /** Total number of trainable scalars. */
  public final long parameterCount() {
    long n = 0;
    for (Tensor t : namedParameters().values()) {
      n += t.size();
    }
    return n;
  }

  /** Sets every parameter gradient to zero. */
  public final void zeroGrad() {
    for (Tensor t : namedParameters().values()) {
      t.zeroGrad();
    }
  }

  /** A hook registry over this module's hook points (names resolved once). */
  public final Hooks hooks() {
    return new Hooks(namedHooks());
  }
}
