package phaselab.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.Hooks;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.experiment.Experiment;
import phaselab.lab.experiment.Tasks;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.run.RunDir;
import phaselab.lab.workload.Evaluator;
import phaselab.lab.workload.Models;

class TrainerTest {
  @TempDir
  Path tmp;

  static ExperimentConfig tiny(String... more) {
    List<String> sets = new java.util.ArrayList<>(List.of("task.k=3", "task.m=3", "task.train_size=200", "task.val_size=20",
        "task.ood_size=20", "task.max_len=20", "model.width=16", "model.heads=2", "model.ffn=32", "model.max_seq=24",
        "train.steps=30", "train.batch_size=4", "train.eval_every=10", "train.eval_size=20", "train.checkpoint_every=5",
        "train.log_every=1"));
    sets.addAll(List.of(more));
    return ConfigLoader.parse("{}", "tiny", sets, "test");
  }

  @Test
  void nonFiniteActivationStopsTheRunNamingStepAndKeepsCheckpoints() throws Exception {
    ExperimentConfig c = tiny();
    RunDir run = new RunDir(tmp.resolve("nan"));
    Trainer t = Experiment.trainer(c, run, Progress.silent());
    t.start();
    try (Hooks hooks = t.workload().model().hooks()) {
      // poison one activation from step 12 on: the loss becomes NaN there
      hooks.forward("blocks.0.mlp.post", (n, x) -> t.step() >= 12 ? Pointwise.scale(x, Float.NaN) : x);
      assertThatThrownBy(t::run).isInstanceOf(NonFiniteException.class)
          .hasMessageContaining("step 12: the training loss is NaN")
          .hasMessageContaining("the last good checkpoint is step-000010.safetensors");
    }
    assertThat(run.checkpointSteps()).containsExactly(10L, 5L);
    assertThat(run.status()).isEqualTo(phaselab.lab.run.RunStatus.FAILED); // the dashboard and phaselab runs say so
    assertThat(run.lock()).doesNotExist();
  }

  @Test
  void aNanInjectedIntoAGradientStopsTheRunNamingStepAndParameter() throws Exception {
    ExperimentConfig c = tiny();
    RunDir run = new RunDir(tmp.resolve("nan-grad"));
    Trainer t = Experiment.trainer(c, run, Progress.silent());
    t.start();
    try (Hooks hooks = t.workload().model().hooks()) {
      // at step 12 only, an identity op whose backward writes a NaN into the gradient of the
      // first block's MLP output: the loss stays finite, every parameter upstream gets a NaN
      hooks.forward("blocks.0.mlp.post", (n, x) -> {
        if (t.step() != 12) {
          return x;
        }
        Tensor y = Tensor.of("inject_nan", x.data, x.shape());
        Tape.record(y, () -> {
          float[] dx = x.gradOrCreate();
          for (int i = 0; i < dx.length; i++) {
            dx[i] += y.grad()[i];
          }
          dx[3] = Float.NaN;
        });
        return y;
      });
      assertThatThrownBy(t::run).isInstanceOf(NonFiniteException.class)
          .hasMessageContaining("step 12: the gradient of '")
          .hasMessageContaining("is not finite (NaN)")
          .hasMessageContaining("the last good checkpoint is step-000010.safetensors");
    }
    // the run stopped before the optimizer step: the checkpoints it has are intact and load
    assertThat(run.checkpointSteps()).containsExactly(10L, 5L);
    var params = Workloads.create(c).model().namedParameters();
    assertThat(Checkpoint.loadParams(run.checkpoint(10), params).step()).isEqualTo(10);
    for (var e : params.entrySet()) {
      for (float v : e.getValue().data) {
        assertThat(Float.isFinite(v)).as(e.getKey()).isTrue();
      }
    }
  }

  @Test
  void evaluationIsDeterministicAndInRange() {
    ExperimentConfig c = tiny();
    var task = Tasks.create(c);
    var m = Models.decoder(c, task.vocabSize());
    var a = Evaluator.evaluate(m, task, task.evalSets().get("id"));
    var b = Evaluator.evaluate(m, task, task.evalSets().get("id"));
    assertThat(a).isEqualTo(b);
    assertThat(a.get("closing_acc")).isBetween(0.0, 1.0);
  }

  @Test
  void probesRunOnTheirOwnCadenceNotOnlyAtEvaluations() throws Exception {
    ExperimentConfig c = tiny("train.steps=14", "train.eval_every=10", "probes.every=4", "probes.names=[weight_norm]");
    RunDir run = new RunDir(tmp.resolve("cadence"));
    Trainer t = Experiment.trainer(c, run, Progress.silent());
    t.start();
    t.run();
    var rows = run.readMetrics();
    assertThat(rows.stream().filter(r -> r.metric().equals("probe/weight_norm")).map(RunDir.MetricRow::step))
        .containsExactly(0L, 4L, 8L, 12L, 14L); // every 4 steps and at the end
    assertThat(rows.stream().filter(r -> r.metric().equals("eval/id/loss")).map(RunDir.MetricRow::step)).containsExactly(0L, 10L, 14L);
    assertThat(run.status()).isEqualTo(phaselab.lab.run.RunStatus.FINISHED);
  }
}
