package phaselab.engine.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Chooses the {@link GemmPlan} for this machine by a short measured search on first use, and
 * caches it per CPU model, vector width and JDK under {@code ~/.cache/phaselab/gemm/}.
 *
 * <p>Properties (all optional):
 * <ul>
 *   <li>{@code phaselab.gemm.tune}: {@code auto} (default: the cached plan, else search and cache),
 *       {@code off} (the built-in defaults, no search, no file), {@code force} (search again);
 *   <li>{@code phaselab.gemm.kernel} ({@code 8x2}: rows × vectors), {@code phaselab.gemm.kc},
 *       {@code .mc}, {@code .nc} (columns), {@code .packabove} (columns): override single choices of whatever plan is in effect;
 *   <li>the cache root is {@code $PHASELAB_CACHE} when set (as for the data cache), else
 *       {@code ~/.cache/phaselab}.
 * </ul>
 * A plan never changes results (see {@link VectorGemm}), only speed.
 */
public final class GemmTuner {
  /** Wall-clock budget of the search; it stops early once every stage has been measured. */
  static final double BUDGET_SECONDS = 10;

  private static volatile GemmPlan plan;

  private GemmTuner() {}

  /** The plan in effect: tuned (or cached) once per JVM, then the property overrides applied. */
  public static GemmPlan plan() {
    GemmPlan p = plan;
    if (p == null) {
      synchronized (GemmTuner.class) {
        p = plan;
        if (p == null) {
          p = withOverrides(base());
          plan = p;
        }
      }
    }
    return p;
  }

  /** Where the plan of this machine is cached. */
  public static Path cacheFile() {
    String env = System.getenv("PHASELAB_CACHE");
    String root = env != null && !env.isBlank() ? env : System.getProperty("user.home") + "/.cache/phaselab";
    return Path.of(root, "gemm", CpuInfo.tuningKey() + ".properties");
  }

  private static GemmPlan base() {
    String mode = System.getProperty("phaselab.gemm.tune", "auto");
    switch (mode) {
      case "off":
        return GemmPlan.defaults();
      case "auto":
      case "force":
        break;
      default:
        throw new IllegalArgumentException("phaselab.gemm.tune must be auto, off or force, got '" + mode + "'");
    }
    Path file = cacheFile();
    if (mode.equals("auto")) {
      GemmPlan cached = read(file);
      if (cached != null) {
        return cached;
      }
    }
    System.err.println("phaselab: measuring GEMM tile and block sizes for this CPU (once, up to "
        + (int) BUDGET_SECONDS + " s; cached in " + file + ")");
    Result r = search(BUDGET_SECONDS);
    System.err.printf("phaselab: GEMM plan %s: %.0f GFLOP/s on one thread (defaults %.0f)%n", r.plan, r.gflops, r.defaultGflops);
    write(file, r.plan);
    return r.plan;
  }

  /** The plan with any {@code phaselab.gemm.*} property applied over it. */
  static GemmPlan withOverrides(GemmPlan p) {
    int shape = p.shape();
    String kernel = System.getProperty("phaselab.gemm.kernel");
    if (kernel != null) {
      shape = GemmPlan.shapeIndex(kernel.trim());
      if (shape < 0) {
        throw new IllegalArgumentException("phaselab.gemm.kernel='" + kernel + "' is not a kernel shape; choose one of "
            + GemmPlan.shapeNames());
      }
    }
    int nr = GemmKernels.SHAPES[shape][1] * GemmKernels.L;
    int kc = intProperty("phaselab.gemm.kc", p.kc());
    int mc = intProperty("phaselab.gemm.mc", p.mc());
    int nc = intProperty("phaselab.gemm.nc", p.ncPanels() * p.nr());
    int packAbove = intProperty("phaselab.gemm.packabove", p.packAAbove(), 0); // 0: always pack
    return new GemmPlan(shape, kc, mc, Math.max(1, nc / nr), packAbove);
  }

  private static int intProperty(String key, int fallback) {
    return intProperty(key, fallback, 1);
  }

