package phaselab.lab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.autograd.Losses;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.autograd.Tape;
import phaselab.engine.io.SafetensorsException;
import phaselab.engine.nn.DecoderLM;
import phaselab.engine.nn.Dropout;
import phaselab.engine.optim.GradClip;
import phaselab.engine.optim.Optimizer;
import phaselab.engine.optim.Schedule;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.probe.Probe;
import phaselab.lab.run.RunDir;
import phaselab.lab.task.LmTask;

/**
 * The training loop. {@link #run()} reads top to bottom: schedule → eval every N → checkpoint
 * every N → forward/backward over micro-batches → clip → step → one log line. Every random draw
 * comes from a named stream saved in checkpoints, so a run resumed from step S continues with the
 * same bits as one never interrupted. A checkpoint at step S is written after the evaluation of
 * step S (its rows are in metrics.jsonl up to the length the checkpoint records), so a resumed
 * run skips that evaluation.
 */
public final class Trainer {
  private final ExperimentConfig config;
  private final LmTask task;
  private final RunDir run;
  private final Progress progress;
  private final DecoderLM model;
  private final Map<String, Tensor> params;
  private final Optimizer optimizer;
  private final Schedule schedule;
  private final Map<String, RngStream> rngs = new LinkedHashMap<>();
  private final List<Probe> probes = new ArrayList<>();
  private final String configYaml;
  private volatile boolean stopRequested;
  private long step;
  /** The step a checkpoint was restored at: its eval rows are already in metrics.jsonl. */
  private long restoredAt = -1;

  public Trainer(ExperimentConfig config, LmTask task, RunDir run, Progress progress) {
    this.config = config;
    this.task = task;
    this.run = run;
    this.progress = progress;
    this.model = Factories.model(config, task.vocabSize());
    this.params = model.namedParameters();
    this.optimizer = Factories.optimizer(config.optimizer(), params);
    this.schedule = Factories.schedule(config);
    rngs.put("data", new RngStream(config.seed(), "data"));
    rngs.put("dropout", new RngStream(config.seed(), "dropout"));
    config.probes().names().forEach(n -> probes.add(Probe.byName(n)));
    this.configYaml = ConfigLoader.toYaml(config);
  }

  public DecoderLM model() {
    return model;
  }

  public long step() {
    return step;
  }

  /** Asks the loop to checkpoint and stop at the next step boundary (SIGINT/SIGTERM). */
  public void requestStop() {
    stopRequested = true;
  }

  /** Starts a fresh run in an empty (or new) directory. */
  public void start() throws IOException {
    Files.createDirectories(run.checkpoints());
    Files.writeString(run.config(), configYaml);
    run.truncateMetrics(0);
    run.log("start: " + config.name() + ", " + model.parameterCount() + " parameters, " + task.train().size() + " training sequences");
    step = 0;
    run.metric(0, "model/params", model.parameterCount());
  }

  /**
   * Restores the newest checkpoint that reads back intact; corrupt or truncated ones are named and
   * skipped in favour of older ones. metrics.jsonl is cut back to what that checkpoint saw.
   * Returns false when there is no valid checkpoint (the run then starts from step 0).
   */
  public boolean resume() throws IOException {
    for (long s : run.checkpointSteps()) {
      Path file = run.checkpoint(s);
      try {
        Checkpoint.Info info = Checkpoint.load(file, params, optimizer, rngs);
        step = info.step();
        restoredAt = step;
        run.truncateMetrics(info.metricsLength());
        String msg = "resumed from " + run.path().relativize(file) + " (step " + step + ")";
        progress.message(msg);
        run.log(msg);
        return true;
      } catch (SafetensorsException e) {
        String msg = "skipping checkpoint " + file.getFileName() + ": " + e.getMessage();
        progress.message(msg);
        run.log(msg);
      }
    }
    progress.message("no valid checkpoint in " + run.checkpoints() + "; starting from step 0");
    start();
    return false;
  }

  /** Trains until train.steps; returns the final evaluation (eval set → metric → value). */
  public Map<String, Map<String, Double>> run() throws IOException {
    var t = config.train();
    long start = step;
    progress.start(step);
    Map<String, Map<String, Double>> lastEval = Map.of();
    while (step < t.steps()) {
      boolean restored = step == restoredAt; // eval and checkpoint of this step were done before the stop
      float lr = schedule.lr(step);                                   // 1. schedule
      if (step % t.evalEvery() == 0 && !restored) {                   // 2. eval (+ probes)
        lastEval = evaluate();
      }
      boolean saved = false;
      if (step % t.checkpointEvery() == 0 && step != start) {        // 3. checkpoint
        checkpoint();
        saved = true;
      }
      if (stopRequested) {                                            //    (or stop, after a checkpoint)
        if (!saved && !restored) {
          checkpoint();
        }
        throw new InterruptedRunException(step);
      }
      double loss = forwardBackward();                                // 4. forward/backward
      double gradNorm = GradClip.clip(params.values(), config.optimizer().clip()); // 5. clip
      checkFinite(loss, gradNorm);
      optimizer.step(lr);                                             // 6. step
      if (step % t.logEvery() == 0) {                                 // 7. log
        run.metric(step, "train/loss", loss);
        run.metric(step, "train/lr", lr);
        run.metric(step, "train/grad_norm", gradNorm);
        progress.step(step + 1, loss, lr, "");
      }
      step++;
    }
    if (restoredAt == step) {
      progress.message("the run had already finished at step " + step + "; nothing to do");
      return lastEval;
    }
    lastEval = evaluate();
    checkpoint();
    run.log("done: step " + step);
    return lastEval;
  }

