package phaselab.lab.probe;

import java.util.Map;
import phaselab.lab.config.ConfigNode;
import phaselab.lab.config.TaskKind;

/**
 * How a probe's settings are read from its own config section, {@code probes.NAME}, and validated
 * there (an unknown key in the section is refused, listing the valid ones).
 *
 * @param type the probe's settings record; probes get theirs with {@code config.probes().get(type)}
 * @param legacyKeys the keys these settings had when every probe's sat flat under {@code probes:}
 *     (old key → key in the section), still read from older configs and run directories
 * @param reader reads the record from the section; defaults may depend on the task (e.g. Dyck's)
 */
public record ProbeSettings<T extends Record>(Class<T> type, Map<String, String> legacyKeys, Reader<T> reader) {

  @FunctionalInterface
  public interface Reader<T> {
    T read(ConfigNode section, TaskKind task);
  }

  /** The settings from section {@code name} of {@code probes} (and its older flat keys). */
  public T read(ConfigNode probes, String name, TaskKind task) {
    ConfigNode section = probes.section(name, legacyKeys);
    T settings = reader.read(section, task);
    section.finish();
    return settings;
  }
}
