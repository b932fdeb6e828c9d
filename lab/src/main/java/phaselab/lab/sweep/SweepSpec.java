package phaselab.lab.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.lab.config.ConfigException;

/**
 * A sweep file:
 * <pre>
 * name: qf-depth
 * config: configs/grokking/question-cpu.yaml   # relative to the sweep file
 * grid:                                        # every combination is one run
 *   model.layers: [2, 4]
 *   seed: [1, 2, 3]
 * set:                                         # overrides shared by all points
 *   train.steps: 15000
 * workers: 2                                   # processes at a time
 * threads: 1                                   # --threads of each process
 * </pre>
 */
public record SweepSpec(String name, Path config, Map<String, List<String>> grid, Map<String, String> set, int workers, int threads) {

  /** One grid point: its folder name and its overrides (shared ones first). */
  public record Point(String id, List<String> overrides) {}

  @SuppressWarnings("unchecked")
  public static SweepSpec load(Path file) {
    Map<String, Object> m;
    try {
      m = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Map.class);
    } catch (IOException e) {
      throw new ConfigException("sweep file '" + file + "' cannot be read as YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    for (String k : m.keySet()) {
      if (!List.of("name", "config", "grid", "set", "workers", "threads").contains(k)) {
        throw new ConfigException("sweep key '" + k + "' is unknown; valid keys: name, config, grid, set, workers, threads");
      }
    }
    if (!(m.get("config") instanceof String cfg)) {
      throw new ConfigException("sweep key 'config' is required: the path of the base experiment config");
    }
    Path base = file.toAbsolutePath().getParent().resolve(cfg).normalize();
    if (!Files.isRegularFile(base)) {
      throw new ConfigException("sweep key 'config': '" + base + "' does not exist");
    }
    Map<String, List<String>> grid = new LinkedHashMap<>();
    if (!(m.get("grid") instanceof Map<?, ?> g) || g.isEmpty()) {
      throw new ConfigException("sweep key 'grid' is required: a mapping of config keys to lists of values");
    }
    g.forEach((k, v) -> {
      if (!(v instanceof List<?> l) || l.isEmpty()) {
        throw new ConfigException("sweep key 'grid." + k + "' must be a non-empty list of values");
      }
      grid.put(String.valueOf(k), l.stream().map(String::valueOf).toList());
    });
    Map<String, String> set = new LinkedHashMap<>();
    if (m.get("set") instanceof Map<?, ?> s) {
      s.forEach((k, v) -> set.put(String.valueOf(k), String.valueOf(v)));
    }
    String name = String.valueOf(m.getOrDefault("name", file.getFileName().toString().replaceFirst("\\.ya?ml$", "")));
    int workers = ((Number) m.getOrDefault("workers", 1)).intValue();
    int threads = ((Number) m.getOrDefault("threads", 1)).intValue();
    if (workers < 1 || threads < 1) {
      throw new ConfigException("sweep keys 'workers' and 'threads' must be at least 1");
    }
    return new SweepSpec(name, base, grid, set, workers, threads);
  }

  /** The spec as YAML with the base config as an absolute path (the copy kept in the sweep folder). */
  public String toYaml() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("config", config.toAbsolutePath().toString());
    m.put("grid", grid);
    m.put("set", set);
    m.put("workers", workers);
    m.put("threads", threads);
    try {
      return new ObjectMapper(new YAMLFactory()).writeValueAsString(m);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** All grid points in a fixed order (the last grid key varies fastest). */
  public List<Point> points() {
    List<Point> out = new ArrayList<>();
    List<String> keys = new ArrayList<>(grid.keySet());
    int[] idx = new int[keys.size()];
    while (true) {
      List<String> overrides = new ArrayList<>();
      set.forEach((k, v) -> overrides.add(k + "=" + v));
      StringBuilder id = new StringBuilder();
      for (int i = 0; i < keys.size(); i++) {
        String k = keys.get(i);
        String v = grid.get(k).get(idx[i]);
        overrides.add(k + "=" + v);
        String shortKey = k.substring(k.lastIndexOf('.') + 1);
        id.append(id.length() == 0 ? "" : "_").append(shortKey).append(v.replaceAll("[^A-Za-z0-9.-]", ""));
      }
      out.add(new Point(id.toString(), overrides));
      int d = keys.size() - 1;
      while (d >= 0 && ++idx[d] == grid.get(keys.get(d)).size()) {
        idx[d] = 0;
        d--;
      }
      if (d < 0) {
        return out;
      }
    }
  }
}
