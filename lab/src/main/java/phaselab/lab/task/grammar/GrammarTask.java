package phaselab.lab.task.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.config.GrammarConfig;
import phaselab.lab.task.LmTask;

/**
 * Question formation and tense inflection as language modelling over whole lines:
 * {@code [SOS] INPUT . TASK OUTPUT [EOS]} (Murty et al. 2023 train the LM on the full string).
 *
 * <p>Question formation ("question"): the input is a declarative with auxiliaries; task
 * {@code decl} copies it, {@code quest} fronts the main-clause auxiliary. Training and "id" hold
 * {@code quest} only where the first auxiliary is the main one (subject without a relative clause:
 * linear and hierarchical rules agree); "ood" holds questions whose subject carries a relative
 * clause with an auxiliary that differs from the main one (the linear rule is always wrong).
 *
 * <p>Tense inflection ("tense"): the input is in the past; {@code PAST} copies, {@code PRESENT}
 * re-inflects every verb to agree with its own subject. Training and "id" hold {@code PRESENT}
 * only where agreeing with the most recent noun before the main verb gives the same main-verb
 * form; "ood" only where it does not.
 *
 * <p>The lines come from the published grammars with McCoy et al.'s split logic (see {@link
 * #generate}), or, with {@code task.data_dir}, from files in their format ({@link McCoyFiles}).
 * "id" and "ood" hold only {@code quest}/{@code PRESENT} lines, the ones the metrics score. No
 * generated "id" or "ood" input sentence occurs as a training input. Gold trees are McCoy's
 * binary parses of the input ({@link McCoyParser}).
 */
public final class GrammarTask implements LmTask {
  private final boolean question;
  private final Grammar grammar;
  private final List<String> vocab = new ArrayList<>();
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<GrammarExample> trainExamples = new ArrayList<>();
  private final List<GrammarExample> testSplit = new ArrayList<>();
  private final Map<String, List<GrammarExample>> evalExamples = new LinkedHashMap<>();
  private final List<int[]> train = new ArrayList<>();
  private final Map<String, List<int[]>> evalSets = new LinkedHashMap<>();
  private final int maxLen;

  public GrammarTask(GrammarConfig config, long seed) {
    this.question = config.question();
    this.grammar = new Grammar(question ? Grammar.Mode.QUESTION : Grammar.Mode.TENSE);
    this.maxLen = config.maxLen();
    for (String special : List.of("[PAD]", "[SOS]", "[EOS]", "[SEP]")) {
      addWord(special);
    }
    for (String w : Lexicon.allWords()) {
      addWord(w);
    }
    for (String w : List.of(".", "?", "decl", "quest", "PAST", "PRESENT")) {
      addWord(w);
    }
    if (!config.dataDir().isEmpty()) {
      McCoyFiles.read(java.nio.file.Path.of(config.dataDir()), this, config, trainExamples, evalExamples);
    } else if (config.distribution() == GrammarConfig.Distribution.PUBLISHED) {
      generatePublished(new RngStream(seed, "task/" + config.name() + "/published"), config);
    } else {
      generate(new RngStream(seed, "task/" + config.name()), config);
    }
    trainExamples.forEach(e -> train.add(encode(e)));
    evalExamples.forEach((k, v) -> evalSets.put(k, v.stream().map(this::encode).toList()));
  }

  private void addWord(String w) {
    ids.put(w, vocab.size());
    vocab.add(w);
  }

