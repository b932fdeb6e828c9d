package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phaselab.engine.io.Json;
import phaselab.engine.io.SafetensorsException;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.run.RunDir;
import phaselab.lab.task.LmTask;
import phaselab.lab.train.Checkpoint;
import phaselab.lab.train.Evaluator;
import phaselab.lab.train.LmWorkload;
import phaselab.lab.train.Workload;
import phaselab.lab.train.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab eval DIR}: task metrics of a checkpoint on the run's eval sets or on a file. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a run's checkpoint: task metrics per set (--json: one JSON line each).")
final class EvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR")
  Path dir;
  @Option(names = "--checkpoint", paramLabel = "STEP", description = "checkpoint step (default: newest)")
  Long checkpoint;
  @Option(names = "--data", paramLabel = "FILE", description = "a file in the task's text format, one example a line")
  Path data;
  @Option(names = "--json", description = "print one JSON line per set (default: one readable line per set)")
  boolean json;
  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Override
  public Integer call() throws Exception {
    Cli.threads(threads);
    RunDir run = new RunDir(dir);
    ExperimentConfig c = Cli.runConfig(run);
    List<Long> steps = run.checkpointSteps();
    if (steps.isEmpty()) {
      throw new Cli.UserError("'" + dir + "' has no checkpoints yet; train or resume it first");
    }
    long step = checkpoint != null ? checkpoint : steps.get(0);
    if (!steps.contains(step)) {
      throw new Cli.UserError("no checkpoint for step " + step + " in " + run.checkpoints() + "; available: " + steps);
    }
    Workload work;
    try {
      work = Workloads.create(c);
      Checkpoint.loadParams(run.checkpoint(step), work.model().namedParameters());
    } catch (SafetensorsException | IllegalArgumentException e) {
      throw new Cli.UserError(e.getMessage());
    }
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
        System.out.println(Json.write(out));
      } else {
        StringBuilder line = new StringBuilder(String.format("%s (step %d, n %d):", e.getKey(), step, n));
        r.forEach((k, v) -> line.append(k.equals("n") ? "" : String.format(" %s %.4f", k, v)));
        System.out.println(line);
      }
    }
    return Cli.OK;
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
