package phaselab.lab.task.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A WordPiece vocabulary and tokenizer (Schuster & Nakajima 2012; BERT's greedy longest-match-first
 * encoding): each basic word becomes the longest vocabulary prefix, then the longest "##"
 * continuation, and so on; a word that cannot be covered, or is longer than 100 characters, is
 * [UNK]. Saved as BERT's vocab.txt (one token per line, id = line number).
 */
public final class WordPiece {
  public static final String PAD = "[PAD]";
  public static final String UNK = "[UNK]";
  public static final String CLS = "[CLS]";
  public static final String SEP = "[SEP]";
  public static final String MASK = "[MASK]";
  /** Special tokens, ids 0–8 in this order. */
  public static final List<String> SPECIALS = List.of(PAD, UNK, CLS, SEP, MASK, RelationExample.E1, RelationExample.E1_END,
      RelationExample.E2, RelationExample.E2_END);
  private static final int MAX_WORD = 100;

  private final List<String> tokens;
  private final Map<String, Integer> ids = new HashMap<>();
  private final BasicTokenizer basic;

  public WordPiece(List<String> tokens) {
    for (int i = 0; i < SPECIALS.size(); i++) {
      if (tokens.size() <= i || !tokens.get(i).equals(SPECIALS.get(i))) {
        throw new IllegalArgumentException("a phaselab vocabulary starts with " + SPECIALS + "; line " + (i + 1) + " is "
            + (tokens.size() <= i ? "missing" : "'" + tokens.get(i) + "'"));
      }
    }
    this.tokens = List.copyOf(tokens);
    for (int i = 0; i < tokens.size(); i++) {
      if (ids.putIfAbsent(tokens.get(i), i) != null) {
        throw new IllegalArgumentException("vocabulary token '" + tokens.get(i) + "' appears twice (lines " + (ids.get(tokens.get(i)) + 1)
            + " and " + (i + 1) + ")");
      }
    }
    this.basic = new BasicTokenizer(new LinkedHashSet<>(SPECIALS));
  }

  public static WordPiece load(Path vocabTxt) throws IOException {
    if (!Files.isRegularFile(vocabTxt)) {
      throw new IOException("vocabulary " + vocabTxt + " does not exist; make it with: phaselab data corpus --out DIR");
    }
    return new WordPiece(Files.readAllLines(vocabTxt, StandardCharsets.UTF_8));
  }

  public void save(Path vocabTxt) throws IOException {
    Files.write(vocabTxt, tokens, StandardCharsets.UTF_8);
  }

  public int size() {
    return tokens.size();
  }

  public int id(String token) {
    Integer i = ids.get(token);
    if (i == null) {
      throw new IllegalArgumentException("token '" + token + "' is not in the vocabulary");
    }
    return i;
  }

  public String token(int id) {
    return tokens.get(id);
  }

  public List<String> tokens() {
    return tokens;
  }

  /** Token ids of a text (no [CLS]/[SEP] added). */
  public List<Integer> encode(String text) {
    List<Integer> out = new ArrayList<>();
    for (String w : basic.words(text)) {
      encodeWord(w, out);
    }
    return out;
  }

  /** Appends the pieces of one basic word. */
  public void encodeWord(String word, List<Integer> out) {
    Integer special = ids.get(word);
    if (special != null && special < SPECIALS.size()) {
      out.add(special);
      return;
    }
    if (word.length() > MAX_WORD) {
      out.add(ids.get(UNK));
      return;
    }
    int start = 0;
    int mark = out.size();
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (end > start) {
        String piece = (start > 0 ? "##" : "") + word.substring(start, end);
        found = ids.get(piece);
        if (found != null) {
          break;
        }
        end--;
      }
      if (found == null) {
        while (out.size() > mark) {
          out.remove(out.size() - 1);
        }
        out.add(ids.get(UNK));
        return;
      }
      out.add(found);
      start = end;
    }
  }

  /** The basic words of a text (for the trainer and the relation loaders). */
  public List<String> words(String text) {
    return basic.words(text);
  }

  /** Readable text of ids: pieces joined, "##" continuations glued to the previous piece. */
  public String decode(List<Integer> idsList) {
    StringBuilder b = new StringBuilder();
    for (int id : idsList) {
      String t = tokens.get(id);
      if (t.startsWith("##")) {
        b.append(t, 2, t.length());
      } else {
        if (!b.isEmpty()) {
          b.append(' ');
        }
        b.append(t);
      }
    }
    return b.toString();
  }

  static Set<String> specialSet() {
    return new LinkedHashSet<>(SPECIALS);
  }
}
