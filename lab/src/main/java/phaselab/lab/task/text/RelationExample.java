package phaselab.lab.task.text;

/**
 * One relation-classification instance: the sentence as words, the head and tail entity spans
 * (word indices, end exclusive) and the label index.
 */
public record RelationExample(String[] words, int headStart, int headEnd, int tailStart, int tailEnd, int label) {
  public static final String E1 = "[E1]";
  public static final String E1_END = "[/E1]";
  public static final String E2 = "[E2]";
  public static final String E2_END = "[/E2]";
  /** The four entity markers, in vocabulary order. */
  public static final java.util.List<String> MARKERS = java.util.List.of(E1, E1_END, E2, E2_END);

  public RelationExample {
    if (headStart < 0 || headEnd <= headStart || tailStart < 0 || tailEnd <= tailStart || headEnd > words.length || tailEnd > words.length) {
      throw new IllegalArgumentException("entity spans [" + headStart + ", " + headEnd + ") and [" + tailStart + ", " + tailEnd
          + ") do not fit a sentence of " + words.length + " words");
    }
  }

  /** The words with entity markers around head ([E1] … [/E1]) and tail ([E2] … [/E2]). */
  public String[] marked() {
    String[] out = new String[words.length + 4];
    int o = 0;
    for (int i = 0; i < words.length; i++) {
      if (i == headStart) {
        out[o++] = E1;
      }
      if (i == tailStart) {
        out[o++] = E2;
      }
      out[o++] = words[i];
      if (i == headEnd - 1) {
        out[o++] = E1_END;
      }
      if (i == tailEnd - 1) {
        out[o++] = E2_END;
      }
    }
    return out;
  }

  /** The plain sentence (for the pre-training corpus). */
  public String sentence() {
    return String.join(" ", words);
  }
}
