package phaselab.lab.config;

import java.util.Set;

/**
 * What to learn (config section {@code task}): one record per kind of task, each holding only the
 * keys that task reads. A key of another variant is refused by name (a Dyck key under a grammar
 * task would be silently ignored otherwise).
 */
public sealed interface TaskConfig permits DyckConfig, GrammarConfig, SupervisedConfig, MlmConfig, RelationConfig {
  TaskKind kind();

  /** The config name of the task ({@code task.name}). */
  default String name() {
    return kind().configName();
  }

  static TaskConfig from(ConfigNode n) {
    TaskKind kind = n.choice("name", TaskKind.DYCK);
    TaskConfig t = read(n, kind);
    n.finish("task.name " + kind.configName(), Keys.ALL);
    return t;
  }

  private static TaskConfig read(ConfigNode n, TaskKind kind) {
    return switch (kind) {
      case DYCK -> DyckConfig.from(n);
      case QUESTION, TENSE -> GrammarConfig.from(n, kind);
      case FASHION_MNIST -> FashionConfig.from(n);
      case TEACHER -> TeacherConfig.from(n);
      case MLM -> MlmConfig.from(n);
      case RELATION -> RelationConfig.from(n);
    };
  }

  /** The keys every variant reads with its defaults (for naming a key of another variant). */
  final class Keys {
    // subset and holdout_every: read only for fewrel80 and for the hashed Dyck split
    static final Set<String> ALL = java.util.stream.Stream.concat(ConfigNode.keysOfVariants("task", "name", TaskKind.values(),
        TaskConfig::read).stream(), Set.of("subset", "holdout_every").stream()).collect(java.util.stream.Collectors.toSet());

    private Keys() {}
  }
}
