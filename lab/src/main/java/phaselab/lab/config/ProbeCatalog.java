package phaselab.lab.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What the config needs to know of the probes to check {@code probes.names} while it parses: their
 * names, and whether a probe reads the model a task trains. The probe registry (which sits above
 * config, with the probes) provides it as a service, so a new probe is registered in one place and
 * the config still refuses an unknown name or a probe the model cannot serve, by name, at load time.
 */
public interface ProbeCatalog {
  /** Every probe name {@code probes.names} accepts, in the registry's order. */
  List<String> names();

  /** Why {@code probe} cannot measure a {@code model} (e.g. "measures transformer language models"), or empty when it can. */
  Optional<String> refuse(String probe, ModelKind model);

  /**
   * Every probe's settings record, read from its own section of {@code probes} (defaults where a
   * section or key is absent, so a probe run afterwards on a run's checkpoints has them too), by
   * probe name; probes without settings have no entry.
   */
  Map<String, Record> settings(ConfigNode probes, TaskKind task);

  /** The catalog on the class path; a {@link ConfigException} naming the fix when there is none. */
  static ProbeCatalog find() {
    return ServiceLoader.load(ProbeCatalog.class).findFirst().orElseThrow(() -> new ConfigException(
        "no probe registry on the class path (META-INF/services/" + ProbeCatalog.class.getName() + "); run phaselab from its jar"));
  }
}
