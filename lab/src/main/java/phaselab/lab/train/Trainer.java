package phaselab.lab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.io.SafetensorsException;
import phaselab.engine.nn.Dropout;
import phaselab.engine.optim.GradClip;
import phaselab.engine.optim.GradientStep;
import phaselab.engine.optim.Optimizer;
import phaselab.engine.optim.Schedule;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Arena;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.probe.Probe;
import phaselab.lab.probe.ProbeContext;
import phaselab.lab.run.RunDir;
import phaselab.lab.workload.Workload;

/**
 * The training loop. {@link #run()} reads top to bottom: schedule → eval every N → probes every
 * M → checkpoint every K → forward/backward over micro-batches → clip → step → one log line.
 * Every random draw comes from a named stream saved in checkpoints ("data", "dropout", "masking"),
 * so a run resumed from step S continues with the same bits as one never interrupted. A checkpoint
 * at step S is written after the evaluation and probes of step S (their rows are in metrics.jsonl
 * up to the length the checkpoint records), so a resumed run skips them.
 */
public final class Trainer {
  private final ExperimentConfig config;
  private final Workload work;
  private final RunDir run;
  private final Progress progress;
  private final Map<String, Tensor> params;
  private final Optimizer optimizer;
  private final Schedule schedule;
  private final Map<String, RngStream> rngs = new LinkedHashMap<>();
  /** The stream of MLM training masks (docs/architecture.md: masking and dropout draw from their own streams). */
  static final String MASKING = "masking";
  private final List<Probe> probes;
  private final ProbeContext.Factory probeContext;
  /** The parameters as initialised, before any checkpoint is restored: what probes compare with (empty without probes). */
  private final Map<String, Tensor> initialParameters = new LinkedHashMap<>();
  /** Activation and gradient buffers of the training step, by micro-batch size (docs/architecture.md). */
  private final Map<Integer, Arena> arenas = new java.util.HashMap<>();
  private final String configYaml;
  private volatile boolean stopRequested;
  private long step;
  /** The step a checkpoint was restored at: its eval rows are already in metrics.jsonl. */
  private long restoredAt = -1;

  /**
   * {@code probeContext} gives the probes what they may know of the run at a step (see
   * {@code Experiment.trainer}, which assembles all of this from a config).
   */
  public Trainer(ExperimentConfig config, Workload work, List<Probe> probes, ProbeContext.Factory probeContext, RunDir run,
      Progress progress) {
    this.config = config;
    this.work = work;
    this.probes = List.copyOf(probes);
    this.probeContext = probeContext;
    this.run = run;
    this.progress = progress;
    this.params = work.model().namedParameters();
    if (!probes.isEmpty()) { // the workload's model is freshly initialised: the snapshot is step 0's, also for a resumed run
      params.forEach((name, t) -> initialParameters.put(name, t.copy(name)));
    }
    this.optimizer = Optimizers.optimizer(config.optimizer(), params);
    this.schedule = Optimizers.schedule(config);
    rngs.put("data", new RngStream(config.seed(), "data"));
    rngs.put("dropout", new RngStream(config.seed(), "dropout"));
    rngs.put(MASKING, new RngStream(config.seed(), MASKING));
    this.configYaml = ConfigLoader.toYaml(config);
  }

