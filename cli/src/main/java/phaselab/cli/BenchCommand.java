package phaselab.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phaselab.bench.GemmBench;
import phaselab.bench.PeakBench;
import phaselab.bench.TrainBench;
import phaselab.lab.run.RunJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phaselab bench peak|gemm|train}: kernel and end-to-end throughput. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure kernel and training throughput.",
    subcommands = {BenchCommand.Peak.class, BenchCommand.Gemm.class, BenchCommand.Train.class})
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static void print(Map<String, Object> result, boolean json) {
    if (json) {
      System.out.println(RunJson.write(result));
    } else {
      result.forEach((k, v) -> System.out.printf("%-14s %s%n", k, v));
    }
  }

  @Command(name = "peak", mixinStandardHelpOptions = true,
      description = "The machine's fp32 FMA limit, measured from Java (vector FMAs on independent accumulators); prints GFLOP/s.")
  static final class Peak implements Callable<Integer> {
    @Option(names = "--threads", defaultValue = "1", description = "threads running the loop at once (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--seconds", defaultValue = "2", description = "timed duration (default ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--json", description = "print one JSON line")
    boolean json;

    @Override
    public Integer call() {
      if (threads < 1) {
        System.err.println("phaselab bench peak: --threads must be >= 1, got " + threads);
        return 2;
      }
      print(PeakBench.run(threads, seconds), json);
      return 0;
    }
  }

  @Command(name = "gemm", mixinStandardHelpOptions = true,
      description = "C = op(A)·op(B) for n×n (or --shape M,N,K) float32 matrices; prints the best and median GFLOP/s.")
  static final class Gemm implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "512", description = "matrix size (default ${DEFAULT-VALUE})")
    int n;
    @Option(names = "--shape", paramLabel = "M,N,K", split = ",",
        description = "a rectangular product instead: C is M×N, the depth K (a training step's shapes, e.g. 256,2048,512)")
    List<Integer> shape;
    @Option(names = "--threads", defaultValue = "1", description = "worker threads (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--layout", defaultValue = "nn", description = "nn (A·B), nt (A·Bᵀ) or tn (Aᵀ·B)")
    String layout;
    @Option(names = "--seconds", defaultValue = "3", description = "timed duration (default ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--json", description = "print one JSON line")
    boolean json;

    @Override
    public Integer call() {
      if (!layout.matches("nn|nt|tn")) {
        System.err.println("phaselab bench gemm: --layout must be nn, nt or tn, got '" + layout + "'");
        return 2;
      }
      if (shape != null && (shape.size() != 3 || shape.stream().anyMatch(d -> d < 1))) {
        System.err.println("phaselab bench gemm: --shape must be three positive sizes M,N,K, got " + shape);
        return 2;
      }
      print(shape == null ? GemmBench.run(n, threads, layout, seconds)
          : GemmBench.run(shape.get(0), shape.get(1), shape.get(2), threads, layout, seconds), json);
      return 0;
    }
  }

  @Command(name = "train", mixinStandardHelpOptions = true, description = "Full training steps (forward, loss at every position, backward, AdamW).")
  static final class Train implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "dyck-small", description = "dyck-small, grok-paper or bert-mini")
    String config;
    @Option(names = "--threads", defaultValue = "2", description = "worker threads (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--steps", defaultValue = "20", description = "timed steps (default ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--warmup", defaultValue = "5", description = "untimed steps first (default ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--json", description = "print one JSON line")
    boolean json;
    @Option(names = "--profile", description = "also account for the whole step, op by op (forward and backward), with each GEMM "
        + "segment's share of this machine's FMA limit and each other segment's output rate beside its memory bandwidth")
    boolean profile;

    @Override
    public Integer call() {
      if (!TrainBench.SHAPES.containsKey(config)) {
        System.err.println("phaselab bench train: unknown --config '" + config + "'; choose one of " + TrainBench.SHAPES.keySet());
        return 2;
      }
      Map<String, Object> r = TrainBench.run(config, threads, steps, warmup, profile);
      if (!profile) {
        print(r, json);
        return 0;
      }
      double peak = ((Number) PeakBench.run(threads, 1.0).get("gflops")).doubleValue();
      double bandwidth = PeakBench.memoryBandwidth(threads, 1.0);
      r.put("fma_limit_gflops", Math.round(peak * 10) / 10.0);
      r.put("memory_gb_per_s", Math.round(bandwidth * 10) / 10.0);
      if (json) {
        print(r, true);
        return 0;
      }
      @SuppressWarnings("unchecked")
      java.util.List<Map<String, Object>> rows = (java.util.List<Map<String, Object>>) r.remove("profile");
      print(r, false);
      System.out.printf("%nprofile of one step (%s, %d threads; FMA limit %.0f GFLOP/s, memory %.1f GB/s):%n", config, threads, peak, bandwidth);
      System.out.printf("  %-52s %7s %9s %7s %9s %7s %11s%n", "segment", "calls", "ms", "share", "GFLOP/s", "of FMA", "out GB/s");
      double total = 0;
      for (Map<String, Object> row : rows) {
        double g = ((Number) row.get("gflops")).doubleValue();
        double share = ((Number) row.get("share")).doubleValue();
        total += share;
        System.out.printf("  %-52s %7.1f %9.3f %6.1f%% %9s %7s %11s%n", row.get("segment"), ((Number) row.get("calls_per_step")).doubleValue(),
            ((Number) row.get("ms_per_step")).doubleValue(), 100 * share, g > 0 ? String.format("%.1f", g) : "",
            g > 0 ? String.format("%.0f%%", 100 * g / peak) : "", g > 0 ? "" : String.format("%.2f", ((Number) row.get("out_gb_per_s")).doubleValue()));
      }
      System.out.printf("  %-52s %7s %9s %6.1f%%%n", "total (the step's wall time)", "", "", 100 * total);
      return 0;
    }
  }
}
