package phaselab.engine.autograd;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.engine.tensor.Tensor;

/** The gradient check must be able to fail: a deliberately wrong backward is caught. */
class GradCheckSelfTest {
  @Test
  void wrongBackwardIsCaught() {
    Tensor x = GradCheck.randn("x", 1, 1f, 3, 4);
    assertThatThrownBy(() -> GradCheck.defaults().check(() -> {
      Tensor y = Tensor.zeros("square", 3, 4);
      for (int i = 0; i < y.size(); i++) {
        y.data[i] = x.data[i] * x.data[i];
      }
      if (Tape.needsGrad(x)) {
        Tape.record(y, () -> {
          for (int i = 0; i < y.size(); i++) {
            x.gradOrCreate()[i] += y.grad()[i] * x.data[i]; // wrong: misses the factor 2
          }
        });
      }
      return y;
    }, List.of(x))).isInstanceOf(AssertionError.class).hasMessageContaining("analytic");
  }
}
