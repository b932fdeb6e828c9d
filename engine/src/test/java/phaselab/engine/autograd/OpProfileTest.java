package phaselab.engine.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import phaselab.engine.tensor.Tensor;

/** The step profiler charges each op its own GEMM FLOPs, forward and backward, and changes no result. */
class OpProfileTest {
  private static float[] run(boolean profile, Map<String, OpProfile.Segment>[] out) {
    Tensor a = Tensor.of("a", new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4, 3);
    Tensor b = Tensor.of("b", new float[] {1, -1, 2, 0, 1, 3, 1, 0, -2, 1, 0, 2, 1, 1, -1}, 3, 5);
    a.setRequiresGrad(true);
    b.setRequiresGrad(true);
    if (profile) {
      OpProfile.start();
    }
    Tensor y = Linalg.matmul(a, b);
    Tensor loss = Pointwise.sum(Pointwise.mul(y, y));
    OpProfile.mark("forward, untaped");
    Tape.backward(loss);
    OpProfile.mark("backward, tape walk");
    if (profile) {
      out[0] = OpProfile.stop();
    }
    float[] grads = new float[a.size() + b.size()];
    System.arraycopy(a.grad(), 0, grads, 0, a.size());
    System.arraycopy(b.grad(), 0, grads, a.size(), b.size());
    return grads;
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachOpGetsItsOwnGemmFlopsAndTheGradientsAreUnchanged() {
    Map<String, OpProfile.Segment>[] seg = new Map[1];
    float[] plain = run(false, seg);
    float[] profiled = run(true, seg);
    assertThat(profiled).containsExactly(plain);
    Map<String, OpProfile.Segment> s = seg[0];
    // (4×3)·(3×5): 2·4·5·3 = 120 FLOPs forward; backward dA (4×5 · 5×3) and dB (3×4 · 4×5): 120 each
    assertThat(s.get("forward matmul").flops).isEqualTo(120);
    assertThat(s.get("backward matmul").flops).isEqualTo(240);
    assertThat(s.get("forward matmul").calls).isEqualTo(1);
    assertThat(s.get("forward matmul").outBytes).isEqualTo(4L * 20);
    assertThat(s.get("forward mul").flops).isZero();
    assertThat(s).containsKeys("backward mul", "forward sum", "backward sum", "forward, untaped", "backward, tape walk");
    assertThat(s.values().stream().allMatch(x -> x.nanos >= 0)).isTrue();
    // off again: nothing is recorded
    run(false, seg);
    OpProfile.mark("ignored");
    assertThat(OpProfile.stop()).isEmpty();
  }
}
