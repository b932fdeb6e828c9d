package phaselab.engine.tensor;

import java.util.concurrent.atomic.LongAdder;

/**
 * Multiply-add FLOPs of every GEMM while profiling is on (2 per multiply-add), from whichever
 * thread runs it; {@link phaselab.engine.autograd.OpProfile} reads it between ops. Off, it costs
 * one volatile read per GEMM call.
 */
public final class GemmCounter {
  private GemmCounter() {}

  private static volatile boolean enabled;
  private static final LongAdder FLOPS = new LongAdder();

  public static void enable(boolean on) {
    enabled = on;
  }

  static void count(int m, int n, int k) {
    if (enabled) {
      FLOPS.add(2L * m * n * k);
    }
  }

  /** FLOPs counted since the last call, and resets the count. */
  public static long takeFlops() {
    return FLOPS.sumThenReset();
  }
}
