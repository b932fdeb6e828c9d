package phaselab.lab.task.grammar;

import java.util.List;

/**
 * The fixed lexicon of docs/research.md C.1 (after McCoy et al. 2020): 6 determiners, 13 nouns in
 * singular and plural, 9 intransitive and 9 transitive verbs (base, third-person singular present
 * and past forms), the auxiliaries do/does/don't/doesn't, 8 prepositions and the relativisers
 * who/that.
 */
public final class Lexicon {
  private Lexicon() {}

  public static final List<String> DETERMINERS = List.of("the", "some", "my", "your", "our", "her");
  public static final List<String> NOUNS = List.of("newt", "orangutan", "peacock", "quail", "raven", "salamander",
      "tyrannosaurus", "unicorn", "vulture", "walrus", "xylophone", "yak", "zebra");
  public static final List<String> NOUNS_PL = List.of("newts", "orangutans", "peacocks", "quails", "ravens", "salamanders",
      "tyrannosauruses", "unicorns", "vultures", "walruses", "xylophones", "yaks", "zebras");
  /** Intransitive verbs: base (= present plural), present singular, past. */
  public static final List<String> V_INTR = List.of("giggle", "smile", "sleep", "swim", "wait", "move", "change", "read", "eat");
  public static final List<String> V_INTR_SG = List.of("giggles", "smiles", "sleeps", "swims", "waits", "moves", "changes", "reads", "eats");
  public static final List<String> V_INTR_PAST = List.of("giggled", "smiled", "slept", "swam", "waited", "moved", "changed", "read", "ate");
  /** Transitive verbs: base (= present plural), present singular, past. */
  public static final List<String> V_TR = List.of("entertain", "amuse", "high_five", "applaud", "confuse", "admire", "accept",
      "remember", "comfort");
  public static final List<String> V_TR_SG = List.of("entertains", "amuses", "high_fives", "applauds", "confuses", "admires",
      "accepts", "remembers", "comforts");
  public static final List<String> V_TR_PAST = List.of("entertained", "amused", "high_fived", "applauded", "confused", "admired",
      "accepted", "remembered", "comforted");
  public static final List<String> AUXILIARIES = List.of("do", "does", "don't", "doesn't");
  public static final List<String> PREPOSITIONS = List.of("around", "near", "with", "upon", "by", "behind", "above", "below");
  public static final List<String> RELATIVISERS = List.of("who", "that");

  /** The auxiliary agreeing with a subject of the given number. */
  public static String aux(boolean plural, boolean negated) {
    return plural ? (negated ? "don't" : "do") : (negated ? "doesn't" : "does");
  }

  /** A verb form: tense "past" or "present", agreeing with a subject of the given number. */
  public static String verb(int v, boolean transitive, String tense, boolean plural) {
    if (tense.equals("past")) {
      return (transitive ? V_TR_PAST : V_INTR_PAST).get(v);
    }
    if (tense.equals("base") || plural) {
      return (transitive ? V_TR : V_INTR).get(v);
    }
    return (transitive ? V_TR_SG : V_INTR_SG).get(v);
  }

  /** Every word (for vocabularies), deduplicated in a fixed order. */
  public static List<String> allWords() {
    java.util.LinkedHashSet<String> w = new java.util.LinkedHashSet<>();
    for (List<String> l : List.of(DETERMINERS, NOUNS, NOUNS_PL, V_INTR, V_INTR_SG, V_INTR_PAST, V_TR, V_TR_SG, V_TR_PAST,
        AUXILIARIES, PREPOSITIONS, RELATIVISERS)) {
      w.addAll(l);
    }
    return List.copyOf(w);
  }

  /** Part of speech of a word as the tense metric compares it: D, N, V, AUX, P, REL, or "?" if unknown. */
  public static String pos(String w) {
    if (DETERMINERS.contains(w)) {
      return "D";
    }
    if (NOUNS.contains(w) || NOUNS_PL.contains(w)) {
      return "N";
    }
    if (AUXILIARIES.contains(w)) {
      return "AUX";
    }
    if (PREPOSITIONS.contains(w)) {
      return "P";
    }
    if (RELATIVISERS.contains(w)) {
      return "REL";
    }
    if (V_INTR.contains(w) || V_INTR_SG.contains(w) || V_INTR_PAST.contains(w) || V_TR.contains(w) || V_TR_SG.contains(w)
        || V_TR_PAST.contains(w)) {
      return "V";
    }
    return "?";
  }
}
