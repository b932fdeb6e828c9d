package phaselab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import phaselab.lab.task.text.BasicTokenizerAccess;
import phaselab.lab.task.text.CorpusBuilder;
import phaselab.lab.task.text.DataFile;
import phaselab.lab.task.text.WordPiece;
import phaselab.lab.task.text.WordPieceTrainer;

/** {@code phaselab data fetch} and {@code phaselab data corpus}. */
final class TextData {
  private TextData() {}

  static int run(String task, Path out, Path from, int vocabSize, double testFraction, long splitSeed) throws Exception {
    Path cache = DataFile.cacheDir();
    if (from != null && !Files.isDirectory(from)) {
      throw new Cli.UserError("--from " + from + " is not a folder; give a local copy of the data folder (e.g. ../shared/data)");
    }
    try {
      for (DataFile f : DataFile.ALL) {
        Path p = f.fetch(cache, from);
        System.out.printf("%-40s ok  %s%n", f.path(), task.equals("fetch") ? p : "");
      }
    } catch (IOException e) {
      throw new Cli.UserError(e.getMessage());
    }
    if (task.equals("fetch")) {
      return Cli.OK;
    }
    if (out == null) {
      throw new Cli.UserError("phaselab data corpus needs --out DIR");
    }
    if (testFraction <= 0 || testFraction >= 1) {
      throw new Cli.UserError("--test-fraction must be in (0, 1), got " + testFraction);
    }
    CorpusBuilder corpus;
    Map<String, Object> manifest;
    try {
      corpus = new CorpusBuilder(cache, testFraction, splitSeed).build(System.out::println);
      manifest = corpus.write(out);
    } catch (IOException e) {
      throw new Cli.UserError(e.getMessage());
    }
    System.out.printf("corpus: %,d lines, %,d words -> %s%n", ((Number) manifest.get("lines")).longValue(),
        ((Number) manifest.get("words")).longValue(), out.resolve("corpus.txt"));
    long t0 = System.nanoTime();
    Map<String, Long> counts = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve("corpus.txt"), StandardCharsets.UTF_8)) {
      for (String w : BasicTokenizerAccess.words(line)) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    WordPiece wp = new WordPieceTrainer(vocabSize, 2, 1000).train(counts);
    wp.save(out.resolve("vocab.txt"));
    System.out.printf("WordPiece: %d tokens from %,d distinct words in %.1f s -> %s%n", wp.size(), counts.size(),
        (System.nanoTime() - t0) / 1e9, out.resolve("vocab.txt"));
    return Cli.OK;
  }
}
