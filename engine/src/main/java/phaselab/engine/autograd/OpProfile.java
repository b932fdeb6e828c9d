package phaselab.engine.autograd;

import java.util.LinkedHashMap;
import java.util.Map;
import phaselab.engine.tensor.GemmCounter;

/**
 * Where a training step's time goes, op by op ({@code phaselab bench train --profile}). While on,
 * the tape charges the wall time since the previous mark to each op it records (its forward: the
 * op's own work plus anything untaped just before it), times each backward closure, and takes the
 * GEMM FLOPs counted meanwhile ({@link GemmCounter}). The caller marks the segments outside the
 * tape (data, zero-grad, clipping, the optimizer), so the segments add up to the whole step. For
 * one thread's tape at a time: it is a benchmark instrument, off in training.
 */
public final class OpProfile {
  private OpProfile() {}

  /** One segment's totals. */
  public static final class Segment {
    public long calls;
    public long nanos;
    public long flops;
    /** Bytes of the op's outputs (forward) or of its output's gradient (backward): a lower bound on its memory traffic. */
    public long outBytes;
  }

  private static volatile boolean active;
  private static final Map<String, Segment> SEGMENTS = new LinkedHashMap<>();
  private static long last;

  static boolean active() {
    return active;
  }

  /** Starts profiling: clears the totals and sets the mark to now. */
  public static void start() {
    SEGMENTS.clear();
    GemmCounter.enable(true);
    GemmCounter.takeFlops();
    last = System.nanoTime();
    active = true;
  }

  /** Stops profiling and returns the totals by segment, in first-seen order. */
  public static Map<String, Segment> stop() {
    active = false;
    GemmCounter.enable(false);
    Map<String, Segment> out = new LinkedHashMap<>(SEGMENTS);
    SEGMENTS.clear();
    return out;
  }

  /** Charges the time and FLOPs since the last mark to {@code segment}; the mark moves to now. */
  public static void mark(String segment) {
    if (!active) {
      return;
    }
    long now = System.nanoTime();
    add(segment, now - last, GemmCounter.takeFlops(), 0);
    last = now;
  }

  static void forward(String op, long outBytes) {
    long now = System.nanoTime();
    add("forward " + op, now - last, GemmCounter.takeFlops(), outBytes);
    last = now;
  }

  /** The backward closure, timed and charged to "backward OP". */
  static Runnable timed(String op, long outBytes, Runnable backward) {
    return () -> {
      long t0 = System.nanoTime();
      GemmCounter.takeFlops(); // bookkeeping between closures is charged by the caller's mark
      backward.run();
      long t1 = System.nanoTime();
      add("backward " + op, t1 - t0, GemmCounter.takeFlops(), outBytes);
      // the time between closures (gradient hooks, skipped ops) goes to the next mark
      last += t1 - t0;
    };
  }

  private static void add(String name, long nanos, long flops, long outBytes) {
    Segment s = SEGMENTS.computeIfAbsent(name, k -> new Segment());
    s.calls++;
    s.nanos += nanos;
    s.flops += flops;
    s.outBytes += outBytes;
  }
}
