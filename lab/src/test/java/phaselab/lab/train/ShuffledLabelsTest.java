package phaselab.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.experiment.Workloads;
import phaselab.lab.workload.SupervisedWorkload;

/** task.shuffle_labels: the same inputs and the same multiset of targets, paired at random, fixed across run seeds. */
class ShuffledLabelsTest {
  private static SupervisedWorkload teacher(boolean shuffle, int seed) {
    var c = ConfigLoader.parse("{}", "t", List.of("task.name=teacher", "task.train_size=64", "task.val_size=16", "model.kind=mlp",
        "seed=" + seed, "task.shuffle_labels=" + shuffle), "test");
    return (SupervisedWorkload) Workloads.create(c);
  }

  @Test
  void targetsArePermutedAmongTheTrainingExamples() {
    var plain = teacher(false, 1).train();
    var shuffled = teacher(true, 1).train();
    assertThat(shuffled.x()).isEqualTo(plain.x());
    assertThat(shuffled.targets()).isNotEqualTo(plain.targets());
    float[] a = plain.targets().clone();
    float[] b = shuffled.targets().clone();
    Arrays.sort(a);
    Arrays.sort(b);
    assertThat(b).isEqualTo(a);
    assertThat(teacher(true, 2).train().targets()).isEqualTo(shuffled.targets()); // part of the task, not the run
    assertThatThrownBy(() -> ConfigLoader.parse("{}", "t", List.of("task.name=dyck", "task.shuffle_labels=true"), "test"))
        .hasMessageContaining("shuffle_labels");
  }
}
