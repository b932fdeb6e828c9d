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
    ConfigNode root = new ConfigNode("", tree);
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
    ProbesConfig probes = ProbesConfig.from(root.section("probes"));
    root.finish();
    int needed = task.maxLen() + 1; // [SOS] + string (+ [EOS] as the last target)
    if (model.maxSeq() < needed) {
      throw new ConfigException("config key 'model.max_seq' = " + model.maxSeq() + " is shorter than task.max_len + 1 = " + needed
          + "; raise model.max_seq or lower task.max_len");
    }
    return new ExperimentConfig(name, seed, task, model, optimizer, schedule, train, probes, root.resolved());
  }

  /**
   * Task and data generation (RESEARCH.md C.1): "dyck" (k, m used), "question" (question
   * formation) or "tense" (tense inflection). max_len bounds the whole line in tokens.
   */
  public record TaskConfig(String name, int k, int m, int trainSize, int valSize, int oodSize, int maxLen, int holdoutEvery) {
    static TaskConfig from(ConfigNode n) {
      String name = n.choice("name", "dyck", "dyck", "question", "tense");
      boolean grammar = !name.equals("dyck");
      int k = n.integer("k", 20, 1, 1000);
      int m = n.integer("m", 10, 1, 1000);
      // defaults: Dyck 200k / 20k / 20k (RESEARCH.md C.1); grammars 100k / 1k / 10k (McCoy et al.)
      int train = n.integer("train_size", grammar ? 100_000 : 200_000, 1, 50_000_000);
      int val = n.integer("val_size", grammar ? 1_000 : 20_000, 1, 10_000_000);
      int ood = n.integer("ood_size", grammar ? 10_000 : 20_000, 1, 10_000_000);
      int maxLen = n.integer("max_len", grammar ? 46 : 62, 4, 100_000);
      int holdout = n.integer("holdout_every", 4, 2, 1_000_000);
      n.finish();
      return new TaskConfig(name, k, m, train, val, ood, maxLen, holdout);
    }
  }

  /** The network. */
  public record ModelConfig(String kind, int layers, int width, int heads, int ffn, String activation,
      String norm, String positions, boolean embedScale, boolean tied, double dropout, int maxSeq) {
    static ModelConfig from(ConfigNode n) {
      String kind = n.choice("kind", "decoder", "decoder");
      int layers = n.integer("layers", 2, 0, 1000);
      int width = n.integer("width", 128, 1, 1 << 16);
      int heads = n.integer("heads", 4, 1, 1024);
      if (width % heads != 0) {
        throw n.invalid("heads", "= " + heads + " does not divide model.width = " + width + "; choose heads among the divisors of width");
      }
      int ffn = n.integer("ffn", 4 * width, 1, 1 << 20);
      String act = n.choice("activation", "gelu", "gelu", "relu");
      String norm = n.choice("norm", "post", "post", "pre");
      String pos = n.choice("positions", "learned", "learned", "sinusoidal", "none");
      boolean scale = n.bool("embed_scale", false);
      boolean tied = n.bool("tied", false);
      double dropout = n.number("dropout", 0.0, 0.0, 0.99);
      int maxSeq = n.integer("max_seq", 64, 2, 1 << 16);
      n.finish();
      return new ModelConfig(kind, layers, width, heads, ffn, act, norm, pos, scale, tied, dropout, maxSeq);
    }
  }

  /** Optimizer and gradient clipping. */
  public record OptimizerConfig(String name, double lr, double beta1, double beta2, double eps,
      double weightDecay, double momentum, boolean nesterov, double clip) {
    static OptimizerConfig from(ConfigNode n) {
      String name = n.choice("name", "adamw", "adamw", "sgd");
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

  /** Learning-rate schedule (a pure function of the step). */
  public record ScheduleConfig(String name, int warmup, double minLr) {
    static ScheduleConfig from(ConfigNode n, int steps) {
      String name = n.choice("name", "constant", "constant", "linear", "cosine");
      int warmup = n.integer("warmup", 0, 0, Integer.MAX_VALUE);
      double minLr = n.number("min_lr", 0.0, 0.0, 100.0);
      n.finish();
      return new ScheduleConfig(name, warmup, minLr);
    }
  }

  /** Length of training and intervals. */
  public record TrainConfig(int steps, int batchSize, int microBatches, int evalEvery, int evalSize,
      int checkpointEvery, int logEvery, int keepCheckpoints) {
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
      n.finish();
      return new TrainConfig(steps, batch, micro, evalEvery, evalSize, ckpt, log, keep);
    }
  }

  /** Probes run on the model every {@code every} steps; results go to metrics.jsonl. */
  public record ProbesConfig(List<String> names, int every) {
    public static final String[] AVAILABLE = {"weight_norm", "attention_sparsity", "tree_projection"};

    static ProbesConfig from(ConfigNode n) {
      List<String> names = n.choices("names", List.of("weight_norm", "attention_sparsity"), AVAILABLE);
      int every = n.integer("every", 100, 1, Integer.MAX_VALUE);
      n.finish();
      return new ProbesConfig(names, every);
    }
  }
}
