package phaselab.lab.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Where a sweep's points run. Every backend runs the same child command per point (a fresh
 * {@code phaselab train}, or {@code resume} when the point has a checkpoint), writes the same run
 * directories, logs and exit-status files, and skips points that are done, so a sweep can move
 * between backends and {@code phaselab sweep status} reads any of them.
 */
@FunctionalInterface
public interface SweepBackend {
  List<String> NAMES = List.of("local", "slurm", "spark");

  /**
   * Runs every unfinished point of {@code spec} into {@code out}; {@code command} maps (point,
   * resume?) to the child's argv. Returns how many points failed.
   */
  int run(SweepSpec spec, Path out, BiFunction<SweepSpec.Point, Boolean, List<String>> command) throws Exception;

  /** A pool of {@code spec.workers()} child processes on this machine ({@link SweepRunner}). */
  static SweepBackend local() {
    return SweepRunner::run;
  }

  /** One Slurm job array, followed with squeue every {@code poll} ({@link SlurmBackend}). */
  static SweepBackend slurm(Duration poll, PrintStream log) {
    return (spec, out, command) -> SlurmBackend.run(spec, out, command, poll, log);
  }

  /** One Spark task per point on {@code master} ({@link SparkBackend}, the optional spark module). */
  static SweepBackend spark(String master, PrintStream log) {
    return (spec, out, command) -> SparkBackend.run(spec, out, command, master, log);
  }

  /** The backend called {@code name} (one of {@link #NAMES}); a {@link SweepException} for any other. */
  static SweepBackend named(String name, Duration slurmPoll, String sparkMaster, PrintStream log) {
    return switch (name) {
      case "local" -> local();
      case "slurm" -> slurm(slurmPoll, log);
      case "spark" -> spark(sparkMaster, log);
      default -> throw new SweepException("--backend '" + name + "' is not available; choose local, slurm or spark");
    };
  }
}