  private static int intProperty(String key, int fallback, int min) {
    String v = System.getProperty(key);
    if (v == null) {
      return fallback;
    }
    try {
      int x = Integer.parseInt(v.trim());
      if (x < min) {
        throw new NumberFormatException();
      }
      return x;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "='" + v + "' must be an integer >= " + min, e);
    }
  }

  /** The outcome of a search: the best plan, its 1-thread GFLOP/s and the defaults' on the same shapes. */
  public record Result(GemmPlan plan, double gflops, double defaultGflops) {}

  /**
   * Coordinate search on one thread over the shapes a training step is made of (a square
   * product, a token-major forward, a weight-gradient reduction): first the tile, then KC, then
   * MC, then when to pack A, then (on all threads) the column block that sets the parallel split.
   */
  public static Result search(double budgetSeconds) {
    long deadline = System.nanoTime() + (long) (budgetSeconds * 1e9);
    Bench bench = new Bench();
    GemmPlan defaults = GemmPlan.defaults();
    // warm every kernel up, so no candidate is timed while still interpreted
    for (int s = 0; s < GemmKernels.SHAPES.length; s++) {
      bench.time(new GemmPlan(s, defaults.kc(), defaults.mc(), defaults.ncPanels(), defaults.packAAbove()), true, 3);
      bench.time(new GemmPlan(s, defaults.kc(), defaults.mc(), defaults.ncPanels(), 0), true, 3);
    }
    double defaultTime = bench.time(defaults, true, 5);
    GemmPlan best = defaults;
    double bestTime = defaultTime;
    List<GemmPlan> stage = new ArrayList<>();
    for (int s = 0; s < GemmKernels.SHAPES.length; s++) {
      stage.add(new GemmPlan(s, best.kc(), 96, best.ncPanels(), best.packAAbove()));
    }
    for (int stageNo = 0; stageNo < 5 && System.nanoTime() < deadline; stageNo++) {
      if (stageNo == 1) {
        stage = new ArrayList<>();
        for (int kc : new int[] {128, 192, 256, 384, 512}) {
          stage.add(best.with(kc, best.mc(), best.ncPanels(), best.packAAbove()));
        }
      } else if (stageNo == 2) {
        stage = new ArrayList<>();
        for (int mc : new int[] {48, 72, 96, 144, 192, 288}) {
          stage.add(best.with(best.kc(), mc, best.ncPanels(), best.packAAbove()));
        }
      } else if (stageNo == 3) {
        stage = new ArrayList<>();
        for (int cols : new int[] {0, 128, 256, 512, 1024, Integer.MAX_VALUE}) {
          stage.add(best.with(best.kc(), best.mc(), best.ncPanels(), cols));
        }
      } else if (stageNo == 4) {
        if (Parallel.threads() < 2) {
          break;
        }
        stage = new ArrayList<>();
        for (int nc : new int[] {4, 8, 16, 32}) {
          stage.add(best.with(best.kc(), best.mc(), nc, best.packAAbove()));
        }
        bestTime = bench.time(best, false, 5); // the split is measured on all threads
      }
      for (GemmPlan candidate : stage) {
        if (System.nanoTime() >= deadline) {
          break;
        }
        double t = bench.time(candidate, stageNo < 4, 5);
        if (t < bestTime * 0.99) { // a clear win only: noise must not move the plan
          best = candidate;
          bestTime = t;
        }
      }
    }
    double serial = bench.time(best, true, 5);
    return new Result(best, bench.flops / serial / 1e9, bench.flops / defaultTime / 1e9);
  }

  /** Times one pass over the representative shapes; the best of {@code reps} passes. */
  private static final class Bench {
    // {transA, transB, m, n, k}: 512³; tokens × width (A·Wᵀ); a weight gradient (dYᵀ·X)
    static final int[][] SHAPES = {{0, 0, 512, 512, 512}, {0, 1, 1024, 256, 256}, {1, 0, 256, 256, 1024}};
    final float[] a = new float[1024 * 512];
    final float[] b = new float[1024 * 512];
    final float[] c = new float[1024 * 512];
    final double flops;

    Bench() {
      for (int i = 0; i < a.length; i++) {
        a[i] = ((i * 7919) % 1000) / 1000f - 0.5f;
        b[i] = ((i * 104729) % 1000) / 1000f - 0.5f;
      }
      double f = 0;
      for (int[] s : SHAPES) {
        f += 2.0 * s[2] * s[3] * s[4];
      }
      flops = f;
    }

    double time(GemmPlan p, boolean serial, int reps) {
      double best = Double.MAX_VALUE;
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        for (int[] s : SHAPES) {
          VectorGemm.gemm(p, serial, s[0] == 1, s[1] == 1, s[2], s[3], s[4], a, 0, b, 0, c, 0, false);
        }
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      return best;
    }
  }

  private static GemmPlan read(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
      int shape = GemmPlan.shapeIndex(p.getProperty("kernel", ""));
      return new GemmPlan(shape, Integer.parseInt(p.getProperty("kc")), Integer.parseInt(p.getProperty("mc")),
          Integer.parseInt(p.getProperty("nc_panels")), Integer.parseInt(p.getProperty("pack_a_above")));
    } catch (IOException | RuntimeException e) {
      System.err.println("phaselab: ignoring unreadable GEMM tuning cache " + file + " (" + e.getMessage()
          + "); it will be measured again");
      return null;
    }
  }

  /** Written to a temporary file and renamed, so a concurrent reader never sees half a file. */
  private static void write(Path file, GemmPlan plan) {
    Properties p = new Properties();
    p.setProperty("kernel", plan.kernelName());
    p.setProperty("kc", Integer.toString(plan.kc()));
    p.setProperty("mc", Integer.toString(plan.mc()));
    p.setProperty("nc_panels", Integer.toString(plan.ncPanels()));
    p.setProperty("pack_a_above", Integer.toString(plan.packAAbove()));
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "gemm", ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "phaselab GEMM plan for " + CpuInfo.modelName() + " (" + GemmKernels.L + " lanes, JDK "
            + Runtime.version().feature() + "); delete to measure again");
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.err.println("phaselab: could not cache the GEMM plan in " + file + " (" + e.getMessage()
          + "); it will be measured again next time");
    }
  }
}
