package phaselab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows measured on checkpoints: measurements made side by side all survive, a step measured again is replaced. */
class CheckpointProbesTest {
  @TempDir
  Path tmp;

  @Test
  void twoMeasurementsOfOneRunAtOnceKeepBothRows() throws Exception {
    RunDir run = new RunDir(tmp);
    CheckpointProbes a = new CheckpointProbes(run); // two `phaselab probe run`s started together
    CheckpointProbes b = new CheckpointProbes(run);
    a.put(6000, "probe/tscore", 0.5);
    b.put(12000, "probe/tscore", 0.7);
    a.write();
    b.write();
    CheckpointProbes again = new CheckpointProbes(run);
    again.put(6000, "probe/tscore", 0.55);
    again.write();
    List<RunDir.MetricRow> rows = RunDir.readMetricRows(CheckpointProbes.file(run));
    assertThat(rows).containsExactly(new RunDir.MetricRow(6000, "probe/tscore", 0.55), new RunDir.MetricRow(12000, "probe/tscore", 0.7));
  }

  @Test
  void checkpointRowsReplaceTrainingRowsOfTheSameStepAndMetric() {
    var trained = List.of(new RunDir.MetricRow(0, "probe/weight_norm", 1), new RunDir.MetricRow(15000, "probe/tscore", 0.1),
        new RunDir.MetricRow(15000, "eval/ood/acc", 0.9));
    var measured = List.of(new RunDir.MetricRow(15000, "probe/tscore", 0.7), new RunDir.MetricRow(3000, "probe/tscore", 0.5));
    assertThat(CheckpointProbes.merge(trained, measured)).containsExactly(new RunDir.MetricRow(0, "probe/weight_norm", 1),
        new RunDir.MetricRow(3000, "probe/tscore", 0.5), new RunDir.MetricRow(15000, "eval/ood/acc", 0.9),
        new RunDir.MetricRow(15000, "probe/tscore", 0.7));
  }
}
