package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab train CONFIG}: a fresh run into runs/NAME (or --out). */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train from a YAML config into a new run directory.")
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML experiment config (see configs/)")
  Path config;
  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key, e.g. --set train.steps=1000")
  List<String> overrides = new ArrayList<>();
  @Mixin
  ThreadsOption threads;
  @Option(names = "--out", paramLabel = "DIR", description = "run directory (default runs/NAME)")
  Path out;
  @Option(names = "--serve", arity = "0..1", paramLabel = "PORT", fallbackValue = "8765",
      description = "also serve the live dashboard of the run's folder on 127.0.0.1:PORT (default 8765) while it trains")
  Integer serve;

  @Override
  public Integer call() throws Exception {
    threads.apply();
    ExperimentConfig c = Cli.loadConfig(config, overrides);
    RunDir run = new RunDir(out != null ? out : Path.of("runs", c.name()));
    if (run.exists() || !run.checkpointSteps().isEmpty()) {
      throw new Cli.UserError("run directory '" + run.path() + "' already holds a run; continue it with `phaselab resume "
          + run.path() + "`, or choose another --out");
    }
    Files.createDirectories(run.path());
    var eval = serve == null ? TrainRunner.run(c, run, false) : trainServed(c, run);
    System.out.println("run: " + run.path());
    eval.forEach((set, r) -> System.out.printf("%s: %s%n", set, r));
    return Cli.OK;
  }

  /** Trains with the dashboard of the run's parent folder beside it; prints the run page's address first. */
  private java.util.Map<String, java.util.Map<String, Double>> trainServed(ExperimentConfig c, RunDir run) throws Exception {
    Path folder = run.path().toAbsolutePath().normalize().getParent();
    try (var dashboard = phaselab.cli.serve.Dashboard.start(folder, "127.0.0.1", serve)) {
      String page = dashboard.url() + "run?path=" + java.net.URLEncoder.encode(run.path().getFileName().toString(),
          java.nio.charset.StandardCharsets.UTF_8);
      System.out.println("phaselab dashboard: " + page);
      return TrainRunner.run(c, run, false);
    }
  }
}
