package phaselab.lab.task.dyck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.DyckConfig;
import phaselab.lab.task.LmTask;

/**
 * Dyck-(k, m) as a language-modelling task with a structural generalisation split.
 *
 * <p>Split {@code unseen} (the default, the reference's rule, Murty et al.'s get_test_data): the
 * training strings are the first {@code train_size} samples; the generalisation set ("ood") holds
 * later samples with at least one top-level segment pattern that no training string has, the
 * in-distribution set ("id") samples that are not training strings and all of whose patterns
 * occur in training. Split {@code hashed} (ours, kept for comparison with earlier runs): a
 * pattern of length ≥ 6 is <em>held out</em> when a seeded hash of it is divisible by {@code
 * holdout_every}; training strings contain no held-out pattern and "ood" strings at least one.
 *
 * <p>Tokens: 0 [PAD], 1 [SOS], 2 [EOS], 3 reserved, then bracket code c as 4 + c (type t opens as
 * t, closes as k + t). Text format: one string a line, brackets as {@code (t} and {@code )t}.
 */
public final class DyckTask implements LmTask {
  static final int OFFSET = 4;
  /** Distance (tokens) from opener to closer at which a closing bracket counts as "far". */
  public static final int FAR = 10;

  private final DyckConfig config;
  private final DyckSampler sampler;
  private final long seed;
  private final List<int[]> train = new ArrayList<>();
  private final Map<String, List<int[]>> evalSets = new LinkedHashMap<>();

  /** Generates all splits from (config, seed); the same inputs give the same data. */
  public DyckTask(DyckConfig config, long seed) {
    this.config = config;
    this.seed = seed;
    this.sampler = new DyckSampler(config.k(), config.m(), config.maxLen());
    RngStream rng = new RngStream(seed, "task/dyck");
    boolean hashed = config.split() == DyckConfig.Split.HASHED;
    Set<String> seen = new HashSet<>();
    Set<String> trainPatterns = new HashSet<>();
    while (train.size() < config.trainSize()) {
      int[] s = sampler.sample(rng);
      if (!hashed || !hasHeldOut(s)) {
        train.add(wrap(s));
        seen.add(key(s));
        trainPatterns.addAll(sampler.segmentPatterns(s));
      }
    }
    List<int[]> id = new ArrayList<>();
    List<int[]> ood = new ArrayList<>();
    int attempts = 0;
    int limit = 1000 * (config.valSize() + config.oodSize()) + 1_000_000;
    while ((id.size() < config.valSize() || ood.size() < config.oodSize()) && attempts++ < limit) {
      int[] s = sampler.sample(rng);
      boolean generalisation = hashed ? hasHeldOut(s) : !trainPatterns.containsAll(sampler.segmentPatterns(s));
      if (generalisation) {
        if (ood.size() < config.oodSize()) {
          ood.add(wrap(s));
        }
      } else if (id.size() < config.valSize() && !seen.contains(key(s)) && trainPatterns.containsAll(sampler.segmentPatterns(s))) {
        id.add(wrap(s));
        seen.add(key(s)); // no duplicates inside the id set either
      }
    }
    if (id.size() < config.valSize() || ood.size() < config.oodSize()) {
      throw new IllegalArgumentException("Dyck-(" + config.k() + ", " + config.m() + ") with max_len " + config.maxLen()
          + " cannot supply " + config.valSize() + " unseen in-distribution and " + config.oodSize()
          + " held-out-pattern strings (got " + id.size() + " and " + ood.size() + "); raise task.max_len or lower the set sizes");
    }
    evalSets.put("id", id);
    evalSets.put("ood", ood);
  }

  private static String key(int[] s) {
    return java.util.Arrays.toString(s);
  }

  /** True when a segment pattern of s is held out of training. */
  public boolean hasHeldOut(int[] s) {
    for (String p : sampler.segmentPatterns(s)) {
      if (isHeldOut(p)) {
        return true;
      }
    }
    return false;
  }

