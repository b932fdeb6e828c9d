package phaselab.lab.config;

import java.util.List;
import java.util.Map;

/**
 * A whole experiment: what to learn ({@link TaskConfig}), with which model, optimizer and
 * schedule, for how long ({@link TrainConfig}), what to measure ({@link ProbesConfig}), and the
 * seed every random stream derives from.
 *
 * @param name run name (the run directory is runs/NAME unless --out says otherwise)
 * @param seed root seed of all RNG streams (init, data, dropout, task generation)
 */
public record ExperimentConfig(String name, long seed, TaskConfig task, ModelConfig model,
    OptimizerConfig optimizer, ScheduleConfig schedule, TrainConfig train, ProbesConfig probes,
    Map<String, Object> resolved) {

  /** Reads and validates a parsed YAML tree; {@code defaultName} is used when name is absent. */
  public static ExperimentConfig from(Map<String, Object> tree, String defaultName) {
    return from(tree, defaultName, false);
  }

  /**
   * {@code resolved}: the tree is a config phaselab resolved and wrote into a run directory, read
   * back; keys that older versions recorded for every variant (model.positions of an encoder) are
   * dropped rather than refused.
   */
  public static ExperimentConfig from(Map<String, Object> tree, String defaultName, boolean resolved) {
    ConfigNode root = new ConfigNode("", tree, resolved);
    String name = root.string("name", defaultName);
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw root.invalid("name", "= '" + name + "' may hold only letters, digits, '.', '_' and '-' (it names a folder)");
    }
    long seed = root.integer("seed", 1, 0, Integer.MAX_VALUE);
    TaskConfig task = TaskConfig.from(root.section("task"));
    ModelConfig model = ModelConfig.from(root.section("model"));
    OptimizerConfig optimizer = OptimizerConfig.from(root.section("optimizer"));
    TrainConfig train = TrainConfig.from(root.section("train"));
    ScheduleConfig schedule = ScheduleConfig.from(root.section("schedule"), train.steps());
    ProbesConfig probes = ProbesConfig.from(root.section("probes"), task.kind().defaultProbes(), task.kind());
    root.finish();
    ModelKind needed = task.kind().model();
    if (!task.kind().accepts(model.kind())) {
      throw new ConfigException("config key 'model.kind' = '" + ConfigNode.spelling(model.kind()) + "' cannot learn task '" + task.name()
          + "'; use model.kind: " + ConfigNode.spelling(needed) + " (" + tasksOf(needed) + ")");
    }
    ProbeCatalog catalog = ProbeCatalog.find();
    for (String p : probes.names()) {
      var refusal = catalog.refuse(p, needed);
      if (refusal.isPresent()) {
        List<String> usable = catalog.names().stream().filter(q -> catalog.refuse(q, needed).isEmpty()).toList();
        throw new ConfigException("config key 'probes.names' has '" + p + "', which " + refusal.get() + "; task '" + task.name()
            + "' trains another model. Remove it (the probes for this model: " + String.join(", ", usable) + ")");
      }
    }
    if (train.fullBatch() && task instanceof SupervisedConfig sup && train.batchSize() != sup.trainSize()) {
      throw new ConfigException("config key 'train.sampling' = 'full' (gradient descent) uses the whole training set; set train.batch_size = "
          + "task.train_size = " + sup.trainSize() + " so the logged batch size is the true one");
    }
    int maxLen = switch (task) {
      case DyckConfig d -> d.maxLen();
      case GrammarConfig g -> g.maxLen();
      default -> 0;
    };
    if (model instanceof DecoderConfig d && d.maxSeq() < maxLen + 1) { // [SOS] + string (+ [EOS] as the last target)
      throw new ConfigException("config key 'model.max_seq' = " + d.maxSeq() + " is shorter than task.max_len + 1 = " + (maxLen + 1)
          + "; raise model.max_seq or lower task.max_len");
    }
    return new ExperimentConfig(name, seed, task, model, optimizer, schedule, train, probes, root.resolved());
  }

  private static String tasksOf(ModelKind kind) {
    return "for " + String.join(", ", java.util.Arrays.stream(TaskKind.values()).filter(t -> t.model() == kind).map(TaskKind::configName)
        .toList());
  }

  /** The decoder of a sequence-task run; a clear error for any other model. */
  public DecoderConfig decoder() {
    return as(DecoderConfig.class);
  }

  /** The BERT encoder of a text-task run; a clear error for any other model. */
  public EncoderConfig encoder() {
    return as(EncoderConfig.class);
  }

  /** The MLP of a supervised-task run; a clear error for any other model. */
  public MlpConfig mlp() {
    return as(MlpConfig.class);
  }

  private <T extends ModelConfig> T as(Class<T> kind) {
    if (kind.isInstance(model)) {
      return kind.cast(model);
    }
    throw new IllegalArgumentException("run '" + name + "' trains a " + ConfigNode.spelling(model.kind()) + " (task " + task.name()
        + "), not a " + kind.getSimpleName().replace("Config", "").toLowerCase(java.util.Locale.ROOT));
  }

  /** Optimizer and gradient clipping. */
  public record OptimizerConfig(Kind name, double lr, double beta1, double beta2, double eps,
      double weightDecay, double momentum, boolean nesterov, double clip) {
    /** AdamW, or SGD with optional (Nesterov) heavy-ball momentum. */
    public enum Kind { ADAMW, SGD }

    static OptimizerConfig from(ConfigNode n) {
      Kind name = n.choice("name", Kind.ADAMW);
      double lr = n.number("lr", 1e-3, 0.0, 100.0);
      double b1 = n.number("beta1", 0.9, 0.0, 0.999999);
      double b2 = n.number("beta2", 0.999, 0.0, 0.99999999);
      double eps = n.number("eps", 1e-8, 1e-30, 1.0);
      double wd = n.number("weight_decay", 0.01, 0.0, 10.0);
      double mom = n.number("momentum", 0.0, 0.0, 0.999999);
      boolean nesterov = n.bool("nesterov", false);
      if (nesterov && mom == 0) {
        throw n.invalid("nesterov", "needs optimizer.momentum > 0");
      }
      double clip = n.number("clip", 1.0, 0.0, 1e9);
      n.finish();
      return new OptimizerConfig(name, lr, b1, b2, eps, wd, mom, nesterov, clip);
    }
  }

  /**
   * Learning-rate schedule (a pure function of the step). {@code decaySteps}: the step at which the
   * linear or cosine decay ends (default train.steps; Murty et al.'s training_utils.py decays
   * linearly to 0 at max_steps = 2,000,000, whatever the run's length).
   */
  public record ScheduleConfig(Kind name, int warmup, double minLr, int decaySteps) {
    /** Constant (after an optional linear warm-up), linear warm-up then decay to 0, or warm-up then cosine to min_lr. */
    public enum Kind { CONSTANT, LINEAR, COSINE }

    static ScheduleConfig from(ConfigNode n, int steps) {
      Kind name = n.choice("name", Kind.CONSTANT);
      int warmup = n.integer("warmup", 0, 0, Integer.MAX_VALUE);
      double minLr = n.number("min_lr", 0.0, 0.0, 100.0);
      int decay = n.integer("decay_steps", steps, 1, Integer.MAX_VALUE);
      n.finish();
      return new ScheduleConfig(name, warmup, minLr, decay);
    }
  }

  /** Length of training and intervals. */
  public record TrainConfig(int steps, int batchSize, int microBatches, int evalEvery, int evalSize,
      int checkpointEvery, int logEvery, int keepCheckpoints, boolean fullBatch) {
    static TrainConfig from(ConfigNode n) {
      int steps = n.integer("steps", 1000, 1, Integer.MAX_VALUE);
      int batch = n.integer("batch_size", 32, 1, 1 << 20);
      int micro = n.integer("micro_batches", 1, 1, 1 << 20);
      if (batch % micro != 0) {
        throw n.invalid("micro_batches", "= " + micro + " does not divide train.batch_size = " + batch);
      }
      int evalEvery = n.integer("eval_every", 100, 1, Integer.MAX_VALUE);
      int evalSize = n.integer("eval_size", 1000, 1, Integer.MAX_VALUE);
      int ckpt = n.integer("checkpoint_every", 500, 1, Integer.MAX_VALUE);
      int log = n.integer("log_every", 10, 1, Integer.MAX_VALUE);
      int keep = n.integer("keep_checkpoints", 3, 1, 1_000_000);
      // random: batch_size examples drawn with replacement (SGD); full: the whole training set (GD)
      boolean full = n.choice("sampling", "random", "random", "full").equals("full");
      n.finish();
      return new TrainConfig(steps, batch, micro, evalEvery, evalSize, ckpt, log, keep, full);
    }
  }

  /**
   * Probes run on the model every {@code every} steps; results go to metrics.jsonl. Each probe's
   * settings live in its own section, {@code probes.NAME} (e.g. {@code probes.tree_projection.sentences}),
   * read and validated by the probe's spec; {@link #get} hands a probe its record.
   */
  public record ProbesConfig(List<String> names, int every, Map<String, Record> settings) {

    static ProbesConfig from(ConfigNode n, List<String> defaults, TaskKind task) {
      ProbeCatalog catalog = ProbeCatalog.find();
      List<String> names = n.choices("names", defaults, catalog.names().toArray(String[]::new));
      int every = n.integer("every", 100, 1, Integer.MAX_VALUE);
      Map<String, Record> settings = Map.copyOf(catalog.settings(n, task));
      n.finish();
      return new ProbesConfig(names, every, settings);
    }

    /** The settings record of type {@code type} (each probe's has its own type). */
    public <T extends Record> T get(Class<T> type) {
      return settings.values().stream().filter(type::isInstance).map(type::cast).findFirst()
          .orElseThrow(() -> new IllegalStateException("no probe declares settings of type " + type.getName()));
    }
  }
}
