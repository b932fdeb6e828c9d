package phaselab.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;

/**
 * C = op(A)·op(B) for float32 matrices, square n×n or any m×n×k (the training step's shapes): best
 * and median GFLOP/s over timed repetitions. The best of many short calls is the kernel's own speed
 * even when other work shares the machine; the median shows the sharing.
 */
public final class GemmBench {
  private GemmBench() {}

  /** Result fields: n, threads, layout, kernels, gflops (best), gflops_median, ms (best). */
  public static Map<String, Object> run(int n, int threads, String layout, double seconds) {
    return run(n, n, n, threads, layout, seconds);
  }

  /** C (m×n) = op(A)·op(B) with depth k; the result also names m and k. */
  public static Map<String, Object> run(int m, int n, int k, int threads, String layout, double seconds) {
    Parallel.setThreads(threads);
    boolean tA = layout.equals("tn");
    boolean tB = layout.equals("nt");
    RngStream r = new RngStream(1, "bench");
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    float[] c = new float[m * n];
    fill(a, r);
    fill(b, r);
    Kernels kernels = Kernels.get();
    double flops = 2.0 * m * n * k;
    long warmEnd = System.nanoTime() + (long) (Math.min(2.0, seconds) * 1e9);
    while (System.nanoTime() < warmEnd) {
      kernels.gemm(tA, tB, m, n, k, a, 0, b, 0, c, 0, false);
    }
    java.util.List<Double> times = new java.util.ArrayList<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end || times.size() < 5) {
      long t0 = System.nanoTime();
      kernels.gemm(tA, tB, m, n, k, a, 0, b, 0, c, 0, false);
      times.add((System.nanoTime() - t0) / 1e9);
    }
    java.util.Collections.sort(times);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bench", "gemm");
    if (m != n || k != n) {
      out.put("m", m);
    }
    out.put("n", n);
    if (m != n || k != n) {
      out.put("k", k);
    }
    out.put("layout", layout);
    out.put("threads", threads);
    out.put("kernels", kernels.name());
    out.put("gflops", round(flops / times.get(0) / 1e9));
    out.put("gflops_median", round(flops / times.get(times.size() / 2) / 1e9));
    out.put("ms", round(times.get(0) * 1e3));
    out.put("reps", times.size());
    return out;
  }

  private static void fill(float[] x, RngStream r) {
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() - 0.5f;
    }
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
