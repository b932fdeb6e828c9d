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
 * slurm:                                       # only for --backend slurm (all optional)
 *   cpus: 2                                    #   --cpus-per-task (default: threads)
 *   memory: 4G                                 #   --mem
 *   time: "12:00:00"                           #   --time
 *   partition: gpu                             #   --partition
 *   max_concurrent: 8                          #   the %K of --array=0-N%K (default: no cap)
 *   extra: ["--account=myproj"]                #   more #SBATCH lines
 * </pre>
 */
public record SweepSpec(String name, Path config, Map<String, List<String>> grid, Map<String, String> set, int workers, int threads,
    SlurmOptions slurm) {

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
      if (!List.of("name", "config", "grid", "set", "workers", "threads", "slurm").contains(k)) {
        throw new ConfigException("sweep key '" + k + "' is unknown; valid keys: name, config, grid, set, workers, threads, slurm");
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
    return new SweepSpec(name, base, grid, set, workers, threads, SlurmOptions.from(m.get("slurm"), threads));
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
    m.put("slurm", slurm.toMap());
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
