package phaselab.engine.model;

import java.util.ArrayList;
import java.util.List;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.nn.HookPoint;
import phaselab.engine.nn.Hooks;
import phaselab.engine.nn.Init;
import phaselab.engine.nn.Linear;
import phaselab.engine.nn.Module;
import phaselab.engine.nn.ModuleGroup;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/**
 * A fully connected network x → W_L σ(… σ(W_1 x + b_1) …) + b_L, the object of the
 * gradient-balance theory (Ziyin et al. 2025). With identity activation and no bias it is a deep
 * linear net. Hooks: layers.{i}.pre (the affine output) and layers.{i}.post (after σ; not on the
 * last layer), then output.
 */
public final class Mlp extends VectorNet {
  private final List<Linear> layers = new ArrayList<>();
  private final List<HookPoint> pre = new ArrayList<>();
  private final List<HookPoint> post = new ArrayList<>();
  private final HookPoint hookOutput;
  private final FeedForward.Activation activation;
  private final int[] widths;

  /** widths = [in, hidden…, out]; one Linear between each consecutive pair. */
  public Mlp(int[] widths, boolean bias, FeedForward.Activation activation) {
    if (widths.length < 2) {
      throw new IllegalArgumentException("an MLP needs at least input and output widths, got " + java.util.Arrays.toString(widths));
    }
    this.widths = widths.clone();
    this.activation = activation;
    ModuleGroup list = child("layers", new ModuleGroup());
    for (int i = 0; i + 1 < widths.length; i++) {
      ModuleGroup slot = list.add(Integer.toString(i), new ModuleGroup());
      layers.add(slot.add("linear", new Linear(widths[i], widths[i + 1], bias)));
      pre.add(slot.addHook("pre"));
      post.add(i + 2 < widths.length ? slot.addHook("post") : null);
    }
    hookOutput = hook("output");
    namedHooks();
  }

  public List<Linear> layers() {
    return layers;
  }

  public int[] widths() {
    return widths.clone();
  }

  /** PyTorch's default: weights and biases Uniform(±1/√fan_in) times {@code gain}. */
  public Mlp initialize(RngStream init, double gain) {
    for (Linear l : layers) {
      double bound = gain / Math.sqrt(l.in);
      Init.uniform(l.weight, bound, init);
      if (l.bias != null) {
        Init.uniform(l.bias, bound, init);
      }
    }
    return this;
  }

  /** x (N, in) → (N, out). */
  @Override
  public Tensor forward(Tensor x) {
    for (int i = 0; i < layers.size(); i++) {
      x = pre.get(i).apply(layers.get(i).forward(x));
      if (post.get(i) != null) {
        x = post.get(i).apply(FeedForward.activate(x, activation));
      }
    }
    return hookOutput.apply(x);
  }

  @Override
  public String describe() {
    return "an MLP " + java.util.Arrays.toString(widths);
  }
}
