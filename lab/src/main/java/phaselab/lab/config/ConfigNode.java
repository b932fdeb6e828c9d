package phaselab.lab.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML mapping being read into a record. Each getter names the key it reads; {@link #finish()}
 * then rejects any key nobody asked for, listing the valid ones. Values are checked for type
 * and range here so that records receive only valid values.
 */
public final class ConfigNode {
  private final String path;
  private final Map<String, Object> values;
  private final Set<String> known = new LinkedHashSet<>();
  private final Map<String, Object> resolved = new LinkedHashMap<>();
  private final boolean lenient;

  public ConfigNode(String path, Map<String, Object> values) {
    this(path, values, false);
  }

  /**
   * {@code lenient}: a key that belongs to another variant of its section (model.positions under
   * an encoder) is dropped rather than refused. Only for configs phaselab itself resolved and
   * wrote into run directories, where older versions recorded every key of every variant.
   */
  public ConfigNode(String path, Map<String, Object> values, boolean lenient) {
    this.path = path;
    this.values = values == null ? Map.of() : values;
    this.lenient = lenient;
  }

  /**
   * True when this is a resolved config that a run directory recorded without key {@code k}: a
   * run from before the key existed, whose default must be the behaviour it then had.
   */
  public boolean absentFromOlderRun(String k) {
    return lenient && !values.containsKey(k);
  }

  private String key(String k) {
    return path.isEmpty() ? k : path + "." + k;
  }

  /** The resolved values read so far (defaults filled in), for writing the resolved config. */
  public Map<String, Object> resolved() {
    return resolved;
  }

  /** A nested section (absent = all defaults). */
  @SuppressWarnings("unchecked")
  public ConfigNode section(String k) {
    known.add(k);
    Object v = values.get(k);
    if (v != null && !(v instanceof Map)) {
      throw new ConfigException("config key '" + key(k) + "' must be a section (a mapping of keys), got '" + v + "'");
    }
    ConfigNode child = new ConfigNode(key(k), (Map<String, Object>) v, lenient);
    resolved.put(k, child.resolved());
    return child;
  }

  /**
   * A nested section that also takes the keys its settings had when they sat one level up, in
   * configs and run directories written before the section existed: {@code legacy} maps each old
   * key here to its name in the section. The resolved config records only the section; a key given
   * both ways is refused, naming the one to keep.
   */
  @SuppressWarnings("unchecked")
  public ConfigNode section(String k, Map<String, String> legacy) {
    known.add(k);
    Object v = values.get(k);
    if (v != null && !(v instanceof Map)) {
      throw new ConfigException("config key '" + key(k) + "' must be a section (a mapping of keys), got '" + v + "'");
    }
    Map<String, Object> merged = new LinkedHashMap<>(v == null ? Map.of() : (Map<String, Object>) v);
    legacy.forEach((old, now) -> {
      if (values.containsKey(old)) {
        known.add(old);
        if (merged.containsKey(now)) {
          throw new ConfigException("config keys '" + key(old) + "' and '" + key(k + "." + now) + "' set the same thing; keep '"
              + key(k + "." + now) + "' ('" + key(old) + "' is its older spelling)");
        }
        merged.put(now, values.get(old));
      }
    });
    ConfigNode child = new ConfigNode(key(k), merged, lenient);
    resolved.put(k, child.resolved());
    return child;
  }

  public int integer(String k, int def, int min, int max) {
    known.add(k);
    Object v = values.getOrDefault(k, def);
    long n;
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else if (v instanceof String s && s.trim().matches("-?[0-9_]+")) {
      n = Long.parseLong(s.trim().replace("_", ""));
    } else {
      throw new ConfigException("config key '" + key(k) + "' must be an integer, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new ConfigException("config key '" + key(k) + "' = " + n + " is out of range; valid: " + min + " to " + max);
    }
    resolved.put(k, (int) n);
    return (int) n;
  }

  public double number(String k, double def, double min, double max) {
    known.add(k);
    Object v = values.getOrDefault(k, def);
    double d;
    if (v instanceof Number num) {
      d = num.doubleValue();
    } else if (v instanceof String s) {
      try {
        d = Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("config key '" + key(k) + "' must be a number, got '" + v + "'");
      }
    } else {
      throw new ConfigException("config key '" + key(k) + "' must be a number, got '" + v + "'");
    }
    if (!(d >= min && d <= max)) {
      throw new ConfigException("config key '" + key(k) + "' = " + d + " is out of range; valid: " + min + " to " + max);
    }
    resolved.put(k, d);
    return d;
  }

  public boolean bool(String k, boolean def) {
    known.add(k);
    Object v = values.getOrDefault(k, def);
    boolean b;
    if (v instanceof Boolean x) {
      b = x;
    } else if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      b = Boolean.parseBoolean(s);
    } else {
      throw new ConfigException("config key '" + key(k) + "' must be true or false, got '" + v + "'");
    }
    resolved.put(k, b);
    return b;
  }

  public String string(String k, String def) {
    known.add(k);
    Object v = values.getOrDefault(k, def);
    if (v == null || v instanceof Map || v instanceof List) {
      throw new ConfigException("config key '" + key(k) + "' must be a string, got '" + v + "'");
    }
    resolved.put(k, String.valueOf(v));
    return String.valueOf(v);
  }

  /** One of the listed choices (case-insensitive); the error lists them. */
  public String choice(String k, String def, String... choices) {
    String v = string(k, def).toLowerCase(java.util.Locale.ROOT);
    for (String c : choices) {
      if (c.equals(v)) {
        resolved.put(k, v);
        return v;
      }
    }
    throw new ConfigException("config key '" + key(k) + "' = '" + v + "' is not a valid choice; valid: " + String.join(", ", choices));
  }

  /**
   * One of the constants {@code allowed} (default: all of the enum), spelled in lower case in the
   * config; the error lists them.
   */
  @SafeVarargs
  public final <E extends Enum<E>> E choice(String k, E def, E... allowed) {
    E[] options = allowed.length > 0 ? allowed : def.getDeclaringClass().getEnumConstants();
    String[] names = java.util.Arrays.stream(options).map(ConfigNode::spelling).toArray(String[]::new);
    String v = choice(k, spelling(def), names);
    for (E e : options) {
      if (spelling(e).equals(v)) {
        return e;
      }
    }
    throw new IllegalStateException(v);
  }

  /** How an enum constant is written in a config: lower case. */
  public static String spelling(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A list of choices (a YAML list or a comma-separated string). */
  public List<String> choices(String k, List<String> def, String... choices) {
    known.add(k);
    Object v = values.getOrDefault(k, def);
    List<String> items = new ArrayList<>();
    if (v instanceof List<?> l) {
      l.forEach(x -> items.add(String.valueOf(x).trim().toLowerCase(java.util.Locale.ROOT)));
    } else if (v instanceof String s) {
      for (String x : s.split(",")) {
        if (!x.isBlank()) {
          items.add(x.trim().toLowerCase(java.util.Locale.ROOT));
        }
      }
    } else {
      throw new ConfigException("config key '" + key(k) + "' must be a list, got '" + v + "'");
    }
    for (String item : items) {
      if (!List.of(choices).contains(item)) {
        throw new ConfigException("config key '" + key(k) + "' has unknown entry '" + item + "'; valid: " + String.join(", ", choices));
      }
    }
    resolved.put(k, items);
    return items;
  }

  /** A list of integers in [min, max] (a YAML list or a comma-separated string). */
  public List<Integer> integers(String k, List<Integer> def, int min, int max) {
    known.add(k);
    Object v = values.getOrDefault(k, def);
    List<Object> raw = new ArrayList<>();
    if (v instanceof List<?> l) {
      raw.addAll(l);
    } else if (v instanceof String s) {
      for (String x : s.split(",")) {
        if (!x.isBlank()) {
          raw.add(x.trim());
        }
      }
    } else if (v instanceof Number) {
      raw.add(v);
    } else {
      throw new ConfigException("config key '" + key(k) + "' must be a list of integers, got '" + v + "'");
    }
    List<Integer> out = new ArrayList<>();
    for (Object x : raw) {
      int n;
      try {
        n = x instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue()) ? num.intValue() : Integer.parseInt(String.valueOf(x));
      } catch (NumberFormatException e) {
        throw new ConfigException("config key '" + key(k) + "' has entry '" + x + "', which is not an integer");
      }
      if (n < min || n > max) {
        throw new ConfigException("config key '" + key(k) + "' has entry " + n + " outside [" + min + ", " + max + "]");
      }
      out.add(n);
    }
    resolved.put(k, out);
    return out;
  }

  /** Fails if the config has a key no getter asked for (a typo, or a key of another version). */
  public void finish() {
    for (String k : values.keySet()) {
      if (!known.contains(k)) {
        throw unknown(k);
      }
    }
  }

  private ConfigException unknown(String k) {
    return new ConfigException("config key '" + key(k) + "' is unknown; valid keys" + (path.isEmpty() ? "" : " in '" + path + "'")
        + ": " + String.join(", ", known));
  }

  /**
   * As {@link #finish()}, for a section read as one variant ({@code variant}, e.g. "model.kind
   * encoder") of several: a key of another variant ({@code otherKeys}) is refused by name, since
   * this variant would ignore it.
   */
  public void finish(String variant, Set<String> otherKeys) {
    for (String k : values.keySet()) {
      if (known.contains(k) || lenient && otherKeys.contains(k)) {
        continue;
      }
      if (otherKeys.contains(k)) {
        throw new ConfigException("config key '" + key(k) + "' does not apply to " + variant + ", which would ignore it; remove it"
            + " (keys of " + variant + ": " + String.join(", ", known) + ")");
      }
      throw unknown(k);
    }
  }

  /**
   * The keys that the variants of a section read with their defaults: each of {@code variants}
   * read by {@code reader} from a section holding only {@code selector} (task.name, model.kind).
   */
  static <V extends Enum<V>> Set<String> keysOfVariants(String section, String selector, V[] variants,
      java.util.function.BiConsumer<ConfigNode, V> reader) {
    Set<String> keys = new java.util.HashSet<>();
    for (V v : variants) {
      ConfigNode n = new ConfigNode(section, Map.of(selector, spelling(v)));
      reader.accept(n, v);
      keys.addAll(n.known);
    }
    return Set.copyOf(keys);
  }

  /** Fails with a message about key {@code k}. */
  public ConfigException invalid(String k, String problem) {
    return new ConfigException("config key '" + key(k) + "' " + problem);
  }
}
