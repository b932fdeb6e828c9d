package phaselab.lab.task.supervised;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The teacher task's input spectrum and views. */
class TeacherInputsTest {
  private static Examples train(double spectrum, long view) {
    return TeacherRegression.generate(20, 10, 5, 1.0, 4000, 10, 1, spectrum, view)[0];
  }

  private static double variance(Examples e, int coordinate) {
    double s = 0;
    for (int i = 0; i < e.n(); i++) {
      double v = e.x()[i * e.inputDim() + coordinate];
      s += v * v;
    }
    return s / e.n();
  }

  @Test
  void isotropicDataAreThoseOfTheOriginalGenerator() {
    Examples old = TeacherRegression.generate(20, 10, 5, 1.0, 4000, 10, 1)[0];
    assertThat(train(0, 0).x()).containsExactly(old.x());
    assertThat(train(0, 0).targets()).containsExactly(old.targets());
  }

  @Test
  void theSpectrumShapesTheInputCovariance() {
    Examples e = train(2, 0);
    // λ_i ∝ (i + 1)^−2 with mean 1: λ_1 / λ_20 = 400
    assertThat(variance(e, 0) / variance(e, 19)).isCloseTo(400, within(60.0));
    double mean = 0;
    for (int i = 0; i < 20; i++) {
      mean += variance(e, i) / 20;
    }
    assertThat(mean).isCloseTo(1, within(0.05));
  }

  @Test
  void aViewChangesTheInputsButNotTheTargets() {
    Examples plain = train(0, 0);
    Examples a = train(0, 3);
    Examples b = train(0, 4);
    assertThat(a.targets()).containsExactly(plain.targets());
    assertThat(a.x()).isNotEqualTo(plain.x());
    assertThat(a.x()).isNotEqualTo(b.x());
    assertThat(train(0, 3).x()).containsExactly(a.x());
  }

  @Test
  void theViewIsARotationTimesBoundedScales() {
    int d = 20;
    double[] a = TeacherRegression.viewMatrix(new phaselab.engine.rng.RngStream(3, "teacher/view"), d);
    // columns are orthogonal with norms in [1/2, 2]
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double dot = 0;
        for (int r = 0; r < d; r++) {
          dot += a[r * d + i] * a[r * d + j];
        }
        if (i == j) {
          assertThat(Math.sqrt(dot)).isBetween(0.5 - 1e-12, 2 + 1e-12);
        } else {
          assertThat(dot).isCloseTo(0, within(1e-12));
        }
      }
    }
  }
}
