package phaselab.lab.task.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.lab.run.RunJson;
import phaselab.engine.rng.RngStream;

/**
 * A relation-classification data set with its label names and a train/test split.
 *
 * <p>Loaders: FewRel 1.0 validation JSON (16 relations × 700), the tab-separated 80-relation
 * FewRel file of Continual Few-shot Relation Learning (100 each; "train64" keeps the 64 FewRel
 * training relations, "val16" the 16 validation ones), SemEval-2010 Task 8 (19 labels, official
 * train/test files). Split rule for FewRel sets (recorded in {@link #splitRule}): per label, the
 * instances in file order are shuffled by the "relation-split" stream of the split seed and the
 * first ⌈f·n⌉ become test.
 */
public record RelationData(String name, List<String> labels, List<RelationExample> train, List<RelationExample> test, String splitRule) {

  public static RelationData fewRel(Path valWiki, Path pid2name, double testFraction, long splitSeed) throws IOException {
    try {
      return readFewRel(valWiki, pid2name, testFraction, splitSeed);
    } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw notFewRel(valWiki, pid2name, e);
    }
  }

  /**
   * A file that parses as JSON but is not shaped as FewRel's: named with both files and what was
   * wrong, so that a mutated or truncated download never surfaces as a cast or index error.
   */
  private static IllegalArgumentException notFewRel(Path valWiki, Path pid2name, RuntimeException e) {
    return new IllegalArgumentException(valWiki + " (with " + pid2name.getFileName() + ") is not in FewRel's format {PID: [{tokens,"
        + " h: [name, id, [[positions]]], t: …}]}: " + e.getMessage() + "; fetch it again with phaselab data fetch", e);
  }

  private static RelationData readFewRel(Path valWiki, Path pid2name, double testFraction, long splitSeed) throws IOException {
    Map<String, Object> json = asMap(RunJson.parse(readUtf8(valWiki)));
    Map<String, Object> names = asMap(RunJson.parse(readUtf8(pid2name)));
    List<String> labels = new ArrayList<>();
    List<List<RelationExample>> byLabel = new ArrayList<>();
    for (var e : json.entrySet()) {
      int label = labels.size();
      Object name = names.get(e.getKey());
      labels.add(e.getKey() + (name instanceof List<?> l && !l.isEmpty() ? " " + l.get(0) : ""));
      List<RelationExample> list = new ArrayList<>();
      for (Object o : (List<?>) e.getValue()) {
        Map<String, Object> inst = asMap(o);
        String[] words = ((List<?>) inst.get("tokens")).stream().map(String::valueOf).toArray(String[]::new);
        int[] h = span(inst.get("h"));
        int[] t = span(inst.get("t"));
        list.add(new RelationExample(words, h[0], h[1], t[0], t[1], label));
      }
      byLabel.add(list);
    }
    return split("fewrel", labels, byLabel, testFraction, splitSeed);
  }

  /** The 80-relation file; {@code subset} is all, train64 or val16 (by FewRel's validation PIDs in pid2name order). */
  public static RelationData cfrl80(Path file, Path relationNames, Path valWiki, Path pid2name, String subset, double testFraction,
      long splitSeed) throws IOException {
    List<String> allNames = Files.readAllLines(relationNames, StandardCharsets.UTF_8);
    java.util.Set<String> val = new java.util.HashSet<>();
    Map<String, Object> pids = asMap(RunJson.parse(Files.readString(pid2name)));
    for (String pid : asMap(RunJson.parse(Files.readString(valWiki))).keySet()) {
      if (pids.get(pid) instanceof List<?> l && !l.isEmpty()) {
        val.add(String.valueOf(l.get(0)).toLowerCase());
      }
      if (pid.equals("P364")) {
        val.add("original language of work"); // the file's name for P364 (shared/data/README.md)
      }
    }
    Map<Integer, Integer> labelOf = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    for (int r = 0; r < allNames.size(); r++) {
      String n = allNames.get(r).trim();
      boolean isVal = val.contains(n.toLowerCase());
      boolean keep = switch (subset) {
        case "train64" -> !isVal;
        case "val16" -> isVal;
        default -> true;
      };
      if (keep && !n.isEmpty()) {
        labelOf.put(r + 1, labels.size());
        labels.add(n);
      }
    }
    List<List<RelationExample>> byLabel = new ArrayList<>();
    labels.forEach(l -> byLabel.add(new ArrayList<>()));
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length < 7) {
        throw new IOException(file + ":" + lineNo + ": expected at least 7 tab-separated fields, got " + f.length);
      }
      Integer label = labelOf.get(Integer.parseInt(f[0].trim()));
      if (label == null) {
        continue;
      }
      String[] words = f[2].trim().split(" +");
      int[] h = positions(f[4]);
      int[] t = positions(f[6]);
      byLabel.get(label).add(new RelationExample(words, h[0], h[1], t[0], t[1], label));
    }
    return split("fewrel80-" + subset, labels, byLabel, testFraction, splitSeed);
  }

  /** SemEval-2010 Task 8 with its official training and test files. */
  public static RelationData semEval(Path trainFile, Path testFile) throws IOException {
    List<String> labels = new ArrayList<>();
    List<RelationExample> train = readSemEval(trainFile, labels);
    List<RelationExample> test = readSemEval(testFile, labels);
    return new RelationData("semeval", labels, train, test, "official SemEval-2010 Task 8 train (8,000) / test (2,717) files");
  }

  /** The file as UTF-8 text; other bytes are an error that names the file. */
  static String readUtf8(Path file) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException(file + " is not UTF-8 text; fetch it again with phaselab data fetch", e);
    }
  }

  private static List<RelationExample> readSemEval(Path file, List<String> labels) throws IOException {
    List<String> lines = readUtf8(file).lines().map(String::strip).toList();
    List<RelationExample> out = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      String l = lines.get(i);
      int tab = l.indexOf('\t');
      if (tab < 0 || !l.substring(0, tab).chars().allMatch(Character::isDigit)) {
        continue;
      }
      String sentence = l.substring(tab + 1).replaceAll("^\"|\"$", "");
      String relation = lines.get(i + 1);
      int label = labels.indexOf(relation);
      if (label < 0) {
        label = labels.size();
        labels.add(relation);
      }
      out.add(parseTagged(sentence, label, file + ":" + (i + 1)));
    }
    return out;
  }

  /** Words of a sentence with <e1>…</e1> and <e2>…</e2> tags, punctuation split off. */
  static RelationExample parseTagged(String sentence, int label, String where) {
    String spaced = sentence.replace("<e1>", " <e1> ").replace("</e1>", " </e1> ").replace("<e2>", " <e2> ").replace("</e2>", " </e2> ");
    List<String> words = new ArrayList<>();
    int[] span = {-1, -1, -1, -1};
    for (String tok : spaced.trim().split("\\s+")) {
      switch (tok) {
        case "<e1>" -> span[0] = words.size();
        case "</e1>" -> span[1] = words.size();
        case "<e2>" -> span[2] = words.size();
        case "</e2>" -> span[3] = words.size();
        default -> words.addAll(BasicTokenizer.splitPunctuation(tok));
      }
    }
    if (span[0] < 0 || span[1] <= span[0] || span[2] < 0 || span[3] <= span[2]) {
      throw new IllegalArgumentException(where + ": the sentence lacks well-formed <e1> and <e2> tags");
    }
    return new RelationExample(words.toArray(String[]::new), span[0], span[1], span[2], span[3], label);
  }

  private static RelationData split(String name, List<String> labels, List<List<RelationExample>> byLabel, double testFraction, long seed) {
    RngStream rng = new RngStream(seed, "relation-split");
    List<RelationExample> train = new ArrayList<>();
    List<RelationExample> test = new ArrayList<>();
    for (List<RelationExample> list : byLabel) {
      int[] order = java.util.stream.IntStream.range(0, list.size()).toArray();
      rng.shuffle(order);
      int nTest = (int) Math.ceil(testFraction * list.size());
      for (int i = 0; i < order.length; i++) {
        (i < nTest ? test : train).add(list.get(order[i]));
      }
    }
    // then both sets are shuffled once more, so that any prefix (eval_size) mixes all labels
    shuffle(train, rng);
    shuffle(test, rng);
    String rule = String.format("per label, instances in file order shuffled by RngStream(seed %d, \"relation-split\"); first ceil(%.3f·n) "
        + "are test; both sets then shuffled by the same stream", seed, testFraction);
    return new RelationData(name, labels, train, test, rule);
  }

  private static void shuffle(List<RelationExample> list, RngStream rng) {
    int[] order = java.util.stream.IntStream.range(0, list.size()).toArray();
    rng.shuffle(order);
    List<RelationExample> copy = new ArrayList<>(list);
    for (int i = 0; i < order.length; i++) {
      list.set(i, copy.get(order[i]));
    }
  }

  private static int[] span(Object entity) {
    List<?> e = (List<?>) entity;
    List<?> first = (List<?>) ((List<?>) e.get(2)).get(0);
    int lo = Integer.MAX_VALUE;
    int hi = -1;
    for (Object o : first) {
      int i = ((Number) o).intValue();
      lo = Math.min(lo, i);
      hi = Math.max(hi, i);
    }
    return new int[] {lo, hi + 1};
  }

  private static int[] positions(String field) {
    int lo = Integer.MAX_VALUE;
    int hi = -1;
    for (String s : field.trim().split(" +")) {
      int i = Integer.parseInt(s);
      lo = Math.min(lo, i);
      hi = Math.max(hi, i);
    }
    return new int[] {lo, hi + 1};
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }
}
