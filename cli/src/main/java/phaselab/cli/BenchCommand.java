package phaselab.cli;

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

  @Command(name = "gemm", mixinStandardHelpOptions = true, description = "C = A·B for n×n float32 matrices; prints GFLOP/s.")
  static final class Gemm implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "512", description = "matrix size (default ${DEFAULT-VALUE})")
    int n;
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
      print(GemmBench.run(n, threads, layout, seconds), json);
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

    @Override
    public Integer call() {
      if (!TrainBench.SHAPES.containsKey(config)) {
        System.err.println("phaselab bench train: unknown --config '" + config + "'; choose one of " + TrainBench.SHAPES.keySet());
        return 2;
      }
      print(TrainBench.run(config, threads, steps, warmup), json);
      return 0;
    }
  }
}