  /** One step's gradients, accumulated over micro-batches; returns the mean loss. */
  private double forwardBackward() {
    var t = config.train();
    model.zeroGrad();
    RngStream data = rngs.get("data");
    Dropout dropout = new Dropout((float) config.model().dropout(), rngs.get("dropout"));
    List<int[]> train = task.train();
    int micro = t.batchSize() / t.microBatches();
    double loss = 0;
    for (int m = 0; m < t.microBatches(); m++) {
      List<int[]> seqs = new ArrayList<>(micro);
      for (int i = 0; i < micro; i++) {
        seqs.add(train.get(data.nextInt(train.size())));
      }
      Batch b = Batch.of(seqs);
      Tensor logits = model.forward(b.inputs(), b.size(), b.seq(), dropout);
      Tensor l = Losses.crossEntropy(Pointwise.reshape(logits, b.size() * b.seq(), task.vocabSize()), b.targets(), Batch.IGNORE, 0f);
      Tape.backward(Pointwise.scale(l, 1f / t.microBatches()));
      loss += l.item() / t.microBatches();
    }
    return loss;
  }

  private void checkFinite(double loss, double gradNorm) {
    if (!Double.isFinite(loss)) {
      throw new NonFiniteException("step " + step + ": the training loss is " + loss + "; " + lastGood()
          + ". Lower optimizer.lr, set optimizer.clip, or check the data.");
    }
    if (!Double.isFinite(gradNorm)) {
      for (var e : params.entrySet()) {
        for (float g : e.getValue().grad()) {
          if (!Float.isFinite(g)) {
            throw new NonFiniteException("step " + step + ": the gradient of '" + e.getKey() + "' is not finite (" + g + "); "
                + lastGood() + ". Lower optimizer.lr or set optimizer.clip.");
          }
        }
      }
      throw new NonFiniteException("step " + step + ": the gradient norm overflowed; " + lastGood() + ". Lower optimizer.lr.");
    }
  }

  /** Names the newest checkpoint (only on failure: listing the folder every step would be waste). */
  private String lastGood() {
    List<Long> steps = run.checkpointSteps();
    return steps.isEmpty() ? "no checkpoint was written yet"
        : "the last good checkpoint is " + run.checkpoint(steps.get(0)).getFileName();
  }

  /** Evaluates every eval set (first train.eval_size sequences) and runs due probes. */
  private Map<String, Map<String, Double>> evaluate() {
    Map<String, Map<String, Double>> all = new LinkedHashMap<>();
    task.evalSets().forEach((name, data) -> {
      List<int[]> subset = data.subList(0, Math.min(data.size(), config.train().evalSize()));
      Map<String, Double> r = Evaluator.evaluate(model, task, subset);
      r.forEach((k, v) -> {
        if (!k.equals("n")) {
          run.metric(step, "eval/" + name + "/" + k, v);
        }
      });
      all.put(name, r);
    });
    if (step % config.probes().every() == 0 || step == config.train().steps()) {
      for (Probe p : probes) {
        for (var e : p.measure(model, task).entrySet()) {
          run.metric(step, "probe/" + e.getKey(), e.getValue());
        }
      }
    }
    String head = task.headlineMetric();
    StringBuilder line = new StringBuilder("eval step " + step + ":");
    all.forEach((name, r) -> line.append(String.format(" %s %s %.4f", name, head, r.getOrDefault(head, Double.NaN))));
    progress.message(line.toString());
    run.log(line.toString());
    return all;
  }

  /** Writes the state at the current step atomically, then prunes old checkpoints. */
  private void checkpoint() throws IOException {
    Checkpoint.save(run.checkpoint(step), step, params, optimizer, rngs, configYaml, run.metricsLength());
    List<Long> steps = run.checkpointSteps();
    for (int i = config.train().keepCheckpoints(); i < steps.size(); i++) {
      Files.deleteIfExists(run.checkpoint(steps.get(i)));
    }
  }

  /** The run stopped on request after writing a checkpoint. */
  public static final class InterruptedRunException extends RuntimeException {
    public final long step;

    InterruptedRunException(long step) {
      super("stopped at step " + step + " after writing a checkpoint");
      this.step = step;
    }
  }
}
