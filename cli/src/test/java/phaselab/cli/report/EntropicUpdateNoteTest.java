package phaselab.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;

/** The caption note beside charge and balance charts when the update is not a plain (S)GD step. */
class EntropicUpdateNoteTest {
  private static ExperimentConfig config(String file, String... sets) throws Exception {
    Path p = Path.of("..", "configs", "entropic", file);
    return ConfigLoader.parse(Files.readString(p), "t", List.of(sets), p.toString());
  }

  @Test
  void plainSgdHasNoNoteAndEveryBreakingSettingIsNamed() throws Exception {
    String charge = "Entropic: charge drift from initialisation";
    assertThat(EntropicReport.updateNote(charge, config("linear-sgd.yaml"))).isEmpty();
    String note = EntropicReport.updateNote(charge, config("linear-sgd.yaml", "optimizer.weight_decay=0.01", "optimizer.clip=1"));
    assertThat(note).contains("weight decay 0.01").contains("gradient clipping at 1.0").contains("does not hold");
    assertThat(EntropicReport.updateNote(charge, config("linear-sgd.yaml", "optimizer.momentum=0.9"))).contains("momentum 0.9");
    assertThat(EntropicReport.updateNote(charge, config("dyck-balance.yaml"))).contains("AdamW");
    // other charts carry no note
    assertThat(EntropicReport.updateNote("Loss", config("dyck-balance.yaml"))).isEmpty();
  }
}
