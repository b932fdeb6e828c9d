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
    ProbesConfig probes = ProbesConfig.from(root.section("probes"),
        task.supervised() ? List.of("weight_norm", "entropic") : task.isText() ? List.of("weight_norm") : List.of("weight_norm", "attention_sparsity"),
        task.name().equals("dyck") ? 500 : 2000);
    root.finish();
    if (task.isText() != model.kind().equals("encoder")) {
      throw new ConfigException("config key 'model.kind' = '" + model.kind() + "' cannot learn task '" + task.name() + "'; use "
          + (task.isText() ? "model.kind: encoder for mlm and relation" : "model.kind: encoder only for mlm and relation"));
    }
    if (!task.isText() && task.supervised() != model.kind().equals("mlp")) {
      throw new ConfigException("config key 'model.kind' = '" + model.kind() + "' cannot learn task '" + task.name() + "'; use "
          + (task.supervised() ? "model.kind: mlp for fashion_mnist and teacher" : "model.kind: decoder for dyck, question and tense"));
    }
    if (probes.names().contains("nodes") && !task.isText()) {
      throw new ConfigException("config key 'probes.names' has 'nodes', which reads BERT encoders; task '" + task.name()
          + "' trains another model. Remove it");
    }
    for (String p : probes.names()) {
      if ((task.supervised() || task.isText()) && List.of(ProbesConfig.LM_ONLY).contains(p)) {
        throw new ConfigException("config key 'probes.names' has '" + p + "', which measures transformers; task '" + task.name()
            + "' trains an MLP. Remove it (the MLP probes: entropic)");
      }
    }
    if (train.fullBatch() && !task.isText() && train.batchSize() != task.trainSize()) {
      throw new ConfigException("config key 'train.sampling' = 'full' (gradient descent) uses the whole training set; set train.batch_size = "
          + "task.train_size = " + task.trainSize() + " so the logged batch size is the true one");
    }
    int needed = task.maxLen() + 1; // [SOS] + string (+ [EOS] as the last target)
    if (!task.supervised() && !task.isText() && model.maxSeq() < needed) {
      throw new ConfigException("config key 'model.max_seq' = " + model.maxSeq() + " is shorter than task.max_len + 1 = " + needed
          + "; raise model.max_seq or lower task.max_len");
    }
    return new ExperimentConfig(name, seed, task, model, optimizer, schedule, train, probes, root.resolved());
  }

  /**
   * Task and data. Sequence tasks (RESEARCH.md C.1): "dyck" (k, m used), "question" (question
   * formation) or "tense" (tense inflection); max_len bounds the whole line in tokens. Supervised
   * tasks (RESEARCH.md B.2): "fashion_mnist" (the IDX files in data_dir; train_size and val_size
   * take the first examples of the training and test files) and "teacher" (regression on a seeded
   * random linear teacher input_dim → teacher_width → output_dim with Gaussian label noise, drawn
   * from data_seed so that every run seed sees the same task).
   */
  public record TaskConfig(String name, int k, int m, int trainSize, int valSize, int oodSize, int maxLen, int holdoutEvery,
      DyckSplit dyckSplit, String dataDir, int inputDim, int outputDim, int teacherWidth, double noise, long dataSeed, boolean shuffleLabels,
      TextConfig text) {
    /** Where Debian's dataset-fashion-mnist installs the IDX files. */
    public static final String FASHION_DIR = "/usr/share/datasets/fashion-mnist";

    static TaskConfig from(ConfigNode n) {
      String name = n.choice("name", "dyck", "dyck", "question", "tense", "fashion_mnist", "teacher", "mlm", "relation");
      if (name.equals("mlm") || name.equals("relation")) {
        TextConfig text = TextConfig.from(n, name);
        n.finish();
        return new TaskConfig(name, 0, 0, 0, 0, 0, 0, 0, DyckSplit.UNSEEN, text.corpus(), 0, 0, 0, 0, 0, false, text);
      }
      boolean grammar = name.equals("question") || name.equals("tense");
      boolean fashion = name.equals("fashion_mnist");
      boolean teacher = name.equals("teacher");
      int k = n.integer("k", 20, 1, 1000);
      int m = n.integer("m", 10, 1, 1000);
      // defaults: Dyck 200k / 20k / 20k (RESEARCH.md C.1); grammars 100k / 1k / 10k (McCoy et al.);
      // Fashion-MNIST the whole 60k / 10k; teacher 1k / 1k
      int train = n.integer("train_size", grammar ? 100_000 : fashion ? 60_000 : teacher ? 1_000 : 200_000, 1,
          fashion ? 60_000 : 50_000_000);
      int val = n.integer("val_size", grammar ? 1_000 : fashion ? 10_000 : teacher ? 1_000 : 20_000, 1, fashion ? 10_000 : 10_000_000);
      int ood = n.integer("ood_size", grammar ? 10_000 : 20_000, 1, 10_000_000);
      int maxLen = n.integer("max_len", grammar ? 46 : 62, 4, 100_000);
      boolean dyck = name.equals("dyck");
      // Dyck generalisation split: "unseen" (the reference: strings with a segment pattern that no
      // training string has) or "hashed" (ours before: a seeded quarter of the long patterns held out)
      DyckSplit split = dyck && n.choice("split", "unseen", "unseen", "hashed").equals("hashed") ? DyckSplit.HASHED : DyckSplit.UNSEEN;
      int holdout = split == DyckSplit.HASHED ? n.integer("holdout_every", 4, 2, 1_000_000) : 4;
      // grammars: McCoy-format files instead of the generator (empty: generate)
      String dataDir = fashion ? n.string("data_dir", FASHION_DIR) : grammar ? n.string("data_dir", "") : "";
      int inputDim = teacher ? n.integer("input_dim", 20, 1, 1 << 20) : fashion ? 784 : 0;
      int outputDim = teacher ? n.integer("output_dim", 5, 1, 1 << 20) : fashion ? 10 : 0;
      int teacherWidth = teacher ? n.integer("teacher_width", 10, 1, 1 << 20) : 0;
      double noise = teacher ? n.number("noise", 0.1, 0.0, 1e6) : 0.0;
      // the teacher and its data are the task, not the run: the same for every run seed
      long dataSeed = teacher ? n.integer("data_seed", 1, 0, Integer.MAX_VALUE) : 0;
      // supervised tasks: train on randomly permuted labels (the memorisation control of alignment)
      boolean shuffle = (fashion || teacher) && n.bool("shuffle_labels", false);
      n.finish();
      return new TaskConfig(name, k, m, train, val, ood, maxLen, holdout, split, dataDir, inputDim, outputDim, teacherWidth, noise, dataSeed, shuffle, null);
    }

    /** How Dyck's generalisation set is chosen (see DyckTask). */
    public enum DyckSplit { UNSEEN, HASHED }

    /** True for the text tasks of the symmetry-breaking suite (BERT encoder). */
    public boolean isText() {
      return text != null;
    }

    /** True for the supervised (MLP) tasks, false for the sequence (transformer) tasks. */
    public boolean supervised() {
      return name.equals("fashion_mnist") || name.equals("teacher");
    }
  }

  /**
   * Text tasks (RESEARCH.md A): "mlm" pre-trains on corpus/corpus.txt (from phaselab data corpus),
   * holding out every holdout_every-th sequence, masking mask_prob of the tokens (80% [MASK], 10%
   * random, 10% kept); "relation" classifies the relation between two marked entities of a
   * sentence from dataset fewrel (16 × 700), fewrel80 (subset all, train64 or val16; 100 each) or
   * semeval (19 labels), split by test_fraction and split_seed (SemEval: its official files),
   * reading the classifier input at the entity markers ("markers") or at [CLS] ("cls").
   * The vocabulary is corpus/vocab.txt; the data files come from data_dir (default the cache
   * that phaselab data fetch fills).
   */
  public record TextConfig(String corpus, String dataDir, int holdoutEvery, double maskProb, String dataset, String subset,
      double testFraction, long splitSeed, String pool, int trainLimit) {
    static TextConfig from(ConfigNode n, String task) {
      String corpus = n.string("corpus", "data/corpus");
      String dataDir = n.string("data_dir", "");
      if (task.equals("mlm")) {
        int holdout = n.integer("holdout_every", 100, 2, 1_000_000);
        double mask = n.number("mask_prob", 0.15, 0.01, 0.9);
        return new TextConfig(corpus, dataDir, holdout, mask, "", "", 0, 0, "", 0);
      }
      String dataset = n.choice("dataset", "fewrel", "fewrel", "fewrel80", "semeval");
      String subset = dataset.equals("fewrel80") ? n.choice("subset", "all", "all", "train64", "val16") : "all";
      double test = n.number("test_fraction", 0.2, 0.01, 0.99);
      long seed = n.integer("split_seed", 1, 0, Integer.MAX_VALUE);
      String pool = n.choice("pool", "markers", "markers", "cls");
      int limit = n.integer("train_limit", 0, 0, Integer.MAX_VALUE);
      return new TextConfig(corpus, dataDir, 0, 0, dataset, subset, test, seed, pool, limit);
    }
  }

  /**
   * The network: a causal transformer decoder (kind "decoder": layers … max_seq) or a fully
   * connected net (kind "mlp": hidden widths, activation relu or identity, bias, init_gain times
   * PyTorch's default initialisation). An MLP with identity activation and no bias is a deep
   * linear net.
   */
  public record ModelConfig(String kind, int layers, int width, int heads, int ffn, String activation,
      String norm, String positions, boolean embedScale, boolean tied, double dropout, int maxSeq,
      List<Integer> hidden, boolean bias, double initGain, String initFrom, boolean xavierEmbeddings) {
    static ModelConfig from(ConfigNode n) {
      String kind = n.choice("kind", "decoder", "decoder", "mlp", "encoder");
      if (kind.equals("mlp")) {
        List<Integer> hidden = n.integers("hidden", List.of(256), 1, 1 << 20);
        String act = n.choice("activation", "relu", "relu", "identity");
        boolean bias = n.bool("bias", true);
        double gain = n.number("init_gain", 1.0, 0.0, 1e3);
        n.finish();
        return new ModelConfig(kind, hidden.size() + 1, 0, 0, 0, act, "", "", false, false, 0.0, 0, hidden, bias, gain, "", false);
      }
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
      // encoder only: start from the newest checkpoint of a pre-training run (all but the classifier)
      String initFrom = kind.equals("encoder") ? n.string("init_from", "") : "";
      // decoder only: token embedding (and untied output map) Normal(0, 0.02) or Xavier-uniform (Murty et al.)
      boolean xavier = kind.equals("decoder") && n.choice("embed_init", "normal", "normal", "xavier").equals("xavier");
      n.finish();
      return new ModelConfig(kind, layers, width, heads, ffn, act, norm, pos, scale, tied, dropout, maxSeq, List.of(), true, 1.0,
          initFrom, xavier);
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
   * Probes run on the model every {@code every} steps; results go to metrics.jsonl. The entropic
   * probe measures on a fixed probe set of {@code samples} training examples and, when
   * {@code sharpness_iterations} > 0, estimates extreme Hessian eigenvalues by Lanczos. The node probe reads site (see docs/symmetry-breaking.md) on nodes_limit examples.
   * Tree projections read tree_sentences training sentences (Dyck: strings of at most
   * tree_max_words brackets; the O(n²) span passes make long strings costly).
   */
  public record ProbesConfig(List<String> names, int every, int samples, int sharpnessIterations, String site, String readout,
      double minRecall, boolean meanSilencing, int nodesLimit, int treeSentences, int treeMaxWords, int sharpnessK, double sharpnessTol) {
    public static final String[] AVAILABLE = {"weight_norm", "attention_sparsity", "tree_projection", "entropic", "nodes"};
    static final String[] LM_ONLY = {"attention_sparsity", "tree_projection"};

    /** {@code treeSentences}: the default count of tree-projection sentences (Dyck 500, as the reference). */
    static ProbesConfig from(ConfigNode n, List<String> defaults, int treeSentences) {
      List<String> names = n.choices("names", defaults, AVAILABLE);
      int every = n.integer("every", 100, 1, Integer.MAX_VALUE);
      int samples = n.integer("samples", 256, 2, 1_000_000);
      // Lanczos: at most sharpness_iterations HVPs, stopping at a relative residual sharpness_tol
      // of the top eigenvalue; sharpness_k eigenvalues at each end of the spectrum
      int sharp = n.integer("sharpness_iterations", 30, 0, 10_000);
      double sharpTol = n.number("sharpness_tol", 1e-3, 1e-12, 1.0);
      int sharpK = n.integer("sharpness_k", 2, 1, 100);
      // the node probe (RESEARCH.md A.1): analysis site (auto = the classifier's input, or the MLM
      // decoder's), readout (auto = the model's own output layer where the site feeds one),
      // learned-set recall threshold (0 = 2/K), silencing mode (mean: zero is not the neutral value
      // of a GELU or LayerNorm output), and how many examples of each split it reads
      String site = n.string("site", "auto");
      String readout = n.choice("readout", "auto", "auto", "model", "fitted");
      double minRecall = n.number("min_recall", 0.0, 0.0, 1.0);
      boolean mean = n.choice("silence", "mean", "zero", "mean").equals("mean");
      int limit = n.integer("nodes_limit", 1000, 10, 1_000_000);
      // grammars: 2,000 sentences put the standard error of tscore near 0.01 (docs/metrics.md)
      int trees = n.integer("tree_sentences", treeSentences, 1, 1_000_000);
      int treeMaxWords = n.integer("tree_max_words", 24, 2, 10_000);
      n.finish();
      return new ProbesConfig(names, every, samples, sharp, site, readout, minRecall, mean, limit, trees, treeMaxWords, sharpK, sharpTol);
    }
  }
}
