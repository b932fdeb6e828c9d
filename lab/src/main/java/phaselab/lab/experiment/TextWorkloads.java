package phaselab.lab.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import phaselab.engine.io.SafetensorsException;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.EncoderConfig;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.config.MlmConfig;
import phaselab.lab.config.RelationConfig;
import phaselab.lab.pretrained.PretrainedBert;
import phaselab.lab.run.RunDir;
import phaselab.lab.task.text.DataFile;
import phaselab.lab.task.text.MlmData;
import phaselab.lab.task.text.RelationData;
import phaselab.lab.task.text.RelationEncoding;
import phaselab.lab.task.text.RelationExample;
import phaselab.lab.task.text.WordPiece;
import phaselab.lab.train.Checkpoint;
import phaselab.lab.workload.MlmWorkload;
import phaselab.lab.workload.Models;
import phaselab.lab.workload.RelationWorkload;

/** Builds the BERT workloads: MLM pre-training and relation fine-tuning (optionally from a pre-trained run). */
final class TextWorkloads {
  private TextWorkloads() {}

  static MlmWorkload mlm(ExperimentConfig c, MlmConfig task) throws IOException {
    EncoderConfig m = c.encoder();
    MlmData data = MlmData.load(Path.of(task.corpus()), m.maxSeq(), task.holdoutEvery());
    BertEncoder model = Models.encoder(m, c.seed(), data.vocab().size(), 0, 0);
    return new MlmWorkload(model, data, task.maskProb(), c.seed());
  }

  static RelationWorkload relation(ExperimentConfig c, RelationConfig task) throws IOException {
    EncoderConfig m = c.encoder();
    RelationData data = relations(task);
    if (task.trainLimit() > 0 && task.trainLimit() < data.train().size()) {
      data = new RelationData(data.name(), data.labels(), data.train().subList(0, task.trainLimit()), data.test(), data.splitRule());
    }
    boolean markers = task.pool() == RelationConfig.Pool.MARKERS;
    int classPositions = markers ? 2 : 1;
    WordPiece vocab;
    BertEncoder model;
    String origin = "";
    if (!m.initFrom().isEmpty() && PretrainedBert.isModelDir(Path.of(m.initFrom()))) {
      PretrainedBert body = PretrainedBert.load(Path.of(m.initFrom()));
      vocab = body.tokenizer().wordPiece().withAddedSpecials(RelationExample.MARKERS);
      model = ImportedBody.encoder(m, body, c.seed(), vocab.size(), classPositions, data.labels().size());
      origin = (m.initWeights() ? "; body " : "; the shape and vocabulary (weights: seeded initialisation) of ") + m.initFrom() + " (" + body.origin().path("kind").asText() + " " + body.origin().path("file").asText()
          + ", sha256 " + body.origin().path("sha256").asText() + "; weights sha256 " + body.weightsSha256() + "), "
          + (vocab.size() - body.config().vocab()) + " entity markers added with fresh embeddings";
    } else {
      vocab = WordPiece.load(Path.of(task.corpus()).resolve("vocab.txt"));
      model = Models.encoder(m, c.seed(), vocab.size(), classPositions, data.labels().size());
      if (!m.initFrom().isEmpty()) {
        loadPretrained(Path.of(m.initFrom()), model);
      }
    }
    return new RelationWorkload(model, data, RelationEncoding.of(data.train(), vocab, m.maxSeq(), markers),
        RelationEncoding.of(data.test(), vocab, m.maxSeq(), markers), origin);
  }

  static RelationData relations(RelationConfig t) throws IOException {
    Path dir = t.dataDir().isEmpty() ? DataFile.cacheDir() : Path.of(t.dataDir());
    return switch (t.dataset()) {
      case SEMEVAL -> RelationData.semEval(DataFile.SEMEVAL_TRAIN.cached(dir), DataFile.SEMEVAL_TEST.cached(dir));
      case FEWREL80 -> RelationData.cfrl80(DataFile.CFRL80.cached(dir), DataFile.CFRL80_NAMES.cached(dir), DataFile.FEWREL_VAL.cached(dir),
          DataFile.FEWREL_PIDS.cached(dir), t.subset(), t.testFraction(), t.splitSeed());
      case FEWREL -> RelationData.fewRel(DataFile.FEWREL_VAL.cached(dir), DataFile.FEWREL_PIDS.cached(dir), t.testFraction(), t.splitSeed());
    };
  }

  /** Every parameter but the classifier from the newest valid checkpoint of a pre-training run. */
  static void loadPretrained(Path runDir, BertEncoder model) throws IOException {
    RunDir run = new RunDir(runDir);
    List<Long> steps = run.checkpointSteps();
    if (steps.isEmpty()) {
      throw new IOException("model.init_from: '" + runDir + "' has no checkpoints; pre-train it first (phaselab train configs/symmetry/...)");
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
