package phaselab.lab.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phaselab.engine.tensor.Arena;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.experiment.Experiment;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.run.RunDir;

/**
 * The activation arena changes where a step's arrays come from, never the numbers: shipped
 * configs (decoder with dropout, grammar tasks, full-batch GD over micro-batches, SGD on a
 * linear net) train to the same bits with the arena on and off, and with it on, an
 * evaluation between steps (which allocates outside the arena) does not disturb the next step.
 */
@Tag("slow")
class ArenaTrainingTest {
  @AfterEach
  void restore() {
    Arena.setEnabled(true);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "grokking/dyck-cpu.yaml|model.width=32;model.ffn=64;model.layers=2;task.train_size=300;train.batch_size=8;model.dropout=0.1",
      "grokking/question-cpu.yaml|model.width=32;model.ffn=64;model.layers=2;train.batch_size=8",
      "grokking/tense-cpu.yaml|model.width=32;model.ffn=64;model.layers=2;train.batch_size=8;train.micro_batches=2",
      "entropic/linear-gd.yaml|train.micro_batches=5;task.train_size=510;train.batch_size=510",
      "entropic/linear-sgd.yaml|train.batch_size=8"})
  void shippedConfigsTrainToTheSameBitsWithAndWithoutTheArena(String file, String sets) throws Exception {
    Map<String, float[]> with = train(file, sets, true);
    Map<String, float[]> without = train(file, sets, false);
    assertThat(with.keySet()).isEqualTo(without.keySet());
    for (String name : with.keySet()) {
      assertThat(with.get(name)).as(name).isEqualTo(without.get(name));
    }
  }

  private Map<String, float[]> train(String file, String sets, boolean arena) throws Exception {
    Arena.setEnabled(arena);
    Path p = Path.of("..", "configs", file);
    List<String> overrides = new ArrayList<>(List.of("train.steps=12", "train.eval_every=5", "train.eval_size=16",
        "train.checkpoint_every=100", "train.log_every=4", "probes.every=5", "probes.entropic.samples=16",
        "probes.tree_projection.sentences=20", "probes.entropic.sharpness_iterations=0"));
    for (String s : sets.split(";")) {
      if (!s.isBlank()) {
        overrides.add(s);
      }
    }
    ExperimentConfig c = ConfigLoader.parse(Files.readString(p), "arena", overrides, p.toString());
    Path dir = Files.createTempDirectory("arena-test");
    Trainer t = Experiment.trainer(c, new RunDir(dir.resolve("run")), Progress.silent());
    t.start();
    t.run();
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : t.workload().model().namedParameters().entrySet()) {
      out.put(e.getKey(), e.getValue().data.clone());
    }
    return out;
  }
}
