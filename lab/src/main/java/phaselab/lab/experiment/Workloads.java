package phaselab.lab.experiment;

import java.io.IOException;
import java.nio.file.Path;
import phaselab.engine.rng.RngStream;
import phaselab.lab.config.DyckConfig;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.config.FashionConfig;
import phaselab.lab.config.GrammarConfig;
import phaselab.lab.config.MlmConfig;
import phaselab.lab.config.RelationConfig;
import phaselab.lab.config.SupervisedConfig;
import phaselab.lab.config.TeacherConfig;
import phaselab.lab.task.LmTask;
import phaselab.lab.task.supervised.Examples;
import phaselab.lab.task.supervised.FashionMnist;
import phaselab.lab.task.supervised.TeacherRegression;
import phaselab.lab.workload.LmWorkload;
import phaselab.lab.workload.Models;
import phaselab.lab.workload.SupervisedWorkload;
import phaselab.lab.workload.Workload;

/** Builds the workload (task data + freshly initialised model) a config describes. */
public final class Workloads {
  private Workloads() {}

  /**
   * One case per task variant (the compiler checks that every variant has one). Throws
   * IllegalArgumentException with the cause and the fix when the data cannot be had.
   */
  public static Workload create(ExperimentConfig c) {
    try {
      return switch (c.task()) {
        case DyckConfig d -> lm(c, Tasks.create(c));
        case GrammarConfig g -> lm(c, Tasks.create(c));
        case FashionConfig f -> supervised(c, f, fashion(f));
        case TeacherConfig t -> supervised(c, t, TeacherRegression.generate(t.inputDim(), t.teacherWidth(), t.outputDim(), t.noise(),
            t.trainSize(), t.valSize(), t.dataSeed(), t.inputSpectrum(), t.viewSeed()));
        case MlmConfig m -> TextWorkloads.mlm(c, m);
        case RelationConfig r -> TextWorkloads.relation(c, r);
      };
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static LmWorkload lm(ExperimentConfig c, LmTask task) {
    return new LmWorkload(Models.decoder(c.decoder(), c.seed(), task.vocabSize()), task);
  }

  private static SupervisedWorkload supervised(ExperimentConfig c, SupervisedConfig t, Examples[] data) {
    Examples train = t.shuffleLabels() ? shuffled(data[0]) : data[0];
    int in = data[0].inputDim();
    int out = data[0].outputDim();
    phaselab.engine.model.VectorNet model = c.model() instanceof phaselab.lab.config.CnnConfig cnn ? Models.cnn(cnn, c.seed(), in, out)
        : Models.mlp(c.mlp(), c.seed(), in, out);
    return new SupervisedWorkload(t.name(), model, train, data[1]);
  }

  /**
   * The training examples with their labels (or regression targets) permuted among them, by a
   * fixed stream: the same random labelling for every run seed, so that it is part of the task.
   */
  static Examples shuffled(Examples e) {
    int[] perm = java.util.stream.IntStream.range(0, e.n()).toArray();
    new RngStream(1, "task/shuffle-labels").shuffle(perm);
    if (e.classification()) {
      int[] labels = new int[e.n()];
      for (int i = 0; i < e.n(); i++) {
        labels[i] = e.labels()[perm[i]];
      }
      return new Examples(e.n(), e.inputDim(), e.outputDim(), e.x(), labels, null);
    }
    float[] y = new float[e.targets().length];
    int d = e.outputDim();
    for (int i = 0; i < e.n(); i++) {
      System.arraycopy(e.targets(), perm[i] * d, y, i * d, d);
    }
    return new Examples(e.n(), e.inputDim(), e.outputDim(), e.x(), null, y);
  }

  private static Examples[] fashion(FashionConfig t) throws IOException {
    Path dir = Path.of(t.dataDir());
    return new Examples[] {FashionMnist.load(dir, "train", t.trainSize()), FashionMnist.load(dir, "t10k", t.valSize())};
  }
}
