package phaselab.lab.experiment;

import phaselab.lab.config.DyckConfig;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.config.GrammarConfig;
import phaselab.lab.task.LmTask;
import phaselab.lab.task.dyck.DyckTask;
import phaselab.lab.task.grammar.GrammarTask;

/** Builds the sequence task (the data of a decoder LM run) a config names. */
public final class Tasks {
  private Tasks() {}

  public static LmTask create(ExperimentConfig c) {
    return switch (c.task()) {
      case DyckConfig d -> new DyckTask(d, c.seed());
      case GrammarConfig g -> new GrammarTask(g, c.seed());
      default -> throw new IllegalArgumentException("task '" + c.task().name() + "' is not a sequence task; the sequence tasks: dyck, "
          + "question, tense");
    };
  }
}
