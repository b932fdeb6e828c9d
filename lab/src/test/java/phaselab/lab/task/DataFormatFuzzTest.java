package phaselab.lab.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.engine.rng.RngStream;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;
import phaselab.lab.task.grammar.GrammarTask;
import phaselab.lab.task.supervised.FashionMnist;
import phaselab.lab.task.text.RelationData;

/**
 * Seeded fuzzing of every external data format phaselab reads: McCoy-format lines, FewRel JSON,
 * SemEval-2010 blocks and gzipped IDX. Each of at least 1,000 mutated files per format ends in
 * a named error (an IllegalArgumentException or IOException whose message names the file) or a
 * valid result, never in another exception. The counts are printed.
 */
@Tag("campaign")
class DataFormatFuzzTest {
  /** Cases per run: 1_000 in CI; -Dphaselab.fuzz.data=N for a shorter or longer campaign. */
  static final int CASES = Integer.getInteger("phaselab.fuzz.data", 1_000);

  @TempDir
  Path tmp;

  /** Byte-level and text-level mutations shared by the text formats. */
  static byte[] mutateText(String text, RngStream r) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    switch (r.nextInt(6)) {
      case 0 -> { // bit flips, possibly leaving invalid UTF-8
        b = b.clone();
        for (int f = 0, n = 1 + r.nextInt(6); f < n; f++) {
          int at = r.nextInt(b.length);
          b[at] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      }
      case 1 -> {
        return java.util.Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncation
      }
      case 2 -> { // delete, duplicate or swap lines
        List<String> lines = new ArrayList<>(text.lines().toList());
        int at = r.nextInt(lines.size());
        switch (r.nextInt(3)) {
          case 0 -> lines.remove(at);
          case 1 -> lines.add(at, lines.get(at));
          default -> java.util.Collections.swap(lines, at, r.nextInt(lines.size()));
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
      }
      case 3 -> { // replace a random character with a structural one
        char[] cs = text.toCharArray();
        String set = "\t\n .?\"[]{},:0123456789-<>/e";
        cs[r.nextInt(cs.length)] = set.charAt(r.nextInt(set.length()));
        return new String(cs).getBytes(StandardCharsets.UTF_8);
      }
      case 4 -> { // a huge number somewhere
        return text.replaceFirst("\\d+", r.nextInt(2) == 0 ? "99999999999999999999" : "-7").getBytes(StandardCharsets.UTF_8);
      }
      default -> { // a word removed
        String[] w = text.split(" ", -1);
        int at = r.nextInt(w.length);
        List<String> out = new ArrayList<>(List.of(w));
        out.remove(at);
        return String.join(" ", out).getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  interface Loader {
    void load(int c) throws Exception;
  }

  private static void campaign(String format, Loader loader, List<String> report) {
    int named = 0;
    int valid = 0;
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < CASES; c++) {
      try {
        loader.load(c);
        valid++;
      } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
        if (e.getMessage() == null || !e.getMessage().contains("case" + c)) {
          failures.add("case " + c + ": an error that does not name the file: " + e);
        }
        named++;
      } catch (Throwable t) {
        failures.add("case " + c + ": " + t);
      }
    }
    report.add(String.format("  %-8s %5d cases: %5d named errors, %5d valid, %d failures", format, CASES, named, valid, failures.size()));
    if (!failures.isEmpty()) {
      fail(format + ": mutated files that ended in something other than a named error:\n"
          + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }
    // a campaign whose mutations all load (or all fail) tests one path only
    assertThat(named).as(format + ": mutations that ended in a named error").isGreaterThanOrEqualTo(CASES / 10);
    assertThat(valid).as(format + ": mutations that still loaded").isPositive();
  }

  static final String MCCOY_TRAIN = """
      some vulture does entertain my newts . quest\tdoes some vulture entertain my newts ? quest
      her newts don't accept some yaks who do smile . decl\ther newts don't accept some yaks who do smile . decl
      the newt does sleep . quest\tdoes the newt sleep ? quest
      """;
  static final String MCCOY_GEN = "my yak who doesn't smile does giggle . quest\tdoes my yak who doesn't smile giggle ? quest\n";

  static final String FEWREL = """
      {"P1": [{"tokens": ["Anna", "lives", "in", "Paris", "."], "h": ["anna", "Q1", [[0]]], "t": ["paris", "Q2", [[3]]]},
              {"tokens": ["Bo", "was", "born", "in", "Rome"], "h": ["bo", "Q3", [[0]]], "t": ["rome", "Q4", [[4]]]}],
       "P2": [{"tokens": ["The", "Nile", "flows", "into", "the", "sea"], "h": ["nile", "Q5", [[1]]], "t": ["sea", "Q6", [[4, 5]]]}]}
      """;
  static final String PID2NAME = "{\"P1\": [\"residence\", \"where one lives\"], \"P2\": [\"mouth of the watercourse\", \"\"]}";

  static final String SEMEVAL = """
      1\t"The <e1>author</e1> of a keygen uses a <e2>disassembler</e2> to look at the raw code."
      Instrument-Agency(e2,e1)
      Comment:

      2\t"A <e1>fire</e1> was caused by a <e2>spark</e2>."
      Cause-Effect(e2,e1)
      Comment:
      """;

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  @Test
  void everyMutatedDataFileEndsInANamedErrorOrAValidResult() throws Exception {
    RngStream r = new RngStream(2026, "data-format-fuzz");
    List<String> report = new ArrayList<>();

    campaign("mccoy", c -> {
      Path dir = Files.createDirectories(tmp.resolve("case" + c));
      Files.write(dir.resolve("question.train"), mutateText(MCCOY_TRAIN, r));
      Files.write(dir.resolve("question.dev"), r.nextInt(2) == 0 ? mutateText(MCCOY_TRAIN, r) : MCCOY_TRAIN.getBytes(StandardCharsets.UTF_8));
      Files.write(dir.resolve("question.gen"), r.nextInt(2) == 0 ? mutateText(MCCOY_GEN, r) : MCCOY_GEN.getBytes(StandardCharsets.UTF_8));
      ExperimentConfig cfg = ConfigLoader.parse("{}", "t", List.of("task.name=question", "task.data_dir=" + dir, "model.max_seq=48"), "test");
      new GrammarTask((phaselab.lab.config.GrammarConfig) cfg.task(), 1);
    }, report);

    campaign("fewrel", c -> {
      Path dir = Files.createDirectories(tmp.resolve("case" + c));
      Path wiki = dir.resolve("val_wiki.json");
      Path names = dir.resolve("pid2name.json");
      Files.write(wiki, mutateText(FEWREL, r));
      Files.write(names, r.nextInt(4) == 0 ? mutateText(PID2NAME, r) : PID2NAME.getBytes(StandardCharsets.UTF_8));
      RelationData.fewRel(wiki, names, 0.3, 1);
    }, report);

    campaign("semeval", c -> {
      Path dir = Files.createDirectories(tmp.resolve("case" + c));
      Path train = dir.resolve("TRAIN_FILE.TXT");
      Path test = dir.resolve("TEST_FILE_FULL.TXT");
      Files.write(train, mutateText(SEMEVAL, r));
      Files.write(test, SEMEVAL.getBytes(StandardCharsets.UTF_8));
      RelationData.semEval(train, test);
    }, report);

    // IDX: 6 images of 4 × 4 and their labels, mutated before or after gzip
    ByteBuffer images = ByteBuffer.allocate(16 + 6 * 16).putInt(0x803).putInt(6).putInt(4).putInt(4);
    for (int i = 0; i < 6 * 16; i++) {
      images.put((byte) (i * 37));
    }
    ByteBuffer labels = ByteBuffer.allocate(8 + 6).putInt(0x801).putInt(6).put(new byte[] {0, 1, 2, 3, 9, 5});
    campaign("idx", c -> {
      byte[] im = images.array().clone();
      byte[] lb = labels.array().clone();
      byte[] target = r.nextInt(3) == 0 ? lb : im;
      int mode = r.nextInt(3);
      if (mode == 0) { // flip header or pixel bytes before compressing
        for (int f = 0, n = 1 + r.nextInt(4); f < n; f++) {
          int at = r.nextInt(Math.min(target.length, 20));
          target[at] ^= (byte) (1 << r.nextInt(8));
        }
      }
      byte[] imGz = gzip(im);
      byte[] lbGz = gzip(lb);
      if (mode == 1) { // damage the compressed stream
        byte[] gz = target == lb ? lbGz : imGz;
        gz[r.nextInt(gz.length)] ^= (byte) (1 << r.nextInt(8));
      } else if (mode == 2) { // truncate it
        if (target == lb) {
          lbGz = java.util.Arrays.copyOf(lbGz, r.nextInt(lbGz.length));
        } else {
          imGz = java.util.Arrays.copyOf(imGz, r.nextInt(imGz.length));
        }
      }
      FashionMnist.parse(imGz, "case" + c + "-images.gz", lbGz, "case" + c + "-labels.gz", 1 + r.nextInt(10));
    }, report);

    System.out.println("data format fuzz:");
    report.forEach(System.out::println);
    assertThat(report).hasSize(4);
  }
}
