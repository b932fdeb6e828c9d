package phaselab.engine.nn;

import phaselab.engine.tensor.Tensor;

/**
 * A named group with no computation of its own ("blocks", "mlm", "layers.0"): how a model, in
 * its own package, nests parameters, children and hook points under one prefix. Registration
 * order is forward order, as in any module.
 */
public final class ModuleGroup extends Module {
  /** Registers {@code module} under {@code name}. */
  public <M extends Module> M add(String name, M module) {
    return child(name, module);
  }

  /** Registers a hook point under {@code name}. */
  public HookPoint addHook(String name) {
    return hook(name);
  }

  /** Registers a trainable parameter under {@code name}. */
  public Tensor addParam(String name, int... shape) {
    return param(name, shape);
  }
}