  /**
   * The split and filter logic of McCoy et al.'s data (docs/research.md C.1): sentences are drawn from
   * the grammar, a repeated sentence is skipped, and each new one is made a transformation line
   * (quest / PRESENT) or an identity line (decl / PAST) by a fair coin. A line is in-distribution
   * unless it is a transformation whose linear and hierarchical readings differ; in-distribution
   * lines fill the training set, then the "id" set; transformations whose readings differ (and,
   * for questions, whose first auxiliary is a different word from the main one) fill "ood". Only
   * transformation lines are kept in "id" and "ood", since only they are scored.
   */
  private void generate(RngStream r, GrammarConfig config) {
    Set<String> seen = new HashSet<>();
    List<GrammarExample> id = new ArrayList<>();
    List<GrammarExample> ood = new ArrayList<>();
    long attempts = 0;
    long limit = 1000L * (config.trainSize() + config.valSize() + config.oodSize()) + 1_000_000;
    while (trainExamples.size() < config.trainSize() || id.size() < config.valSize() || ood.size() < config.oodSize()) {
      if (++attempts > limit) {
        throw new IllegalArgumentException("could not generate " + config.trainSize() + " / " + config.valSize() + " / "
            + config.oodSize() + " distinct " + name() + " lines (got " + trainExamples.size() + " / " + id.size() + " / "
            + ood.size() + "); lower task.train_size, val_size or ood_size");
      }
      Grammar.Clause c = grammar.sample(r);
      Labelled l = example(c, seen);
      if (l == null) {
        continue; // every declarative occurs once across all splits
      }
      boolean transform = r.nextInt(2) == 1;
      GrammarExample e = transform ? l.transform() : l.identity();
      if (!transform || !l.readingsDiffer()) {
        if (trainExamples.size() < config.trainSize()) {
          trainExamples.add(e);
        } else if (transform && id.size() < config.valSize()) {
          id.add(e);
        }
      } else if (l.generalises() && ood.size() < config.oodSize()) {
        ood.add(e);
      }
    }
    evalExamples.put("id", id);
    evalExamples.put("ood", ood);
  }

  /**
   * McCoy et al.'s published files as they were made (task.distribution published): a (marker,
   * template) drawn from the fitted {@link PublishedDistribution}, its words filled uniformly,
   * a transformation whose readings differ dropped; training lines first, then test lines (decl
   * and quest, or PAST and PRESENT, of which "id" keeps the scored ones), then gen lines from the
   * gen templates. Question inputs occur once across all splits (the published test file was
   * de-duplicated against the training file); tense training and test inputs are not
   * de-duplicated, as the published tense files cannot have been, but gen inputs never occur in
   * training. Each split is shuffled, so that any prefix of it is a sample of the whole (the
   * de-duplication depletes small templates as the training file fills).
   */
  private void generatePublished(RngStream r, GrammarConfig config) {
    PublishedDistribution dist = PublishedDistribution.of(question ? Grammar.Mode.QUESTION : Grammar.Mode.TENSE);
    Set<String> seen = new HashSet<>();
    List<GrammarExample> id = new ArrayList<>();
    long limit = 1000L * (config.trainSize() + config.valSize() + config.oodSize()) + 1_000_000;
    long attempts = 0;
    while (trainExamples.size() < config.trainSize() || id.size() < config.valSize()) {
      checkAttempts(++attempts, limit, config, id.size(), 0);
      PublishedDistribution.Entry entry = dist.drawLine(r);
      Labelled l = example(grammar.sample(r, entry.template()), dist.deduplicated() ? seen : new HashSet<>());
      if (l != null) {
        seen.add(String.join(" ", l.identity().input())); // gen inputs never occur in training or test
      }
      boolean transform = entry.marker().equals("quest") || entry.marker().equals("PRESENT");
      if (l == null || (transform && l.readingsDiffer())) {
        continue;
      }
      GrammarExample e = transform ? l.transform() : l.identity();
      if (trainExamples.size() < config.trainSize()) {
        trainExamples.add(e);
      } else {
        testSplit.add(e);
        if (transform) {
          id.add(e);
        }
      }
    }
    List<GrammarExample> ood = new ArrayList<>();
    while (ood.size() < config.oodSize()) {
      checkAttempts(++attempts, limit, config, id.size(), ood.size());
      Labelled l = example(grammar.sample(r, dist.drawGen(r).template()), seen);
      if (l != null && l.generalises()) {
        ood.add(l.transform());
      }
    }
    shuffle(trainExamples, r.derive("shuffle/train"));
    shuffle(testSplit, r.derive("shuffle/test"));
    shuffle(id, r.derive("shuffle/id"));
    shuffle(ood, r.derive("shuffle/ood"));
    evalExamples.put("id", id);
    evalExamples.put("ood", ood);
  }

