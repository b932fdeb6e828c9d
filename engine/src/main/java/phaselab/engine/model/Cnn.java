package phaselab.engine.model;

import java.util.ArrayList;
import java.util.List;
import phaselab.engine.autograd.ConvOps;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.nn.Conv2d;
import phaselab.engine.nn.HookPoint;
import phaselab.engine.nn.Hooks;
import phaselab.engine.nn.Init;
import phaselab.engine.nn.Linear;
import phaselab.engine.nn.Module;
import phaselab.engine.nn.ModuleGroup;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/**
 * A VGG-style classifier over images given as flat vectors (N, C·H·W): blocks of 3×3 convolution
 * (padding 1) → ReLU → 2×2 max pooling, then the flattened last block into a linear output layer.
 * The single-filter setting of the Kanter group (Tzach et al. 2023; Meir et al. 2024) reads the
 * last block's filters through that output layer. Hooks: convs.L.post (after ReLU, (N, C_L, h, w)),
 * convs.L.pool (after pooling), output (N, classes).
 */
public final class Cnn extends VectorNet {
  private final int channels;
  private final int height;
  private final int width;
  private final int[] filters;
  private final List<Conv2d> convs = new ArrayList<>();
  private final List<HookPoint> post = new ArrayList<>();
  private final List<HookPoint> pool = new ArrayList<>();
  private final Linear output;
  private final HookPoint hookOutput;

  /** Images of {@code channels} × {@code height} × {@code width}; {@code filters[i]} output channels of block i. */
  public Cnn(int channels, int height, int width, int[] filters, int classes, boolean bias) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.filters = filters.clone();
    ModuleGroup list = child("convs", new ModuleGroup());
    int in = channels;
    int h = height;
    int w = width;
    for (int i = 0; i < filters.length; i++) {
      ModuleGroup slot = list.add(Integer.toString(i), new ModuleGroup());
      convs.add(slot.add("conv", new Conv2d(in, filters[i], 3, 1, 1, bias)));
      post.add(slot.addHook("post"));
      pool.add(slot.addHook("pool"));
      if (h < 2 || w < 2) {
        throw new IllegalArgumentException("a " + height + "×" + width + " image cannot be pooled " + filters.length
            + " times; use fewer conv blocks");
      }
      h /= 2;
      w /= 2;
      in = filters[i];
    }
    output = child("output", new Linear(in * h * w, classes, bias));
    hookOutput = hook("output_logits");
    namedHooks();
  }

  /** The output layer (the readout of the last block's filters). */
  public Linear output() {
    return output;
  }

  /** Output channels of the last block. */
  public int lastFilters() {
    return filters.length == 0 ? channels : filters[filters.length - 1];
  }

  /** PyTorch's default initialisation of every layer, U(±1/√fan_in). */
  public Cnn initialize(RngStream init) {
    for (Conv2d c : convs) {
      c.initialize(init);
    }
    double bound = 1 / Math.sqrt(output.in);
    Init.uniform(output.weight, bound, init);
    if (output.bias != null) {
      Init.uniform(output.bias, bound, init);
    }
    return this;
  }

  @Override
  public Tensor forward(Tensor x) {
    int n = x.dim(0);
    Tensor t = Pointwise.reshape(x, n, channels, height, width);
    for (int i = 0; i < convs.size(); i++) {
      t = post.get(i).apply(Pointwise.relu(convs.get(i).forward(t)));
      t = pool.get(i).apply(ConvOps.maxPool2d(t, 2, 2));
    }
    t = Pointwise.reshape(t, n, t.size() / n);
    return hookOutput.apply(output.forward(t));
  }

  @Override
  public String describe() {
    return "a CNN " + java.util.Arrays.toString(filters) + " (3×3 conv, ReLU, 2×2 max pool) on " + channels + "×" + height + "×" + width;
  }
}
