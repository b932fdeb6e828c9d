package phaselab.lab.suite.entropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.Dropout;
import phaselab.engine.optim.Optimizer;
import phaselab.engine.optim.Sgd;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.experiment.Experiment;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.run.RunDir;
import phaselab.lab.train.Progress;
import phaselab.lab.train.Trainer;
import phaselab.lab.workload.Workload;

/** The rescaling charge of a two-layer linear net: conserved by small-η GD, moved by SGD noise. */
class ChargeDynamicsTest {
  @TempDir
  Path tmp;

  static ExperimentConfig config(String file, String... sets) throws Exception {
    Path p = Path.of("..", "configs", "entropic", file);
    return ConfigLoader.parse(Files.readString(p), "t", List.of(sets), p.toString());
  }

  /** Plain SGD: C(t+1) − C(t) = η²(‖g_in‖² − ‖g_out‖²) exactly, because ⟨w_in, g_in⟩ = ⟨w_out, g_out⟩. */
  @Test
  void oneSgdStepMovesTheChargeByEtaSquaredTimesTheGradientEnergyGap() throws Exception {
    ExperimentConfig c = config("linear-sgd.yaml");
    Workload w = Workloads.create(c);
    Map<String, Tensor> params = w.model().namedParameters();
    SymmetryPair layer = Symmetries.of(w.model(), true).get(0).pairs().get(0);
    Optimizer sgd = new Sgd(params, 0f, false, 0f, name -> false);
    float eta = 0.05f;
    for (int step = 0; step < 5; step++) {
      Map<String, float[]> before = values(params);
      w.model().zeroGrad();
      Tape.backward(w.loss(new int[] {step, step + 7, step + 31, step + 99}, Dropout.EVAL));
      Map<String, float[]> grads = new java.util.LinkedHashMap<>();
      params.forEach((k, t) -> grads.put(k, t.grad().clone()));
      double predicted = (double) eta * eta * (layer.inSq(grads) - layer.outSq(grads));
      sgd.step(eta);
      double moved = layer.charge(values(params)) - layer.charge(before);
      assertThat(moved).isCloseTo(predicted, within(2e-4 * Math.abs(layer.charge(before)) + 1e-3 * Math.abs(predicted)));
    }
  }

  @Test
  void gradientDescentConservesTheChargeWhileSgdMovesIt() throws Exception {
    double gd = finalDrift(config("linear-gd.yaml", "train.steps=400", "optimizer.lr=0.002", "probes.entropic.sharpness_iterations=0"));
    double sgd = finalDrift(config("linear-sgd.yaml", "train.steps=400", "optimizer.lr=0.002", "probes.entropic.sharpness_iterations=0",
        "train.batch_size=1"));
    assertThat(gd).as("GD drift").isLessThan(5e-5);
    assertThat(sgd).as("SGD drift vs GD drift %s", gd).isGreaterThan(10 * gd);
  }

  private double finalDrift(ExperimentConfig c) throws Exception {
    RunDir run = new RunDir(tmp.resolve(c.train().fullBatch() ? "gd" : "sgd"));
    Trainer t = Experiment.trainer(c, run, Progress.silent());
    t.start();
    t.run();
    List<Double> drift = new ArrayList<>();
    for (String line : Files.readAllLines(run.metrics())) {
      if (line.contains("\"probe/entropic/charge_drift\"")) {
        drift.add(Double.parseDouble(line.replaceAll(".*\"value\":([^}]*)}.*", "$1")));
      }
    }
    assertThat(drift).hasSizeGreaterThan(2);
    return drift.get(drift.size() - 1);
  }

  private static Map<String, float[]> values(Map<String, Tensor> params) {
    Map<String, float[]> m = new java.util.LinkedHashMap<>();
    params.forEach((k, t) -> m.put(k, t.data.clone()));
    return m;
  }
}
