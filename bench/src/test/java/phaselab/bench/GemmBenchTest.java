package phaselab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phaselab.engine.tensor.Parallel;

/**
 * `bench gemm --shape M,N,K` runs every rectangular shape in every layout: the operands are sized
 * by their own dimensions (a fill loop over A's length once overran B when M > N).
 */
class GemmBenchTest {
  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(2);
  }

  @ParameterizedTest
  @CsvSource({
    "2048,512,256,tn", "512,2048,256,tn", "256,2048,512,nt", "256,512,2048,nn", "96,17,300,nn"
  })
  void timesEveryShapeAndLayout(int m, int n, int k, String layout) {
    Map<String, Object> out = GemmBench.run(m, n, k, 1, layout, 0.001);

    assertThat(out).containsEntry("m", m).containsEntry("n", n).containsEntry("k", k);
    assertThat(out).containsEntry("layout", layout);
    assertThat((double) out.get("gflops")).isPositive();
    assertThat((int) out.get("reps")).isGreaterThanOrEqualTo(5);
  }
}
