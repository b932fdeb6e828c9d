package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import phaselab.lab.probe.patching.ActivationPatching;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.RunJson;
import phaselab.lab.task.LmTask;
import phaselab.lab.workload.LmWorkload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phaselab patch RUN --clean LINE --corrupt LINE}: activation patching of a decoder run's checkpoint. */
@Command(name = "patch", mixinStandardHelpOptions = true,
    description = "Activation patching (docs/structural-grokking.md): which layer and position, and which head, carries what "
        + "separates a clean example from a corrupted one. Both are lines in the task's text format of the same length up to "
        + "the first output token (e.g. a question with its auxiliaries swapped); the metric is logit(clean's first output token) "
        + "- logit(corrupted's) at the position that predicts it. Writes RUN/patching/step-N.json.")
final class PatchCommand implements Callable<Integer> {
  @Mixin
  RunOptions runOptions;
  @Option(names = "--clean", required = true, paramLabel = "LINE", description = "the clean example, in the task's text format")
  String clean;
  @Option(names = "--corrupt", required = true, paramLabel = "LINE", description = "the corrupted example, same length")
  String corrupt;
  @Option(names = "--checkpoint", paramLabel = "STEP", description = "a checkpoint step (default: the newest valid one)")
  Long checkpoint;

  @Override
  public Integer call() throws Exception {
    OpenRun opened = runOptions.open();
    RunDir run = opened.dir();
    LmWorkload work = LmWorkload.require(opened.workload(), "activation patching");
    LmTask task = work.task();
    List<Long> steps = run.checkpointSteps();
    if (steps.isEmpty()) {
      throw new Cli.UserError("'" + run.path() + "' has no checkpoints yet; train or resume it first");
    }
    if (checkpoint != null && !steps.contains(checkpoint)) {
      throw new Cli.UserError("no checkpoint for step " + checkpoint + "; available: " + steps);
    }
    long step = EvalCommand.load(run, checkpoint != null ? List.of(checkpoint) : steps, checkpoint != null, work);
    int[] c = parse(task, clean, "--clean");
    int[] k = parse(task, corrupt, "--corrupt");
    int read = task.firstOutputPosition(c) - 1;
    if (read < 0 || task.firstOutputPosition(k) - 1 != read) {
      throw new Cli.UserError("the clean and corrupted inputs must have the same length up to the first output token ("
          + (read + 1) + " and " + task.firstOutputPosition(k) + " tokens here)");
    }
    int answer = c[read + 1];
    int wrong = k[read + 1];
    if (answer == wrong) {
      throw new Cli.UserError("the clean and corrupted examples have the same first output token; the metric needs two different ones");
    }
    int[] cleanIn = Arrays.copyOf(c, read + 1);
    int[] corruptIn = Arrays.copyOf(k, read + 1);
    ActivationPatching p = ActivationPatching.run(work.model(), cleanIn, corruptIn, read, answer, wrong);

    List<String> tokens = new ArrayList<>();
    String formatted = task.formatLine(c);
    System.out.printf("step %d: logit difference clean %.3f, corrupted %.3f (%s)%n", step, p.clean(), p.corrupted(), formatted);
    if (Math.abs(p.clean() - p.corrupted()) < 0.5) {
      System.out.printf("warning: the clean-corrupted gap is only %.3f nats: the model barely tells the two apart at this step, so the "
          + "recovered shares below are ratios of small differences; patch a later checkpoint%n", p.clean() - p.corrupted());
    }
    table("recovered share, residual stream entering each block (rows: layers; columns: positions):", p.residual());
    table("recovered share, each head's output at every position (rows: layers; columns: heads):", p.heads());
    for (int id : cleanIn) {
      tokens.add(String.valueOf(id));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step", step);
    out.put("clean", clean);
    out.put("corrupt", corrupt);
    out.put("read_position", read);
    out.put("token_ids", tokens);
    out.put("answer_id", answer);
    out.put("wrong_id", wrong);
    out.put("metric_clean", p.clean());
    out.put("metric_corrupt", p.corrupted());
    out.put("residual_recovered", p.residual());
    out.put("heads_recovered", p.heads());
    Path file = Files.createDirectories(run.path().resolve("patching")).resolve(String.format("step-%06d.json", step));
    phaselab.lab.run.SafeWrite.text(file, RunJson.write(out) + "\n");
    System.out.println("-> " + file);
    return Cli.OK;
  }

  private static void table(String title, double[][] rows) {
    System.out.println(title);
    for (int l = 0; l < rows.length; l++) {
      StringBuilder b = new StringBuilder(String.format("  L%-2d", l));
      for (double v : rows[l]) {
        b.append(String.format(" %6.2f", v));
      }
      System.out.println(b);
    }
  }

  private static int[] parse(LmTask task, String line, String option) {
    try {
      return task.parseLine(line.replace("\\t", "\t"));
    } catch (IllegalArgumentException e) {
      throw new Cli.UserError(option + ": " + e.getMessage());
    }
  }
}