  private void checkAttempts(long attempts, long limit, GrammarConfig config, int id, int ood) {
    if (attempts > limit) {
      throw new IllegalArgumentException("could not generate " + config.trainSize() + " / " + config.valSize() + " / "
          + config.oodSize() + " distinct " + name() + " lines (got " + trainExamples.size() + " / " + id + " / " + ood
          + "); lower task.train_size, val_size or ood_size");
    }
  }

  private static <T> void shuffle(List<T> list, RngStream r) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  /**
   * A sentence's identity and transformation lines; whether the linear and hierarchical readings
   * of the transformation differ, and whether it qualifies for the generalisation set.
   */
  private record Labelled(GrammarExample identity, GrammarExample transform, boolean readingsDiffer, boolean generalises) {}

  /** The lines of a clause, or null when its declarative is already in {@code seen} (else added). */
  private Labelled example(Grammar.Clause c, Set<String> seen) {
    Grammar.Mode mode = question ? Grammar.Mode.QUESTION : Grammar.Mode.TENSE;
    if (question) {
      Grammar.Rendered d = grammar.render(c, "base");
      List<String> in = d.words();
      if (!seen.add(String.join(" ", in))) {
        return null;
      }
      Tree tree = McCoyParser.parse(in, mode);
      int first = d.auxIndices().stream().min(Integer::compare).orElseThrow();
      boolean firstIsMain = first == d.mainAuxIndex();
      boolean differentWord = !in.get(first).equals(in.get(d.mainAuxIndex()));
      List<String> q = new ArrayList<>();
      q.add(in.get(d.mainAuxIndex()));
      for (int i = 0; i < in.size(); i++) {
        if (i != d.mainAuxIndex()) {
          q.add(in.get(i));
        }
      }
      q.add("?");
      return new Labelled(new GrammarExample(in, "decl", withEnd(in, "."), tree), new GrammarExample(in, "quest", q, tree),
          !firstIsMain, !firstIsMain && differentWord);
    }
    Grammar.Rendered past = grammar.render(c, "past");
    if (!seen.add(String.join(" ", past.words()))) {
      return null;
    }
    Grammar.Rendered present = grammar.render(c, "present");
    Tree tree = McCoyParser.parse(past.words(), mode);
    boolean disagree = recentNounPlural(present) != c.subject().plural();
    return new Labelled(new GrammarExample(past.words(), "PAST", withEnd(past.words(), "."), tree),
        new GrammarExample(past.words(), "PRESENT", withEnd(present.words(), "."), tree), disagree, disagree);
  }

  /** Number of the last noun before the main verb. */
  private static boolean recentNounPlural(Grammar.Rendered r) {
    for (int i = r.mainVerbIndex() - 1; i >= 0; i--) {
      String w = r.words().get(i);
      if (Lexicon.NOUNS_PL.contains(w)) {
        return true;
      }
      if (Lexicon.NOUNS.contains(w)) {
        return false;
      }
    }
    throw new IllegalStateException("no noun before the main verb");
  }

  private static List<String> withEnd(List<String> words, String end) {
    List<String> l = new ArrayList<>(words);
    l.add(end);
    return l;
  }

  /** [SOS] input . task output [EOS]. */
  public int[] encode(GrammarExample e) {
    if (e.input().size() + e.output().size() + 2 > maxLen) {
      throw new IllegalArgumentException("line '" + e.line() + "' has " + (e.input().size() + e.output().size() + 2)
          + " tokens, more than task.max_len = " + maxLen + "; raise task.max_len (and model.max_seq)");
    }
    List<String> toks = new ArrayList<>(e.input());
    toks.add(".");
    toks.add(e.task());
    toks.addAll(e.output());
    int[] seq = new int[toks.size() + 2];
    seq[0] = SOS;
    for (int i = 0; i < toks.size(); i++) {
      Integer id = ids.get(toks.get(i));
      if (id == null) {
        throw new IllegalArgumentException("word '" + toks.get(i) + "' is not in the " + name() + " vocabulary");
      }
      seq[i + 1] = id;
    }
    seq[seq.length - 1] = EOS;
    return seq;
  }

