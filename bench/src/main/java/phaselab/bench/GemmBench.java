package phaselab.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;

/** C = A·B for square n×n float32 matrices: best and median GFLOP/s over timed repetitions. */
public final class GemmBench {
  private GemmBench() {}

  /** Result fields: n, threads, layout, kernels, gflops (best), gflops_median, ms (best). */
  public static Map<String, Object> run(int n, int threads, String layout, double seconds) {
    Parallel.setThreads(threads);
    boolean tA = layout.equals("tn");
    boolean tB = layout.equals("nt");
    RngStream r = new RngStream(1, "bench");
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    float[] c = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat() - 0.5f;
      b[i] = r.nextFloat() - 0.5f;
    }
    Kernels k = Kernels.get();
    double flops = 2.0 * n * n * n;
    long warmEnd = System.nanoTime() + (long) (Math.min(2.0, seconds) * 1e9);
    while (System.nanoTime() < warmEnd) {
      k.gemm(tA, tB, n, n, n, a, 0, b, 0, c, 0, false);
    }
    java.util.List<Double> times = new java.util.ArrayList<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end || times.size() < 5) {
      long t0 = System.nanoTime();
      k.gemm(tA, tB, n, n, n, a, 0, b, 0, c, 0, false);
      times.add((System.nanoTime() - t0) / 1e9);
    }
    java.util.Collections.sort(times);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bench", "gemm");
    out.put("n", n);
    out.put("layout", layout);
    out.put("threads", threads);
    out.put("kernels", k.name());
    out.put("gflops", round(flops / times.get(0) / 1e9));
    out.put("gflops_median", round(flops / times.get(times.size() / 2) / 1e9));
    out.put("ms", round(times.get(0) * 1e3));
    out.put("reps", times.size());
    return out;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
