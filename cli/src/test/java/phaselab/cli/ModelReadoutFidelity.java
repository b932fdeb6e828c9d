package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.Dropout;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.suite.symmetry.NodeAnalysis;
import phaselab.lab.suite.symmetry.Silencing;
import phaselab.lab.suite.symmetry.SiteFeatures;
import phaselab.lab.task.text.MlmData;
import phaselab.lab.train.Checkpoint;
import phaselab.lab.workload.MlmWorkload;
import phaselab.lab.workload.RelationWorkload;

/**
 * The model readout is the model: with every node active, the probe's prediction for each test row
 * is the trained network's own argmax (relation classifier over its labels; MLM decoder over the
 * whole vocabulary), so the all-node accuracy equals the model's accuracy on the same examples.
 * A row may differ only where the model's two best logits are within float rounding of each other.
 */
final class ModelReadoutFidelity {
  private static final double TIE = 1e-4;

  private ModelReadoutFidelity() {}

  static void assertRelation(ExperimentConfig c, Path checkpoint) throws Exception {
    RelationWorkload w = (RelationWorkload) Workloads.create(c);
    Checkpoint.loadParams(checkpoint, w.model().namedParameters());
    int n = 64;
    SiteFeatures f = SiteFeatures.extract(w, "classifier", "model", n, 100);
    int[] ex = java.util.stream.IntStream.range(0, f.nTest()).toArray();
    Tensor logits;
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      logits = w.logits(w.test(), ex, Dropout.EVAL);
    }
    int[] y = java.util.Arrays.copyOf(w.test().labels(), ex.length);
    assertAgrees(f, logits, y);
  }

  static void assertMlm(ExperimentConfig c, Path checkpoint) throws Exception {
    MlmWorkload w = (MlmWorkload) Workloads.create(c);
    Checkpoint.loadParams(checkpoint, w.model().namedParameters());
    List<MlmData.Masked> held = w.heldOut(20);
    SiteFeatures f = SiteFeatures.extract(w, "mlm", "model", 20, 100);
    Tensor[] r;
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      r = w.forward(held, Dropout.EVAL);
    }
    int all = r[2].size();
    int from = all - f.nTest(); // the probe tests on the second half of the masked positions
    int v = r[1].dim(1);
    assertThat(f.outputsCount()).as("argmax over the whole vocabulary").isEqualTo(v);
    Tensor tail = Tensor.of("tail", java.util.Arrays.copyOfRange(r[1].data, from * v, all * v), f.nTest(), v);
    int[] y = new int[f.nTest()];
    for (int i = 0; i < y.length; i++) {
      y[i] = (int) r[2].data[from + i];
    }
    assertAgrees(f, tail, y);
  }

  private static void assertAgrees(SiteFeatures f, Tensor logits, int[] y) {
    int n = f.nTest();
    int k = logits.dim(1);
    assertThat(f.yTest()).isEqualTo(y);
    double[] fields = new Silencing(f.decoder(), f.test(), n, f.yTest(), null).fields(java.util.stream.IntStream.range(0, f.nodes()).toArray());
    long modelCorrect = 0;
    int ties = 0;
    for (int r = 0; r < n; r++) {
      int best = 0;
      int probe = 0;
      for (int c = 1; c < k; c++) {
        best = logits.data[r * k + c] > logits.data[r * k + best] ? c : best;
        probe = fields[r * k + c] > fields[r * k + probe] ? c : probe;
      }
      modelCorrect += best == y[r] ? 1 : 0;
      if (probe != best) {
        double gap = Math.abs(logits.data[r * k + best] - logits.data[r * k + probe]);
        assertThat(gap).as("row %d: probe predicts %d, model %d", r, probe, best).isLessThan(TIE);
        ties++;
      }
    }
    double acc = new NodeAnalysis(0, true, 0, 32, 0, 1, false).run(f).summary().accuracyAll();
    assertThat(Math.abs(acc - (double) modelCorrect / n)).as("all-node accuracy vs the model's own").isLessThanOrEqualTo((double) ties / n);
  }
}
