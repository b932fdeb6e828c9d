package phaselab.lab.task;

import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.task.dyck.DyckTask;

/** Builds the task a config names. */
public final class Tasks {
  private Tasks() {}

  public static LmTask create(ExperimentConfig c) {
    return switch (c.task().name()) {
      case "dyck" -> new DyckTask(c.task(), c.seed());
      case "question", "tense" -> new phaselab.lab.task.grammar.GrammarTask(c.task(), c.seed());
      default -> throw new IllegalArgumentException("unknown task '" + c.task().name() + "'");
    };
  }
}
