package phaselab.lab.task.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hugging Face tokenizers' {@code BertNormalizer} followed by {@code BertPreTokenizer}, code point
 * by code point as the Rust library does (huggingface/tokenizers, normalizers/bert.rs and
 * pre_tokenizers/bert.rs), so an imported vocabulary sees the words it was trained on:
 * <ol>
 *   <li>added special tokens ([CLS], [E1], …) are split out of the raw text first and kept whole;
 *   <li>clean_text: NUL, U+FFFD and "other" characters (Cc, Cf, Co, Cn, but not \t \n \r) removed,
 *       Unicode White_Space mapped to a space;
 *   <li>handle_chinese_chars: CJK ideographs surrounded by spaces;
 *   <li>strip_accents (default: as lowercase): NFD, then non-spacing marks (Mn) removed;
 *   <li>lowercase: each code point's full lower case (so İ → i̇, Σ → σ without context);
 *   <li>split on White_Space; every punctuation character (ASCII punctuation, Unicode P*) a word.
 * </ol>
 */
public final class HfBertSplitter implements WordSplitter {
  private final boolean cleanText;
  private final boolean chineseChars;
  private final boolean stripAccents;
  private final boolean lowercase;
  private final List<String> specials;

  public HfBertSplitter(boolean cleanText, boolean chineseChars, boolean stripAccents, boolean lowercase, Set<String> specials) {
    this.cleanText = cleanText;
    this.chineseChars = chineseChars;
    this.stripAccents = stripAccents;
    this.lowercase = lowercase;
    // longest first, so "[E1/]" wins over a "[E1" that a user might add
    this.specials = specials.stream().sorted((a, b) -> b.length() - a.length()).toList();
  }

  @Override
  public List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int from = 0;
    int i = 0;
    while (i < text.length()) {
      String special = specialAt(text, i);
      if (special != null) {
        splitNormalized(normalize(text.substring(from, i)), out);
        out.add(special);
        i += special.length();
        from = i;
      } else {
        i++;
      }
    }
    splitNormalized(normalize(text.substring(from)), out);
    return out;
  }

  private String specialAt(String text, int i) {
    for (String s : specials) {
      if (text.startsWith(s, i)) {
        return s;
      }
    }
    return null;
  }

  String normalize(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    s.codePoints().forEach(c -> {
      if (cleanText) {
        if (c == 0 || c == 0xFFFD || isOther(c)) {
          return;
        }
        if (isWhitespace(c)) {
          c = ' ';
        }
      }
      if (chineseChars && isChinese(c)) {
        b.append(' ').appendCodePoint(c).append(' ');
      } else {
        b.appendCodePoint(c);
      }
    });
    String r = b.toString();
    if (stripAccents) {
      StringBuilder d = new StringBuilder(r.length());
      Normalizer.normalize(r, Normalizer.Form.NFD).codePoints()
          .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).forEach(d::appendCodePoint);
      r = d.toString();
    }
    if (lowercase) {
      StringBuilder l = new StringBuilder(r.length());
      r.codePoints().forEach(c -> l.append(new String(Character.toChars(c)).toLowerCase(Locale.ROOT)));
      r = l.toString();
    }
    return r;
  }

  private static void splitNormalized(String s, List<String> out) {
    StringBuilder cur = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (isWhitespace(c) || BasicTokenizer.isPunctuation(c)) {
        if (!cur.isEmpty()) {
          out.add(cur.toString());
          cur.setLength(0);
        }
        if (!isWhitespace(c)) {
          out.add(new String(Character.toChars(c)));
        }
      } else {
        cur.appendCodePoint(c);
      }
    });
    if (!cur.isEmpty()) {
      out.add(cur.toString());
    }
  }

  /** Unicode's White_Space property (Rust's char::is_whitespace). */
  static boolean isWhitespace(int c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
  }

  /** General category C* except \t \n \r (which clean_text treats as whitespace). */
  private static boolean isOther(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    int t = Character.getType(c);
    return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE || t == Character.UNASSIGNED
        || t == Character.SURROGATE;
  }

  private static boolean isChinese(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
  }
}
