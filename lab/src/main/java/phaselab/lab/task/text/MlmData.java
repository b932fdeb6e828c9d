package phaselab.lab.task.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import phaselab.engine.rng.RngStream;

/**
 * The corpus as fixed-length MLM sequences: lines are tokenized and packed in order into chunks of
 * T − 2 tokens ([SEP] between lines), each becoming [CLS] chunk [SEP]; every holdout-th chunk is
 * held out for evaluation. Masking follows BERT: each non-special position is chosen with
 * probability p; a chosen token becomes [MASK] (80%), a random non-special token (10%) or stays
 * (10%), and is a prediction target.
 */
public record MlmData(WordPiece vocab, List<int[]> train, List<int[]> heldOut) {

  public static MlmData load(Path corpusDir, int seqLen, int holdoutEvery) throws IOException {
    Path corpus = corpusDir.resolve("corpus.txt");
    if (!Files.isRegularFile(corpus)) {
      throw new IOException("no corpus at " + corpus + "; build it with: phaselab data corpus --out " + corpusDir
          + " (see docs/symmetry-breaking.md), or set task.corpus");
    }
    WordPiece vocab = WordPiece.load(corpusDir.resolve("vocab.txt"));
    int body = seqLen - 2;
    int cls = vocab.id(WordPiece.CLS);
    int sep = vocab.id(WordPiece.SEP);
    List<int[]> train = new ArrayList<>();
    List<int[]> held = new ArrayList<>();
    int[] chunk = new int[body];
    int fill = 0;
    int chunks = 0;
    List<Integer> ids = new ArrayList<>();
    for (String line : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
      ids.clear();
      for (String w : vocab.words(line)) {
        vocab.encodeWord(w, ids);
      }
      ids.add(sep);
      for (int id : ids) {
        chunk[fill++] = id;
        if (fill == body) {
          int[] seq = new int[seqLen];
          seq[0] = cls;
          System.arraycopy(chunk, 0, seq, 1, body);
          seq[seqLen - 1] = sep;
          (++chunks % holdoutEvery == 0 ? held : train).add(seq);
          fill = 0;
        }
      }
    }
    return new MlmData(vocab, train, held);
  }

  /** A masked copy of {@code seq}: inputs, and per position the target token or −1. */
  public record Masked(int[] input, int[] target) {}

  public Masked mask(int[] seq, double prob, RngStream rng) {
    int specials = WordPiece.SPECIALS.size();
    int maskId = vocab.id(WordPiece.MASK);
    int[] in = seq.clone();
    int[] target = new int[seq.length];
    java.util.Arrays.fill(target, -1);
    for (int i = 0; i < seq.length; i++) {
      if (seq[i] < specials) {
        continue;
      }
      if (rng.nextDouble() < prob) {
        target[i] = seq[i];
        double r = rng.nextDouble();
        in[i] = r < 0.8 ? maskId : r < 0.9 ? specials + rng.nextInt(vocab.size() - specials) : seq[i];
      }
    }
    return new Masked(in, target);
  }
}
