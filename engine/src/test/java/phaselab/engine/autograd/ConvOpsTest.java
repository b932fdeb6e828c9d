package phaselab.engine.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static phaselab.engine.autograd.GradCheck.randn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import phaselab.engine.io.Safetensors;
import phaselab.engine.tensor.ShapeException;
import phaselab.engine.tensor.Tensor;

/**
 * Conv2d and MaxPool2d: gradient checks over strides, paddings and with/without bias; the values
 * and gradients against real PyTorch (src/test/python/conv_golden.py, run live; skipped without
 * torch unless PHASELAB_REQUIRE_TORCH=1); bit-identical results for any thread count; shape errors.
 */
class ConvOpsTest {
  private final GradCheck gc = GradCheck.defaults().tolerance(5e-3, 3e-2).maxPerInput(30);

  @Test
  void conv2dGradientsForEveryStrideAndPadding() {
    for (int[] sp : new int[][] {{1, 0}, {1, 1}, {2, 1}, {2, 0}, {3, 2}}) {
      Tensor x = randn("x", 1, 1f, 2, 3, 6, 5).setRequiresGrad(true);
      Tensor w = randn("w", 2, 0.5f, 4, 3, 3, 2).setRequiresGrad(true);
      Tensor b = randn("b", 3, 0.5f, 4).setRequiresGrad(true);
      gc.check(() -> ConvOps.conv2d(x, w, b, sp[0], sp[1]), List.of(x, w, b));
      gc.check(() -> ConvOps.conv2d(x, w, null, sp[0], sp[1]), List.of(x, w));
    }
  }

  @Test
  void maxPoolGradientsGoToTheWindowMaximum() {
    Tensor x = randn("x", 4, 1f, 2, 3, 6, 7).setRequiresGrad(true); // continuous values: no ties
    gc.check(() -> ConvOps.maxPool2d(x, 2, 2), List.of(x));
    gc.check(() -> ConvOps.maxPool2d(x, 3, 1), List.of(x));
    // a hand case: one 2×2 window
    Tensor t = Tensor.of("t", new float[] {1, 5, 3, 2}, 1, 1, 2, 2);
    assertThat(ConvOps.maxPool2d(t, 2, 2).data).containsExactly(5f);
  }

  @Test
  void resultsAreIdenticalForAnyThreadCount() {
    Tensor x = randn("x", 5, 1f, 4, 8, 16, 16);
    Tensor w = randn("w", 6, 0.2f, 16, 8, 3, 3);
    int before = phaselab.engine.tensor.Parallel.threads();
    try {
      phaselab.engine.tensor.Parallel.setThreads(1);
      float[] one = ConvOps.conv2d(x, w, null, 1, 1).data.clone();
      phaselab.engine.tensor.Parallel.setThreads(2);
      float[] two = ConvOps.conv2d(x, w, null, 1, 1).data.clone();
      assertThat(two).containsExactly(one);
    } finally {
      phaselab.engine.tensor.Parallel.setThreads(before);
    }
  }

  @Test
  void badShapesAreRefusedWithTheCause() {
    Tensor x = Tensor.zeros("x", 1, 3, 4, 4);
    assertThatThrownBy(() -> ConvOps.conv2d(x, Tensor.zeros("w", 2, 2, 3, 3), null, 1, 0)).isInstanceOf(ShapeException.class)
        .hasMessageContaining("expects 2 input channels").hasMessageContaining("has 3");
    assertThatThrownBy(() -> ConvOps.conv2d(x, Tensor.zeros("w", 2, 3, 5, 5), null, 1, 0)).hasMessageContaining("does not fit");
    assertThatThrownBy(() -> ConvOps.maxPool2d(x, 5, 1)).hasMessageContaining("does not fit");
  }

  @Test
  @Tag("external")
  void matchesPyTorch() throws Exception {
    String python = System.getenv().getOrDefault("PHASELAB_PYTHON", "/usr/bin/python3");
    boolean hasTorch = Files.isExecutable(Paths.get(python))
        && new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start().waitFor() == 0;
    if (!hasTorch) {
      if ("1".equals(System.getenv("PHASELAB_REQUIRE_TORCH"))) {
        throw new AssertionError("PHASELAB_REQUIRE_TORCH=1 but " + python + " cannot import torch; apt-get install -y python3-torch");
      }
      assumeTrue(false, "PyTorch not available; reference check skipped");
    }
    Path dir = Paths.get("target", "golden");
    Files.createDirectories(dir);
    Process p = new ProcessBuilder(python, "src/test/python/conv_golden.py", dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("conv_golden.py failed:\n%s", out).isZero();
    Safetensors.Contents g = Safetensors.read(dir.resolve("golden_conv.safetensors"));
    Tensor x = tensor(g, "conv.x").setRequiresGrad(true);
    Tensor w = tensor(g, "conv.w").setRequiresGrad(true);
    Tensor b = tensor(g, "conv.b").setRequiresGrad(true);
    Tensor y = ConvOps.conv2d(x, w, b, 2, 1);
    close(y.data, g.require("conv.y").floats(), "conv y");
    Tape.backward(y, g.require("conv.dy").floats());
    close(x.grad(), g.require("conv.dx").floats(), "conv dx");
    close(w.grad(), g.require("conv.dw").floats(), "conv dw");
    close(b.grad(), g.require("conv.db").floats(), "conv db");
    Tensor px = tensor(g, "pool.x").setRequiresGrad(true);
    Tensor py = ConvOps.maxPool2d(px, 2, 2);
    close(py.data, g.require("pool.y").floats(), "pool y");
    Tape.backward(py, g.require("pool.dy").floats());
    close(px.grad(), g.require("pool.dx").floats(), "pool dx");
  }

  private static Tensor tensor(Safetensors.Contents g, String name) {
    return Tensor.of(name, g.require(name).floats(), g.require(name).intShape());
  }

  /** max |diff| ≤ 1e-5 · max(1, max |reference|). */
  private static void close(float[] ours, float[] ref, String what) {
    assertThat(ours).as(what).hasSize(ref.length);
    double max = 1;
    double diff = 0;
    for (int i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.abs(ref[i]));
      diff = Math.max(diff, Math.abs(ours[i] - ref[i]));
    }
    assertThat(diff / max).as(what).isLessThan(1e-5);
  }
}
