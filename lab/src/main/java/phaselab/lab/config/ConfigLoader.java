package phaselab.lab.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML configs, applies {@code --set key=value} overrides, validates, and writes them back. */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(
      new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private ConfigLoader() {}

  /** Loads {@code file}, applies overrides in order, validates. */
  public static ExperimentConfig load(Path file, List<String> overrides) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file '" + file + "' does not exist; give the path of a YAML file (see configs/)");
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("config file '" + file + "' cannot be read: " + e.getMessage());
    }
    String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return parse(text, stem, overrides, file.toString());
  }

  /** Parses YAML text (source names it in errors). */
  public static ExperimentConfig parse(String text, String defaultName, List<String> overrides, String source) {
    return parse(text, defaultName, overrides, source, false);
  }

  /**
   * Reads the resolved config.yaml of a run directory (what phaselab wrote, possibly an older
   * version of it: keys it recorded for variants that ignore them are dropped, not refused).
   */
  public static ExperimentConfig loadResolved(Path file, String defaultName, List<String> overrides) throws IOException {
    return parse(Files.readString(file), defaultName, overrides, file.toString(), true);
  }

  @SuppressWarnings("unchecked")
  private static ExperimentConfig parse(String text, String defaultName, List<String> overrides, String source, boolean resolved) {
    Map<String, Object> tree;
    try {
      Object v = YAML.readValue(text, Object.class);
      tree = v == null ? new LinkedHashMap<>() : v instanceof Map ? (Map<String, Object>) v : null;
    } catch (IOException e) {
      throw new ConfigException("config '" + source + "' is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (tree == null) {
      throw new ConfigException("config '" + source + "' must be a YAML mapping (key: value lines)");
    }
    for (String o : overrides) {
      apply(tree, o);
    }
    return ExperimentConfig.from(tree, defaultName, resolved);
  }

  /** Applies one {@code dotted.key=value} override; the value is read as YAML (numbers, booleans, lists). */
  @SuppressWarnings("unchecked")
  static void apply(Map<String, Object> tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("override '" + override + "' must look like key.path=value, e.g. --set train.steps=1000");
    }
    String[] path = override.substring(0, eq).trim().split("\\.");
    Object value;
    try {
      value = YAML.readValue(override.substring(eq + 1), Object.class);
    } catch (IOException e) {
      value = override.substring(eq + 1);
    }
    Map<String, Object> node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      Object child = node.get(path[i]);
      if (child == null) {
        child = new LinkedHashMap<String, Object>();
        node.put(path[i], child);
      } else if (!(child instanceof Map)) {
        throw new ConfigException("override '" + override + "': '" + path[i] + "' is a value, not a section");
      }
      node = (Map<String, Object>) child;
    }
    node.put(path[path.length - 1], value);
  }

  /** The resolved config (defaults filled in) as YAML. */
  public static String toYaml(ExperimentConfig c) {
    try {
      return YAML.writeValueAsString(c.resolved());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
