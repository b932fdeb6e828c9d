package phaselab.lab.train;

import java.io.IOException;
import java.nio.file.Path;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.nn.Mlp;
import phaselab.engine.rng.RngStream;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.task.LmTask;
import phaselab.lab.task.Tasks;
import phaselab.lab.task.supervised.Examples;
import phaselab.lab.task.supervised.FashionMnist;
import phaselab.lab.task.supervised.TeacherRegression;

/** Builds the workload (task data + freshly initialised model) a config describes. */
public final class Workloads {
  private Workloads() {}

  /** Throws IllegalArgumentException with the cause and the fix when the data cannot be had. */
  public static Workload create(ExperimentConfig c) {
    var t = c.task();
    if (t.isText()) {
      try {
        return TextWorkloads.create(c);
      } catch (IOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    if (!t.supervised()) {
      LmTask task = Tasks.create(c);
      return new LmWorkload(Factories.model(c, task.vocabSize()), task);
    }
    Examples[] data = switch (t.name()) {
      case "fashion_mnist" -> fashion(t);
      case "teacher" -> TeacherRegression.generate(t.inputDim(), t.teacherWidth(), t.outputDim(), t.noise(), t.trainSize(), t.valSize(),
          t.dataSeed());
      default -> throw new IllegalArgumentException("unknown task '" + t.name() + "'");
    };
    Examples train = t.shuffleLabels() ? shuffled(data[0]) : data[0];
    return new SupervisedWorkload(t.name(), mlp(c, data[0].inputDim(), data[0].outputDim()), train, data[1]);
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

  /** The MLP of the config, initialised from the "init" stream of the seed. */
  public static Mlp mlp(ExperimentConfig c, int in, int out) {
    var m = c.model();
    int[] widths = new int[m.hidden().size() + 2];
    widths[0] = in;
    for (int i = 0; i < m.hidden().size(); i++) {
      widths[i + 1] = m.hidden().get(i);
    }
    widths[widths.length - 1] = out;
    var act = m.activation().equals("identity") ? FeedForward.Activation.IDENTITY : FeedForward.Activation.RELU;
    return new Mlp(widths, m.bias(), act).initialize(new RngStream(c.seed(), "init"), m.initGain());
  }

  private static Examples[] fashion(ExperimentConfig.TaskConfig t) {
    try {
      Path dir = Path.of(t.dataDir());
      return new Examples[] {FashionMnist.load(dir, "train", t.trainSize()), FashionMnist.load(dir, "t10k", t.valSize())};
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