  public List<GrammarExample> trainExamples() {
    return trainExamples;
  }

  /**
   * Every line of the generated test split, identity and transformation alike, in the order of
   * {@code id}'s draws (published distribution only; empty otherwise). Its template frequencies
   * are what the published test file's are.
   */
  public List<GrammarExample> testSplit() {
    return testSplit;
  }

  public Map<String, List<GrammarExample>> evalExamples() {
    return evalExamples;
  }

  public boolean isQuestion() {
    return question;
  }

  public String word(int id) {
    return vocab.get(id);
  }

  public int id(String word) {
    Integer i = ids.get(word);
    if (i == null) {
      throw new IllegalArgumentException("word '" + word + "' is not in the vocabulary");
    }
    return i;
  }

  @Override
  public String name() {
    return question ? "question" : "tense";
  }

  @Override
  public int vocabSize() {
    return vocab.size();
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
    return question ? "first_word_acc" : "sequence_acc";
  }

  /** [SOS] and the declarative: the positions before " . TASK". */
  @Override
  public int inputPositions(int[] seq) {
    return taskPosition(seq) - 1;
  }

  @Override
  public int firstOutputPosition(int[] seq) {
    return taskPosition(seq) + 1;
  }

  /** Position of the task token (decl/quest/PAST/PRESENT) in a sequence. */
  int taskPosition(int[] seq) {
    int dot = id(".");
    for (int i = 1; i + 1 < seq.length; i++) {
      if (seq[i] == dot) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("sequence has no ' . TASK' separator");
  }

  /**
   * Question formation (docs/research.md C.1): after {@code quest}, the argmax of the next-token logits
   * restricted to the four auxiliaries must equal the question's first word ("first_word_acc").
   * Tense inflection is scored by {@link TenseDecoder} (greedy decoding), not from teacher-forced
   * logits; here it only counts nothing.
   */
  @Override
  public void score(List<int[]> batch, Tensor logits, Map<String, long[]> counts) {
    if (!question) {
      return;
    }
    int t = logits.dim(1);
    int v = logits.dim(2);
    int[] aux = Lexicon.AUXILIARIES.stream().mapToInt(this::id).toArray();
    int quest = id("quest");
    long[] c = counts.computeIfAbsent("first_word_acc", k -> new long[2]);
    for (int b = 0; b < batch.size(); b++) {
      int[] seq = batch.get(b);
      int p = taskPosition(seq);
      if (seq[p] != quest) {
        continue;
      }
      int best = phaselab.lab.task.Argmax.among(logits.data, (b * t + p) * v, aux);
      c[0] += best == seq[p + 1] ? 1 : 0;
      c[1]++;
    }
  }

  @Override
  public void scoreGenerative(phaselab.engine.model.DecoderLM model, List<int[]> batch, Map<String, long[]> counts) {
    if (!question) {
      List<int[]> present = batch.stream().filter(s -> s[taskPosition(s)] == id("PRESENT")).toList();
      if (!present.isEmpty()) {
        TenseDecoder.score(this, model, present, counts);
      }
    }
  }

  @Override
  public int[] parseLine(String line) {
    GrammarExample e = GrammarExample.parse(line);
    checkTask(e.task());
    return encode(e);
  }

  /** Fails unless {@code task} is one of this task's two markers. */
  void checkTask(String task) {
    if (!(question ? List.of("decl", "quest") : List.of("PAST", "PRESENT")).contains(task)) {
      throw new IllegalArgumentException("task '" + task + "' is not a " + name() + " task (expected "
          + (question ? "decl or quest" : "PAST or PRESENT") + ")");
    }
  }

  @Override
  public String formatLine(int[] seq) {
    int p = taskPosition(seq);
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < p; i++) {
      b.append(vocab.get(seq[i])).append(i + 1 < p ? " " : "");
    }
    b.append(' ').append(vocab.get(seq[p])).append('\t');
    for (int i = p + 1; i + 1 < seq.length; i++) {
      b.append(vocab.get(seq[i])).append(i + 2 < seq.length ? " " : "");
    }
    return b.toString();
  }
}
