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
import java.util.function.Function;

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
  private final Set<String> specials;
  private final Function<Set<String>, WordSplitter> splitterFor;
  private final WordSplitter splitter;

  /** A phaselab vocabulary: the nine specials at ids 0–8, BERT's basic tokenizer (phaselab's own corpora). */
  public WordPiece(List<String> tokens) {
    this(checkedPhaselab(tokens), new LinkedHashSet<>(SPECIALS), BasicTokenizer::new);
  }

  private WordPiece(List<String> tokens, Set<String> specials, Function<Set<String>, WordSplitter> splitterFor) {
    this.tokens = List.copyOf(tokens);
    for (int i = 0; i < tokens.size(); i++) {
      if (ids.putIfAbsent(tokens.get(i), i) != null) {
        throw new IllegalArgumentException("vocabulary token '" + tokens.get(i) + "' appears twice (lines " + (ids.get(tokens.get(i)) + 1)
            + " and " + (i + 1) + ")");
      }
    }
    for (String sp : specials) {
      if (!ids.containsKey(sp)) {
        throw new IllegalArgumentException("special token '" + sp + "' is not in the vocabulary");
      }
    }
    if (!ids.containsKey(UNK)) {
      throw new IllegalArgumentException("the vocabulary has no " + UNK + " token");
    }
    this.specials = Set.copyOf(specials);
    this.splitterFor = splitterFor;
    this.splitter = splitterFor.apply(this.specials);
  }

  /**
   * A vocabulary with its own ids for the specials and its own text splitter (an imported BERT's:
   * [PAD] 0, [UNK] 100, [CLS] 101, … and Hugging Face's normaliser; see {@link HfBertSplitter}).
   * {@code splitterFor} builds the splitter that keeps the given special tokens whole.
   */
  public static WordPiece of(List<String> tokens, Set<String> specials, Function<Set<String>, WordSplitter> splitterFor) {
    return new WordPiece(tokens, specials, splitterFor);
  }

  /**
   * This vocabulary with new special tokens appended (ids from {@link #size()} on), kept whole
   * by the splitter: the entity markers of relation fine-tuning on an imported vocabulary.
   * Tokens already present are not added again.
   */
  public WordPiece withAddedSpecials(List<String> added) {
    List<String> all = new ArrayList<>(tokens);
    Set<String> sp = new LinkedHashSet<>(specials);
    for (String a : added) {
      if (!ids.containsKey(a)) {
        all.add(a);
      }
      sp.add(a);
    }
    return new WordPiece(all, sp, splitterFor);
  }

  /** Whether a token is special (kept whole, never masked or split). */
  public boolean isSpecial(String token) {
    return specials.contains(token);
  }

  private static List<String> checkedPhaselab(List<String> tokens) {
    for (int i = 0; i < SPECIALS.size(); i++) {
      if (tokens.size() <= i || !tokens.get(i).equals(SPECIALS.get(i))) {
        throw new IllegalArgumentException("a phaselab vocabulary starts with " + SPECIALS + "; line " + (i + 1) + " is "
            + (tokens.size() <= i ? "missing" : "'" + tokens.get(i) + "'"));
      }
    }
    return tokens;
  }

  public static WordPiece load(Path vocabTxt) throws IOException {
    if (!Files.isRegularFile(vocabTxt)) {
      throw new IOException("vocabulary " + vocabTxt + " does not exist; make it with: phaselab data corpus --out DIR");
    }
    return new WordPiece(Files.readAllLines(vocabTxt, StandardCharsets.UTF_8));
  }

  public void save(Path vocabTxt) throws IOException {
    phaselab.lab.run.SafeWrite.lines(vocabTxt, tokens);
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
    for (String w : splitter.words(text)) {
      encodeWord(w, out);
    }
    return out;
  }

  /** Appends the pieces of one basic word. */
  public void encodeWord(String word, List<Integer> out) {
    if (specials.contains(word)) {
      out.add(ids.get(word));
      return;
    }
    if (word.codePointCount(0, word.length()) > MAX_WORD) {
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
        end = word.offsetByCodePoints(end, -1); // whole code points, as the Rust implementation
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
    return splitter.words(text);
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
