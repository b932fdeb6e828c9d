package phaselab.lab.task.text;

import java.util.List;

/** The basic words of a text as every phaselab vocabulary sees them (special tokens kept whole). */
public final class BasicTokenizerAccess {
  private static final BasicTokenizer BASIC = new BasicTokenizer(WordPiece.specialSet());

  private BasicTokenizerAccess() {}

  public static List<String> words(String text) {
    return BASIC.words(text);
  }
}
