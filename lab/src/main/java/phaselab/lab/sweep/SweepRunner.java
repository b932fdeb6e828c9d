package phaselab.lab.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import phaselab.lab.run.RunDir;

/**
 * Runs the points of a sweep on a local pool: at most {@code workers} child processes at a time,
 * each started by {@link PointRunner}. A point whose status is 0 is skipped.
 */
public final class SweepRunner {
  public static final String STATUS = "exit_status";

  private SweepRunner() {}

  /** State of a point, for status tables. */
  public static String state(Path runDir) throws IOException {
    Path status = runDir.resolve(STATUS);
    if (Files.exists(status)) {
      String code = Files.readString(status).trim();
      return code.equals("0") ? "done" : "failed (exit " + code + ")";
    }
    if (Files.exists(runDir.getParent().resolve("slurm").resolve("started-" + runDir.getFileName()))) {
      return "running"; // a Slurm task started it and has not written its exit status yet
    }
    return new RunDir(runDir).exists() ? "partial" : "pending";
  }

  /**
   * Runs every point. {@code command} maps (point, resume?) to the child's argv. Returns the
   * number of points that failed.
   */
  public static int run(SweepSpec spec, Path out, BiFunction<SweepSpec.Point, Boolean, List<String>> command) throws Exception {
    Files.createDirectories(out);
    ExecutorService pool = Executors.newFixedThreadPool(spec.workers());
    List<Future<Integer>> results = new ArrayList<>();
    for (SweepSpec.Point p : spec.points()) {
      Path dir = out.resolve(p.id());
      if (state(dir).equals("done")) {
        System.out.println("skip " + p.id() + " (done)");
        continue;
      }
      results.add(pool.submit(() -> {
        int code = PointRunner.run(out, p.id(), command.apply(p, false), command.apply(p, true));
        System.out.printf("%s %s (exit %d)%n", code == 0 ? "done" : "FAILED", p.id(), code);
        return code;
      }));
    }
    int failed = 0;
    for (Future<Integer> f : results) {
      failed += f.get() == 0 ? 0 : 1;
    }
    pool.shutdown();
    return failed;
  }
}
