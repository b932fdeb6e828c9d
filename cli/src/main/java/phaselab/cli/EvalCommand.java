package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phaselab.engine.io.SafetensorsException;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.RunJson;
import phaselab.lab.task.LmTask;
import phaselab.lab.train.Checkpoint;
import phaselab.lab.workload.Evaluator;
import phaselab.lab.workload.LmWorkload;
import phaselab.lab.workload.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phaselab eval DIR}: task metrics of a checkpoint on the run's eval sets or on a file. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a run's checkpoint: task metrics per set (--json: one JSON line each).")
final class EvalCommand implements Callable<Integer> {
  @Mixin
  RunOptions runOptions;
  @Option(names = "--checkpoint", paramLabel = "STEP|latest-valid",
      description = "a checkpoint step, or latest-valid (the default): the newest checkpoint that reads back intact")
  String checkpoint;
  @Option(names = "--data", paramLabel = "FILE", description = "a file in the task's text format, one example a line")
  Path data;
  @Option(names = "--json", description = "print one JSON line per set (default: one readable line per set)")
  boolean json;

  @Override
  public Integer call() throws Exception {
    OpenRun opened = runOptions.open();
    RunDir run = opened.dir();
    ExperimentConfig c = opened.config();
    List<Long> steps = run.checkpointSteps();
    if (steps.isEmpty()) {
      throw new Cli.UserError("'" + run.path() + "' has no checkpoints yet; train or resume it first");
    }
    boolean explicit = checkpoint != null && !checkpoint.equals("latest-valid");
    List<Long> candidates = explicit ? List.of(parseStep(checkpoint, run, steps)) : steps;
    Workload work = opened.workload();
    long step = load(run, candidates, explicit, work);
    Map<String, Map<String, Double>> results = new LinkedHashMap<>();
    if (data != null) {
      if (!(work instanceof LmWorkload lm)) {
        throw new Cli.UserError("--data reads sequences in a sequence task's text format; task '" + c.task().name()
            + "' is evaluated on its own train and test sets (leave out --data)");
      }
      results.put(data.getFileName().toString(), Evaluator.evaluate(lm.model(), lm.task(), readFile(lm.task(), data)));
    } else {
      results.putAll(work.evaluate(Integer.MAX_VALUE));
    }
    for (var e : results.entrySet()) {
      Map<String, Double> r = e.getValue();
      long n = Math.round(r.getOrDefault("n", 0.0));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("run", run.path().toString());
      out.put("step", step);
      out.put("set", e.getKey());
      out.put("accuracy", r.get(work.headlineMetric()));
      out.put("n", n);
      r.forEach((k, v) -> {
        if (!k.equals("n")) {
          out.put(k, v);
        }
      });
      if (json) {
        System.out.println(RunJson.write(out));
      } else {
        StringBuilder line = new StringBuilder(String.format("%s (step %d, n %d):", e.getKey(), step, n));
        r.forEach((k, v) -> line.append(k.equals("n") ? "" : String.format(" %s %.4f", k, v)));
        System.out.println(line);
      }
    }
    return Cli.OK;
  }

  private static long parseStep(String value, RunDir run, List<Long> steps) {
    long step;
    try {
      step = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new Cli.UserError("--checkpoint must be a step number or latest-valid, got '" + value + "'");
    }
    if (!steps.contains(step)) {
      throw new Cli.UserError("no checkpoint for step " + step + " in " + run.checkpoints() + "; available: " + steps);
    }
    return step;
  }

  /**
   * Loads the first candidate (newest first) that reads back intact and returns its step. A
   * damaged checkpoint is named on stderr and skipped, as resume does; one asked for by step is
   * an error that names the way out.
   */
  static long load(RunDir run, List<Long> candidates, boolean explicit, Workload work) throws java.io.IOException {
    for (long step : candidates) {
      Path file = run.checkpoint(step);
      try {
        Checkpoint.loadParams(file, work.model().namedParameters());
        if (!explicit && step != candidates.get(0)) {
          System.err.println("phaselab eval: evaluating " + file.getFileName() + ", the newest valid checkpoint");
        }
        return step;
      } catch (SafetensorsException e) {
        if (explicit) {
          throw new Cli.UserError("checkpoint " + file.getFileName() + " cannot be read: " + e.getMessage()
              + "; --checkpoint latest-valid evaluates the newest intact one");
        }
        System.err.println("phaselab eval: skipping checkpoint " + file.getFileName() + ": " + e.getMessage());
      }
    }
    throw new Cli.UserError("no valid checkpoint in " + run.checkpoints() + " (all " + candidates.size()
        + " are damaged; see above)");
  }

  static List<int[]> readFile(LmTask task, Path file) throws java.io.IOException {
    if (!Files.isRegularFile(file)) {
      throw new Cli.UserError("data file '" + file + "' does not exist");
    }
    List<int[]> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(task.parseLine(line));
      } catch (IllegalArgumentException e) {
        throw new Cli.UserError(file + ":" + lineNo + ": " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new Cli.UserError("data file '" + file + "' holds no examples");
    }
    return out;
  }
}
