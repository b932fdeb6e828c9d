package phaselab.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fp32 FMA limit of this machine, measured from Java: every thread runs an unrolled loop of
 * vector FMAs on 16 independent accumulators (more than latency × FMA units on any x86 core, so
 * the loop is bound by FMA throughput alone, with no loads). Every GFLOP/s figure of the other
 * benchmarks is reported as a fraction of this number, measured on the same machine.
 */
public final class PeakBench {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** FMAs per accumulator per call of {@link #burst}; large enough that the call overhead vanishes. */
  private static final int ITERATIONS = 1 << 16;

  private PeakBench() {}

  /** Result fields: threads, lanes, gflops (best, all threads), gflops_per_core, gflops_median. */
  public static Map<String, Object> run(int threads, double seconds) {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
    }
    burstsFor(0.5); // JIT warm-up: the loop must be compiled by C2 before it is timed
    List<Double> rates = new ArrayList<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end || rates.size() < 5) {
      rates.add(measureOnce(threads, 0.2));
    }
    rates.sort(null);
    double best = rates.get(rates.size() - 1);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bench", "peak");
    out.put("threads", threads);
    out.put("lanes", S.length());
    out.put("gflops", GemmBench.round(best));
    out.put("gflops_per_core", GemmBench.round(best / threads));
    out.put("gflops_median", GemmBench.round(rates.get(rates.size() / 2)));
    out.put("reps", rates.size());
    out.put("cpu", phaselab.engine.tensor.CpuInfo.modelName());
    return out;
  }

  /**
   * Memory bandwidth in GB/s, best of repeated STREAM-style triads a[i] = b[i] + s·c[i] over
   * arrays of 2^25 floats (128 MiB each, far beyond any cache), split into {@code threads} fixed
   * slices: 12 bytes moved per element (two reads and a write; write-allocate traffic not counted,
   * as STREAM reports it). The yardstick of the memory-bound ops in a training-step profile.
   */
  public static double memoryBandwidth(int threads, double seconds) {
    int n = 1 << 25;
    float[] a = new float[n];
    float[] b = new float[n];
    float[] c = new float[n];
    java.util.Arrays.fill(b, 1f);
    java.util.Arrays.fill(c, 2f);
    double best = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int reps = 0;
    while (System.nanoTime() < end || reps < 3) {
      long t0 = System.nanoTime();
      java.util.stream.IntStream.range(0, threads).parallel().forEach(t -> {
        int from = (int) ((long) n * t / threads);
        int to = (int) ((long) n * (t + 1) / threads);
        for (int i = from; i < to; i++) {
          a[i] = b[i] + 0.5f * c[i];
        }
      });
      double gbs = 12.0 * n / (System.nanoTime() - t0);
      best = Math.max(best, gbs);
      reps++;
    }
    if (a[n / 2] != 2f) {
      throw new IllegalStateException("triad gave " + a[n / 2]);
    }
    return best;
  }

  /** The per-core figure alone (best of a short measurement), for benchmarks that report a fraction of it. */
  public static double perCore(double seconds) {
    return (double) run(1, seconds).get("gflops_per_core");
  }

  /** All threads start together and each runs for about {@code seconds}; returns total GFLOP/s. */
  private static double measureOnce(int threads, double seconds) {
    CyclicBarrier start = new CyclicBarrier(threads);
    double[] flops = new double[threads];
    long[] nanos = new long[threads];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int id = t;
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        long t0 = System.nanoTime();
        long bursts = burstsFor(seconds);
        nanos[id] = System.nanoTime() - t0;
        flops[id] = bursts * 16.0 * ITERATIONS * 2.0 * S.length();
      }, "phaselab-peak-" + t);
      workers.add(th);
      th.start();
    }
    double total = 0;
    for (int t = 0; t < threads; t++) {
      try {
        workers.get(t).join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      total += flops[t] / (nanos[t] / 1e9) / 1e9;
    }
    return total;
  }

  private static volatile float sink;

  private static long burstsFor(double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long n = 0;
    float s = 0;
    while (System.nanoTime() < end) {
      s += burst(0.999f + 1e-7f * (n & 7), 1e-3f);
      n++;
    }
    sink = s;
    return n;
  }

  /** 16 independent chains of acc ← acc·x + y; the result is consumed so C2 keeps every FMA. */
  private static float burst(float xs, float ys) {
    FloatVector x = FloatVector.broadcast(S, xs);
    FloatVector y = FloatVector.broadcast(S, ys);
    FloatVector a0 = FloatVector.broadcast(S, 0.1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    FloatVector a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
    for (int i = 0; i < ITERATIONS; i++) {
      a0 = a0.fma(x, y);
      a1 = a1.fma(x, y);
      a2 = a2.fma(x, y);
      a3 = a3.fma(x, y);
      a4 = a4.fma(x, y);
      a5 = a5.fma(x, y);
      a6 = a6.fma(x, y);
      a7 = a7.fma(x, y);
      a8 = a8.fma(x, y);
      a9 = a9.fma(x, y);
      a10 = a10.fma(x, y);
      a11 = a11.fma(x, y);
      a12 = a12.fma(x, y);
      a13 = a13.fma(x, y);
      a14 = a14.fma(x, y);
      a15 = a15.fma(x, y);
    }
    FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
        .add(a8).add(a9).add(a10).add(a11).add(a12).add(a13).add(a14).add(a15);
    return s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }
}
