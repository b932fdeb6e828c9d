package phaselab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phaselab.lab.config.ConfigException;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.experiment.ProbeRegistry;
import phaselab.lab.experiment.Probes;
import phaselab.lab.probe.Probe;
import phaselab.lab.probe.ProbeContext;
import phaselab.lab.probe.ProbeSpec;
import phaselab.lab.run.CheckpointProbes;
import phaselab.lab.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code phaselab probe run RUN_DIR --probe NAME}: any registered probe on a run's saved checkpoints,
 * e.g. tree projections at 15k and 30k of a run trained with cheaper probes. Its rows go to
 * RUN_DIR/probes/checkpoints.jsonl, which reports and sweep tables read beside metrics.jsonl.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run registered probes (the names probes.names accepts) on a run's checkpoints, with the run's own probe settings "
        + "unless --set changes them; writes RUN_DIR/probes/" + CheckpointProbes.FILE + ", which reports read beside metrics.jsonl.")
final class ProbeCheckpoints implements Callable<Integer> {
  @Mixin
  RunOptions runOptions;
  @Mixin
  StepsOption steps;
  @Option(names = "--probe", paramLabel = "NAME", split = ",", required = true,
      description = "probes to run, comma-separated (e.g. tree_projection,attention_sparsity)")
  List<String> names;
  @Option(names = "--set", paramLabel = "probes.KEY=VALUE",
      description = "change a probe setting for this measurement, e.g. --set probes.tree_projection.sentences=500 (probes.* keys only)")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    OpenRun opened = runOptions.open();
    RunDir run = opened.dir();
    ExperimentConfig c = withProbes(opened, names, overrides);
    List<Probe> probes = Probes.create(c);
    var initial = Probes.initialParameters(c);
    CheckpointProbes out = new CheckpointProbes(run);
    for (long step : steps.of(opened)) {
      var work = opened.at(step);
      var context = Probes.context(c, step, initial);
      for (Probe p : probes) {
        long t0 = System.nanoTime();
        Map<String, Double> r = p.measure(work, context.withProgress(progress("step " + step + ", " + p.name(), t0)));
        r.forEach((k, v) -> out.put(step, ProbeSpec.PREFIX + k, v));
        StringBuilder line = new StringBuilder(String.format("step %d, %s (%.0f s):", step, p.name(), (System.nanoTime() - t0) / 1e9));
        r.forEach((k, v) -> line.append(String.format(" %s %.4g", k, v)));
        System.out.println(line);
        out.write(); // after every measurement: a long sweep of checkpoints keeps what it measured if stopped
      }
    }
    System.out.println("wrote " + out.file());
    return Cli.OK;
  }

  /**
   * "step 15000, tree_projection: 1200/2000 sentences, 2m10s left": redrawn in place on a terminal
   * (at most twice a second), a line at every tenth otherwise (logs, files).
   */
  private static ProbeContext.Progress progress(String label, long startNanos) {
    boolean terminal = ConsoleProgress.isTerminal();
    long[] last = {0, -1}; // last draw time, last tenth printed
    return (units, done, total) -> {
      long now = System.nanoTime();
      long tenth = total > 0 ? done * 10 / total : 0;
      boolean finished = done == total;
      if (terminal ? now - last[0] < 500_000_000L && !finished : tenth == last[1]) {
        return;
      }
      last[0] = now;
      last[1] = tenth;
      double elapsed = (now - startNanos) / 1e9;
      long left = done > 0 ? Math.round(elapsed * (total - done) / done) : 0;
      String line = String.format("%s: %d/%d %s, %dm%02ds left", label, done, total, units, left / 60, left % 60);
      if (terminal) {
        System.out.print("\r" + line + (finished ? "\r" + " ".repeat(line.length()) + "\r" : ""));
      } else {
        System.out.println(line);
      }
    };
  }

  /**
   * The run's config with {@code probes.names} set to {@code names} and the probe overrides applied,
   * validated as any config is (an unknown probe, or one the model cannot serve, is refused by name).
   */
  static ExperimentConfig withProbes(OpenRun run, List<String> names, List<String> overrides) {
    List<String> all = new ArrayList<>();
    for (String o : overrides) {
      if (!o.startsWith("probes.")) {
        throw new Cli.UserError("--set " + o + ": only probes.* settings can change when measuring a finished run (the checkpoints "
            + "were trained with the rest); e.g. --set probes.tree_projection.sentences=500");
      }
      all.add(o);
    }
    all.add("probes.names=[" + String.join(",", names) + "]");
    try {
      return ConfigLoader.loadResolved(run.dir().config(), run.dir().path().getFileName().toString(), all);
    } catch (ConfigException e) {
      throw new Cli.UserError(e.getMessage() + " (known probes: " + String.join(", ",
          ProbeRegistry.SPECS.stream().map(ProbeSpec::name).toList()) + ")");
    } catch (java.io.IOException e) {
      throw new Cli.UserError("cannot read " + run.dir().config() + ": " + e.getMessage());
    }
  }
}
