package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import phaselab.lab.config.ConfigException;
import phaselab.lab.sweep.SweepBackend;
import phaselab.lab.sweep.SweepRunner;
import phaselab.lab.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab sweep SWEEP.yaml}: a grid of runs on a local pool of worker processes. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run every point of a sweep file (grid of config overrides) as its own process, `workers` at a time; "
        + "finished points are skipped and interrupted ones resumed. `phaselab sweep status DIR` lists the points.")
final class SweepCommand implements Callable<Integer> {
  @Parameters(arity = "1..2", paramLabel = "SWEEP.yaml | status DIR")
  List<String> args;
  @Option(names = "--backend", defaultValue = "local", paramLabel = "local|slurm|spark",
      description = "local: a process pool on this machine (default); slurm: one Slurm job array, submitted with sbatch and followed "
          + "until it ends; spark: one Spark task per point on --master (the optional spark module). For slurm and spark the sweep "
          + "folder must be on a filesystem every node shares; docs/scale-out.md")
  String backend;
  @Option(names = "--master", paramLabel = "URL", description = "spark backend: the Spark master (spark://host:7077, local[N])")
  String master;
  @Option(names = "--poll", defaultValue = "10", paramLabel = "SECONDS", description = "how often the slurm backend asks squeue (default 10)")
  double poll;
  @Option(names = "--out", paramLabel = "DIR", description = "sweep directory (default runs/sweeps/NAME)")
  Path out;

  @Override
  public Integer call() throws Exception {
    // "status" is handled here rather than as a picocli subcommand: a positional SWEEP.yaml would
    // otherwise swallow the word
    if (args.get(0).equals("status")) {
      if (args.size() != 2) {
        throw new Cli.UserError("usage: phaselab sweep status DIR");
      }
      return status(Path.of(args.get(1)));
    }
    if (args.size() != 1) {
      throw new Cli.UserError("usage: phaselab sweep SWEEP.yaml [--out DIR]  or  phaselab sweep status DIR");
    }
    SweepBackend runner = SweepBackend.named(backend, java.time.Duration.ofMillis((long) (poll * 1000)), master, System.out);
    Path file = Path.of(args.get(0));
    SweepSpec spec;
    try {
      spec = SweepSpec.load(file);
      Cli.loadConfig(spec.config(), spec.points().get(0).overrides()); // validate before starting anything
    } catch (ConfigException e) {
      throw new Cli.UserError(e.getMessage());
    }
    Path dir = out != null ? out : Path.of("runs", "sweeps", spec.name());
    Files.createDirectories(dir);
    phaselab.lab.run.SafeWrite.text(dir.resolve("sweep.yaml"), spec.toYaml());
    System.out.printf("sweep %s: %d points, %d at a time, into %s%n", spec.name(), spec.points().size(), spec.workers(), dir);
    String classPath = pinnedClassPath(dir);
    java.util.function.BiFunction<SweepSpec.Point, Boolean, List<String>> command = (p, resume) -> {
      List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-cp", classPath, "phaselab.cli.Main"));
      Path run = dir.toAbsolutePath().resolve(p.id());
      if (resume) {
        argv.addAll(List.of("resume", run.toString()));
      } else {
        argv.addAll(List.of("train", spec.config().toString(), "--out", run.toString()));
        p.overrides().forEach(o -> argv.addAll(List.of("--set", o)));
      }
      argv.addAll(List.of("--threads", Integer.toString(spec.threads())));
      return argv;
    };
    int failed = runner.run(spec, dir, command);
    System.out.println(failed == 0 ? "all points done; report: phaselab report " + dir : failed + " point(s) failed; see " + dir.resolve("logs"));
    return failed == 0 ? Cli.OK : Cli.FAILED;
  }

  /**
   * The class path for the workers. When phaselab runs from its jar, the jar is copied into the
   * sweep folder first: rebuilding phaselab (bin/phaselab does so when sources change) rewrites
   * cli/target/phaselab.jar, which would break workers still reading classes from it.
   */
  private static String pinnedClassPath(Path dir) throws java.io.IOException {
    String cp = System.getProperty("java.class.path");
    Path jar = Path.of(cp);
    if (!cp.contains(java.io.File.pathSeparator) && cp.endsWith(".jar") && Files.isRegularFile(jar)) {
      Path copy = dir.resolve("phaselab.jar");
      Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return copy.toAbsolutePath().toString();
    }
    return cp;
  }

  /** One line per point: its state and the last line of its log. */
  static int status(Path dir) throws Exception {
    Path file = dir.resolve("sweep.yaml");
    if (!Files.isRegularFile(file)) {
      throw new Cli.UserError("'" + dir + "' is not a sweep directory (no sweep.yaml)");
    }
    for (SweepSpec.Point p : SweepSpec.load(file).points()) {
      Path log = dir.resolve("logs").resolve(p.id() + ".log");
      String last = Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> !l.startsWith("WARNING")).reduce((a, b) -> b).orElse("") : "";
      System.out.printf("%-24s %-18s %s%n", p.id(), SweepRunner.state(dir.resolve(p.id())), last);
    }
    return Cli.OK;
  }
}