  public Workload workload() {
    return work;
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
    phaselab.lab.run.SafeWrite.text(run.config(), configYaml);
    run.truncateMetrics(0);
    long count = work.model().parameterCount();
    run.log("start: " + config.name() + ", " + count + " parameters, " + work.describe());
    step = 0;
    run.metric(0, "model/params", count);
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

  /**
   * Trains until train.steps; returns the final evaluation (eval set → metric → value). Holds the
   * run's lock meanwhile, and ends log.txt with how it ended ({@link phaselab.lab.run.RunStatus}).
   */
  public Map<String, Map<String, Double>> run() throws IOException {
    Files.writeString(run.lock(), phaselab.lab.run.RunStatus.lockContent());
    try {
      return train();
    } catch (InterruptedRunException e) {
      run.log(RunDir.STOPPED + " step " + e.step + ", on request");
      throw e;
    } catch (RuntimeException e) {
      run.log(RunDir.FAILED + " step " + step + ": " + e.getMessage());
      throw e;
    } finally {
      Files.deleteIfExists(run.lock());
    }
  }

  private Map<String, Map<String, Double>> train() throws IOException {
    var t = config.train();
    long start = step;
    progress.start(step);
    Map<String, Map<String, Double>> lastEval = Map.of();
    while (step < t.steps()) {
      boolean restored = step == restoredAt; // eval, probes and checkpoint of this step were done before the stop
      float lr = schedule.lr(step);                                   // 1. schedule
      if (step % t.evalEvery() == 0 && !restored) {                   // 2. eval
        lastEval = evaluate();
      }
      if (step % config.probes().every() == 0 && !restored) {         //    probes
        measure();
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
      double gradNorm = GradClip.globalNorm(params.values());         // 5. clip: the norm now,
      checkFinite(loss, gradNorm);
      optimizer.step(lr, GradClip.factor(gradNorm, config.optimizer().clip())); // 6. step (the scale applied in its pass)
      if (step % t.logEvery() == 0) {                                 // 7. log
        run.metric(step, "train/loss", loss);
        run.metric(step, "train/lr", lr);
        run.metric(step, "train/grad_norm", gradNorm);
        progress.step(step + 1, loss, lr);
      }
      step++;
    }
    if (restoredAt == step) {
      progress.message("the run had already finished at step " + step + "; nothing to do");
      run.log(RunDir.DONE + " step " + step + " (already)");
      return lastEval;
    }
    lastEval = evaluate();
    measure();
    checkpoint();
    run.log(RunDir.DONE + " step " + step);
    return lastEval;
  }

  /**
   * One step's gradients, accumulated over micro-batches; returns the mean loss. Random sampling
   * draws train.batch_size example indices with replacement from the "data" stream; full-batch
   * sampling (gradient descent) takes every training example, in order, split into micro-batches
   * weighted by their size so the gradient is that of the mean loss over the whole set.
   */
  private double forwardBackward() {
    var t = config.train();
    Dropout dropout = new Dropout((float) config.model().dropout(), rngs.get("dropout"));
    int[][] micro = t.fullBatch() ? fullBatch(work.trainSize(), t.microBatches()) : randomBatch(rngs.get("data"), t);
    int total = 0;
    for (int[] m : micro) {
      total += m.length;
    }
    float[] weights = new float[micro.length];
    for (int m = 0; m < micro.length; m++) {
      weights[m] = (float) micro[m].length / total;
    }
    // one arena per micro-batch size: full-batch micro-batches may differ in size by one
    return GradientStep.accumulate(work.model(), weights, m -> arenas.computeIfAbsent(micro[m].length, size -> new Arena()),
        m -> work.loss(micro[m], dropout, rngs.get(MASKING)));
  }

  private int[][] randomBatch(RngStream data, ExperimentConfig.TrainConfig t) {
    int size = t.batchSize() / t.microBatches();
    int[][] out = new int[t.microBatches()][size];
    for (int[] m : out) {
      for (int i = 0; i < size; i++) {
        m[i] = data.nextInt(work.trainSize());
      }
    }
    return out;
  }

  /** 0..n−1 in order, cut into {@code parts} nearly equal consecutive pieces. */
  static int[][] fullBatch(int n, int parts) {
    int[][] out = new int[Math.min(parts, n)][];
    for (int p = 0; p < out.length; p++) {
      int from = (int) ((long) n * p / out.length);
      int to = (int) ((long) n * (p + 1) / out.length);
      out[p] = java.util.stream.IntStream.range(from, to).toArray();
    }
    return out;
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

  /** Evaluates every eval set (first train.eval_size examples). */
  private Map<String, Map<String, Double>> evaluate() {
    Map<String, Map<String, Double>> all = work.evaluate(config.train().evalSize());
    all.forEach((name, r) -> r.forEach((k, v) -> {
      if (!k.equals("n")) {
        run.metric(step, "eval/" + name + "/" + k, v);
      }
    }));
    String head = work.headlineMetric();
    StringBuilder line = new StringBuilder("eval step " + step + ":");
    all.forEach((name, r) -> line.append(String.format(" %s %s %.4f", name, head, r.getOrDefault(head, Double.NaN))));
    progress.message(line.toString());
    run.log(line.toString());
    return all;
  }

  /** Runs every probe on the model (every probes.every steps and at the end). */
  private void measure() {
    if (probes.isEmpty()) {
      return;
    }
    ProbeContext context = probeContext.at(step, schedule.lr(step), () -> initialParameters);
    for (Probe p : probes) {
      for (var e : p.measure(work, context).entrySet()) {
        run.metric(step, "probe/" + e.getKey(), e.getValue());
      }
    }
  }

  /** Writes the state at the current step atomically, then prunes old checkpoints. */
  private void checkpoint() throws IOException {
    try {
      Checkpoint.save(run.checkpoint(step), step, params, optimizer, rngs, configYaml, run.metricsLength());
    } catch (IOException e) {
      throw new CheckpointWriteException("step " + step + ": could not write " + run.checkpoint(step) + " (" + e.getMessage()
          + "): the disk may be full or a file-size limit reached; " + lastGood() + ". Free space, then: phaselab resume "
          + run.path(), e);
    }
    List<Long> steps = run.checkpointSteps();
    for (int i = config.train().keepCheckpoints(); i < steps.size(); i++) {
      Files.deleteIfExists(run.checkpoint(steps.get(i)));
    }
  }

  /** A checkpoint could not be written (disk full, size limit, permissions); the older ones are intact. */
  public static final class CheckpointWriteException extends RuntimeException {
    CheckpointWriteException(String message, IOException cause) {
      super(message, cause);
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
