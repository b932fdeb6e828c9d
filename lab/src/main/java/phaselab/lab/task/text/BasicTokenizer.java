package phaselab.lab.task.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * BERT's basic (pre-WordPiece) tokenizer, uncased: drops control characters, lower-cases, strips
 * accents (NFD, then removes combining marks), splits on whitespace and makes every punctuation
 * character a word of its own. Special tokens such as [MASK] or [E1] pass through whole.
 */
public final class BasicTokenizer implements WordSplitter {
  private final Set<String> specials;

  public BasicTokenizer(Set<String> specials) {
    this.specials = specials;
  }

  @Override
  public List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String raw : text.split("\\s+")) {
      if (raw.isEmpty()) {
        continue;
      }
      if (specials.contains(raw)) {
        out.add(raw);
        continue;
      }
      out.addAll(splitPunctuation(normalize(raw)));
    }
    return out;
  }

  /** Lower case, accents stripped, control characters removed. */
  static String normalize(String s) {
    String d = Normalizer.normalize(s.toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK || type == Character.CONTROL || type == Character.FORMAT || c == '\uFFFD') {
        continue;
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Splits a whitespace-free string so each punctuation character stands alone. */
  static List<String> splitPunctuation(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isPunctuation(c)) {
        if (!cur.isEmpty()) {
          out.add(cur.toString());
          cur.setLength(0);
        }
        out.add(String.valueOf(c));
      } else {
        cur.append(c);
      }
    }
    if (!cur.isEmpty()) {
      out.add(cur.toString());
    }
    return out;
  }

  /** ASCII non-alphanumerics (as BERT does, so "$" and "^" count) and Unicode punctuation. */
  static boolean isPunctuation(int c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
      return true;
    }
    int t = Character.getType(c);
    return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
        || t == Character.OTHER_PUNCTUATION;
  }
}