  /** The split rule for one pattern. */
  public boolean isHeldOut(String pattern) {
    if (pattern.length() < 6) {
      return false;
    }
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < pattern.length(); i++) {
      h = (h ^ pattern.charAt(i)) * 0x100000001b3L;
    }
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    return Math.floorMod(h, config.holdoutEvery()) == 0;
  }

  private static int[] wrap(int[] s) {
    int[] seq = new int[s.length + 2];
    seq[0] = SOS;
    for (int i = 0; i < s.length; i++) {
      seq[i + 1] = OFFSET + s[i];
    }
    seq[s.length + 1] = EOS;
    return seq;
  }

  /** The bracket codes of a sequence (SOS/EOS stripped). */
  public static int[] unwrap(int[] seq) {
    int[] s = new int[seq.length - 2];
    for (int i = 0; i < s.length; i++) {
      s[i] = seq[i + 1] - OFFSET;
    }
    return s;
  }

  public DyckSampler sampler() {
    return sampler;
  }

  @Override
  public String name() {
    return "dyck";
  }

  @Override
  public int vocabSize() {
    return OFFSET + 2 * config.k();
  }

  @Override
  public List<int[]> train() {
    return train;
  }

  @Override
  public Map<String, List<int[]>> evalSets() {
    return evalSets;
  }

  @Override
  public String headlineMetric() {
    return "closing_acc";
  }

  /**
   * Closing-bracket accuracy (docs/research.md C.1): at each position whose next token is a closing
   * bracket, the argmax of the logits restricted to the k closing brackets must be that bracket.
   * "closing_acc" counts all such positions; "closing_acc_far" only those whose opening bracket is
   * at least {@link #FAR} tokens back.
   */
  @Override
  public void score(List<int[]> batch, Tensor logits, Map<String, long[]> counts) {
    int t = logits.dim(1);
    int v = logits.dim(2);
    int k = config.k();
    long[] all = counts.computeIfAbsent("closing_acc", x -> new long[2]);
    long[] far = counts.computeIfAbsent("closing_acc_far", x -> new long[2]);
    for (int b = 0; b < batch.size(); b++) {
      int[] seq = batch.get(b);
      int[] stack = new int[seq.length];
      int depth = 0;
      for (int i = 1; i + 1 < seq.length; i++) {
        int next = seq[i + 1] - OFFSET;
        int cur = seq[i] - OFFSET;
        if (cur >= 0 && cur < k) {
          stack[depth++] = i;
        } else if (cur >= k) {
          depth--;
        }
        if (next < k || next >= 2 * k) {
          continue; // next is an opener or EOS
        }
        int opener = stack[depth - 1];
        int best = phaselab.lab.task.Argmax.range(logits.data, (b * t + i) * v, OFFSET + k, OFFSET + 2 * k);
        boolean ok = best == OFFSET + next;
        all[0] += ok ? 1 : 0;
        all[1]++;
        if (i + 1 - opener >= FAR) {
          far[0] += ok ? 1 : 0;
          far[1]++;
        }
      }
    }
  }

  @Override
  public int[] parseLine(String line) {
    String[] toks = line.trim().split("\\s+");
    int[] s = new int[toks.length];
    for (int i = 0; i < toks.length; i++) {
      String tok = toks[i];
      if (tok.length() < 2 || (tok.charAt(0) != '(' && tok.charAt(0) != ')')) {
        throw new IllegalArgumentException("Dyck token '" + tok + "' is not of the form (t or )t");
      }
      int type;
      try {
        type = Integer.parseInt(tok.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Dyck token '" + tok + "' has no bracket type number");
      }
      if (type < 0 || type >= config.k()) {
        throw new IllegalArgumentException("Dyck token '" + tok + "': type must be in 0.." + (config.k() - 1) + " (task.k = " + config.k() + ")");
      }
      s[i] = tok.charAt(0) == '(' ? type : config.k() + type;
    }
    if (!sampler.isValid(s)) {
      throw new IllegalArgumentException("not a Dyck-(" + config.k() + ", " + config.m() + ") string: " + line);
    }
    if (s.length > config.maxLen()) {
      throw new IllegalArgumentException("string of " + s.length + " brackets exceeds task.max_len = " + config.maxLen());
    }
    return wrap(s);
  }

  @Override
  public String formatLine(int[] seq) {
    StringBuilder b = new StringBuilder();
    for (int c : unwrap(seq)) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(c < config.k() ? "(" + c : ")" + (c - config.k()));
    }
    return b.toString();
  }
}
