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
 * cases:                                       # optional: settings that vary together, each
 *   - {train.batch_size: 4, train.steps: 5000}  #   case crossed with the grid (here a horizon
 *   - {train.batch_size: 8, train.steps: 10000} #   that grows with the batch)
 * set:                                         # overrides shared by all points
 *   train.steps: 15000
 * workers: 2                                   # processes at a time
 * threads: 1                                   # --threads of each process
 * slurm:                                       # only for --backend slurm (all optional)
 *   cpus: 2                                    #   --cpus-per-task (default: threads)
 *   memory: 4G                                 #   --mem
 *   time: "12:00:00"                           #   --time
 *   partition: gpu                             #   --partition
 *   max_concurrent: 8                          #   the %K of --array=0-N%K (default: no cap)
 *   extra: ["--account=myproj"]                #   more #SBATCH lines
 * </pre>
 */
public record SweepSpec(String name, Path config, Map<String, List<String>> grid, List<Map<String, String>> cases, Map<String, String> set,
    int workers, int threads, SlurmOptions slurm) {
  private static final List<String> KEYS = List.of("name", "config", "grid", "cases", "set", "workers", "threads", "slurm");


  /** Resources of each array task; null fields are left to the cluster's defaults. */
  public record SlurmOptions(int cpus, String memory, String time, String partition, int maxConcurrent, List<String> extra) {
    static final List<String> KEYS = List.of("cpus", "memory", "time", "partition", "max_concurrent", "extra");

    static SlurmOptions from(Object o, int threads) {
      if (o == null) {
        return new SlurmOptions(threads, null, null, null, 0, List.of());
      }
      if (!(o instanceof Map<?, ?> m)) {
        throw new ConfigException("sweep key 'slurm' must be a mapping with keys " + String.join(", ", KEYS));
      }
      for (Object k : m.keySet()) {
        if (!KEYS.contains(String.valueOf(k))) {
          throw new ConfigException("sweep key 'slurm." + k + "' is unknown; valid keys: " + String.join(", ", KEYS));
        }
      }
      int cpus = m.get("cpus") instanceof Number n ? n.intValue() : threads;
      int cap = m.get("max_concurrent") instanceof Number n ? n.intValue() : 0;
      if (cpus < 1 || cap < 0) {
        throw new ConfigException("sweep keys 'slurm.cpus' must be ≥ 1 and 'slurm.max_concurrent' ≥ 0");
      }
      List<String> extra = new ArrayList<>();
      if (m.get("extra") instanceof List<?> l) {
        l.forEach(x -> extra.add(String.valueOf(x)));
      } else if (m.get("extra") != null) {
        throw new ConfigException("sweep key 'slurm.extra' must be a list of sbatch options, e.g. [\"--account=myproj\"]");
      }
      for (String x : extra) {
        if (!x.startsWith("-") || x.contains("\n")) {
          throw new ConfigException("sweep key 'slurm.extra' entry '" + x + "' is not an sbatch option (it must start with '-')");
        }
      }
      return new SlurmOptions(cpus, str(m.get("memory")), str(m.get("time")), str(m.get("partition")), cap, extra);
    }

    private static String str(Object o) {
      return o == null ? null : String.valueOf(o);
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cpus", cpus);
      if (memory != null) {
        m.put("memory", memory);
      }
      if (time != null) {
        m.put("time", time);
      }
      if (partition != null) {
        m.put("partition", partition);
      }
      m.put("max_concurrent", maxConcurrent);
      m.put("extra", extra);
      return m;
    }
  }

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
      if (!KEYS.contains(k)) {
        throw new ConfigException("sweep key '" + k + "' is unknown; valid keys: " + String.join(", ", KEYS));
      }
    }
    if (!(m.get("config") instanceof String cfg)) {
      throw new ConfigException("sweep key 'config' is required: the path of the base experiment config");
    }
    Path base = file.toAbsolutePath().getParent().resolve(cfg).normalize();
    if (!Files.isRegularFile(base)) {
      throw new ConfigException("sweep key 'config': '" + base + "' does not exist");
    }
    List<Map<String, String>> cases = cases(m.get("cases"));
    Map<String, List<String>> grid = new LinkedHashMap<>();
    if (m.get("grid") instanceof Map<?, ?> g) {
      g.forEach((k, v) -> {
        if (!(v instanceof List<?> l) || l.isEmpty()) {
          throw new ConfigException("sweep key 'grid." + k + "' must be a non-empty list of values");
        }
        grid.put(String.valueOf(k), l.stream().map(String::valueOf).toList());
      });
    }
    if (grid.isEmpty() && cases.isEmpty()) {
      throw new ConfigException("sweep key 'grid' is required (unless 'cases' is given): a mapping of config keys to lists of values");
    }
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
    return new SweepSpec(name, base, grid, cases, set, workers, threads, SlurmOptions.from(m.get("slurm"), threads));
  }

  /** The 'cases' list: mappings of config keys to single values, each one a group of settings. */
  private static List<Map<String, String>> cases(Object o) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?> l) || l.isEmpty()) {
      throw new ConfigException("sweep key 'cases' must be a non-empty list of mappings, e.g. - {train.batch_size: 4, train.steps: 5000}");
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      if (!(l.get(i) instanceof Map<?, ?> c) || c.isEmpty()) {
        throw new ConfigException("sweep key 'cases[" + i + "]' must be a non-empty mapping of config keys to values");
      }
      Map<String, String> one = new LinkedHashMap<>();
      for (var e : c.entrySet()) {
        if (e.getValue() instanceof List<?> || e.getValue() instanceof Map<?, ?>) {
          throw new ConfigException("sweep key 'cases[" + i + "]." + e.getKey() + "' must be a single value; lists go under 'grid'");
        }
        one.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
      }
      if (!out.isEmpty() && !one.keySet().equals(out.get(0).keySet())) {
        throw new ConfigException("sweep key 'cases[" + i + "]' sets " + one.keySet() + "; every case must set the same keys as the first, "
            + out.get(0).keySet());
      }
      out.add(one);
    }
    return out;
  }

  /** The spec as YAML with the base config as an absolute path (the copy kept in the sweep folder). */
  public String toYaml() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("config", config.toAbsolutePath().toString());
    m.put("grid", grid);
    if (!cases.isEmpty()) {
      m.put("cases", cases);
    }
    m.put("set", set);
    m.put("workers", workers);
    m.put("threads", threads);
    m.put("slurm", slurm.toMap());
    try {
      return new ObjectMapper(new YAMLFactory()).writeValueAsString(m);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The keys the points vary: those of the cases, then the grid's. */
  public java.util.Set<String> variedKeys() {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(cases.isEmpty() ? List.of() : cases.get(0).keySet());
    keys.addAll(grid.keySet());
    return keys;
  }

  /** All points in a fixed order: case by case, and within a case the grid with its last key fastest. */
  public List<Point> points() {
    List<Point> out = new ArrayList<>();
    for (Map<String, String> c : cases.isEmpty() ? List.<Map<String, String>>of(Map.of()) : cases) {
      gridPoints(c, out);
    }
    return out;
  }

  private void gridPoints(Map<String, String> c, List<Point> out) {
    List<String> keys = new ArrayList<>(grid.keySet());
    int[] idx = new int[keys.size()];
    while (true) {
      List<String> overrides = new ArrayList<>();
      set.forEach((k, v) -> overrides.add(k + "=" + v));
      StringBuilder id = new StringBuilder();
      Map<String, String> values = new LinkedHashMap<>(c);
      for (int i = 0; i < keys.size(); i++) {
        values.put(keys.get(i), grid.get(keys.get(i)).get(idx[i]));
      }
      values.forEach((k, v) -> {
        overrides.add(k + "=" + v);
        String shortKey = k.substring(k.lastIndexOf('.') + 1);
        id.append(id.length() == 0 ? "" : "_").append(shortKey).append(v.replaceAll("[^A-Za-z0-9.-]", ""));
      });
      out.add(new Point(id.toString(), overrides));
      int d = keys.size() - 1;
      while (d >= 0 && ++idx[d] == grid.get(keys.get(d)).size()) {
        idx[d] = 0;
        d--;
      }
      if (d < 0) {
        return;
      }
    }
  }
}
