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
    var eval = TrainRunner.run(c, run, false);
    System.out.println("run: " + run.path());
    eval.forEach((set, r) -> System.out.printf("%s: %s%n", set, r));
    return Cli.OK;
  }
}
