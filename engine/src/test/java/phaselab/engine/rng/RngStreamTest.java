package phaselab.engine.rng;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RngStreamTest {
  @Test
  void sameSeedAndPurposeSameStreamOtherPurposeIndependent() {
    RngStream a = new RngStream(7, "init");
    RngStream b = new RngStream(7, "init");
    RngStream c = new RngStream(7, "data");
    long[] xa = new long[100];
    int same = 0;
    for (int i = 0; i < 100; i++) {
      xa[i] = a.nextLong();
      assertThat(b.nextLong()).isEqualTo(xa[i]);
      if (c.nextLong() == xa[i]) {
        same++;
      }
    }
    assertThat(same).isZero();
  }

  @Test
  void stateRestoresTheExactContinuation() {
    RngStream a = new RngStream(3, "mask");
    for (int i = 0; i < 17; i++) {
      a.nextFloat();
    }
    long[] s = a.state();
    double x = a.nextGaussian();
    int y = a.nextInt(1000);
    RngStream b = new RngStream(99, "mask");
    b.restore(s);
    assertThat(b.nextGaussian()).isEqualTo(x);
    assertThat(b.nextInt(1000)).isEqualTo(y);
  }

  @Test
  void distributionsHaveTheRightMoments() {
    RngStream r = new RngStream(1, "moments");
    int n = 200_000;
    double sum = 0;
    double sq = 0;
    double fsum = 0;
    int[] counts = new int[7];
    for (int i = 0; i < n; i++) {
      double g = r.nextGaussian();
      sum += g;
      sq += g * g;
      float f = r.nextFloat();
      assertThat(f).isGreaterThanOrEqualTo(0f).isLessThan(1f);
      fsum += f;
      counts[r.nextInt(7)]++;
    }
    assertThat(sum / n).isBetween(-0.01, 0.01);
    assertThat(sq / n).isBetween(0.98, 1.02);
    assertThat(fsum / n).isBetween(0.495, 0.505);
    for (int c : counts) {
      assertThat(c).isBetween(n / 7 - 800, n / 7 + 800);
    }
  }
}
