package phaselab.lab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import phaselab.engine.io.SafetensorsException;
import phaselab.engine.nn.BertEncoder;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.nn.TransformerConfig;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.run.RunDir;
import phaselab.lab.task.text.DataFile;
import phaselab.lab.task.text.MlmData;
import phaselab.lab.task.text.RelationData;
import phaselab.lab.task.text.RelationEncoding;
import phaselab.lab.task.text.WordPiece;

/** Builds the BERT workloads: MLM pre-training and relation fine-tuning (optionally from a pre-trained run). */
final class TextWorkloads {
  private TextWorkloads() {}

  static Workload create(ExperimentConfig c) throws IOException {
    var text = c.task().text();
    Path corpus = Path.of(text.corpus());
    if (c.task().name().equals("mlm")) {
      MlmData data = MlmData.load(corpus, c.model().maxSeq(), text.holdoutEvery());
      BertEncoder model = encoder(c, data.vocab().size(), 0, 0);
      return new MlmWorkload(model, data, text.maskProb(), c.seed());
    }
    WordPiece vocab = WordPiece.load(corpus.resolve("vocab.txt"));
    RelationData data = relations(text);
    if (text.trainLimit() > 0 && text.trainLimit() < data.train().size()) {
      data = new RelationData(data.name(), data.labels(), data.train().subList(0, text.trainLimit()), data.test(), data.splitRule());
    }
    boolean markers = text.pool().equals("markers");
    BertEncoder model = encoder(c, vocab.size(), markers ? 2 : 1, data.labels().size());
    if (!c.model().initFrom().isEmpty()) {
      loadPretrained(Path.of(c.model().initFrom()), model);
    }
    return new RelationWorkload(model, data, RelationEncoding.of(data.train(), vocab, c.model().maxSeq(), markers),
        RelationEncoding.of(data.test(), vocab, c.model().maxSeq(), markers));
  }

  static RelationData relations(ExperimentConfig.TextConfig t) throws IOException {
    Path dir = t.dataDir().isEmpty() ? DataFile.cacheDir() : Path.of(t.dataDir());
    return switch (t.dataset()) {
      case "semeval" -> RelationData.semEval(DataFile.SEMEVAL_TRAIN.cached(dir), DataFile.SEMEVAL_TEST.cached(dir));
      case "fewrel80" -> RelationData.cfrl80(DataFile.CFRL80.cached(dir), DataFile.CFRL80_NAMES.cached(dir), DataFile.FEWREL_VAL.cached(dir),
          DataFile.FEWREL_PIDS.cached(dir), t.subset(), t.testFraction(), t.splitSeed());
      default -> RelationData.fewRel(DataFile.FEWREL_VAL.cached(dir), DataFile.FEWREL_PIDS.cached(dir), t.testFraction(), t.splitSeed());
    };
  }

  /** A post-LN BERT encoder (GELU, learned positions, LayerNorm ε 1e-12, N(0, 0.02) init from the "init" stream). */
  static BertEncoder encoder(ExperimentConfig c, int vocab, int classPositions, int labels) {
    var m = c.model();
    TransformerConfig tc = new TransformerConfig(vocab, m.width(), m.heads(), m.ffn(), m.layers(), m.maxSeq(), m.norm().equals("pre"),
        m.activation().equals("relu") ? FeedForward.Activation.RELU : FeedForward.Activation.GELU, TransformerConfig.Positions.LEARNED,
        false, false, 0, (float) m.dropout(), 1e-12f, 0.02f);
    return new BertEncoder(tc, classPositions, labels).initialize(new RngStream(c.seed(), "init"));
  }

  /** Every parameter but the classifier from the newest valid checkpoint of a pre-training run. */
  static void loadPretrained(Path runDir, BertEncoder model) throws IOException {
    RunDir run = new RunDir(runDir);
    List<Long> steps = run.checkpointSteps();
    if (steps.isEmpty()) {
      throw new IOException("model.init_from: '" + runDir + "' has no checkpoints; pre-train it first (phaselab train configs/ssb/...)");
    }
    Map<String, Tensor> body = new TreeMap<>(model.namedParameters());
    body.keySet().removeIf(k -> k.startsWith("cls."));
    try {
      Checkpoint.loadParams(run.checkpoint(steps.get(0)), body);
    } catch (SafetensorsException e) {
      throw new IOException("model.init_from: " + e.getMessage() + " (the encoder shape and task.corpus vocabulary must match the "
          + "pre-training run)", e);
    }
  }
}
