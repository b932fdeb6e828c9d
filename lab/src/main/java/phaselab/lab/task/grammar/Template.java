package phaselab.lab.task.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * A sentence template of McCoy et al.'s published files: the category sequence of a declarative
 * ({@code D N P D N Aux Vt D N}), parsed into the shape of a {@link Grammar} clause so that words
 * can be filled in and agreement applied as the grammar does.
 *
 * <p>Categories: {@code D} determiner, {@code N} noun, {@code Aux} auxiliary (question formation
 * only), {@code Vi}/{@code Vt} intransitive/transitive verb ({@code Vi_past}/{@code Vt_past} in
 * tense inputs), {@code P} preposition, {@code R} relativiser.
 *
 * @param categories the template as written in the CSV
 * @param subject shape of the subject noun phrase
 * @param transitive whether the main verb takes an object
 * @param object shape of the object noun phrase (null when intransitive)
 */
public record Template(String categories, NpShape subject, boolean transitive, NpShape object) {
  /** Plain {@code D N}, with a prepositional phrase {@code D N P D N}, or with a relative clause. */
  public enum NpKind { PLAIN, PP, RC }

  /**
   * A noun phrase's shape; {@code rcKind} is the grammar's relative-clause form (0: R Aux Vi, 1: R D
   * N Aux Vt, 2: R Aux Vt D N), -1 without one.
   */
  public record NpShape(NpKind kind, int rcKind) {
    /** The index the grammar's noun-phrase sampler uses for this kind (0 plain, 1 PP, 2 RC). */
    int grammarKind() {
      return kind.ordinal();
    }
  }

  /** Parses a category sequence; fails, naming the template, when it is not a clause of the grammar. */
  public static Template parse(String categories, Grammar.Mode mode) {
    Parser p = new Parser(categories, mode);
    NpShape subject = p.np();
    p.aux();
    boolean transitive = p.verb();
    NpShape object = transitive ? p.np() : null;
    if (!p.done()) {
      throw p.fail("unexpected '" + p.peek() + "' after the main clause");
    }
    return new Template(categories, subject, transitive, object);
  }

  /** Number of distinct declaratives the template admits (words uniform, number and polarity free). */
  public long sentences(Grammar.Mode mode) {
    long n = np(subject, mode) * (mode == Grammar.Mode.QUESTION ? 2 : 1) * Lexicon.V_INTR.size();
    return transitive ? n * np(object, mode) : n;
  }

  private static long np(NpShape s, Grammar.Mode mode) {
    long plain = (long) Lexicon.DETERMINERS.size() * Lexicon.NOUNS.size() * 2;
    return switch (s.kind()) {
      case PLAIN -> plain;
      case PP -> plain * Lexicon.PREPOSITIONS.size() * plain;
      case RC -> plain * Lexicon.RELATIVISERS.size() * (mode == Grammar.Mode.QUESTION ? 2 : 1) * Lexicon.V_INTR.size()
          * (s.rcKind() == 0 ? 1 : plain);
    };
  }

  /** The category sequence of a rendered input (past-tense verbs in tense mode), as the CSV writes it. */
  public static String categoriesOf(List<String> words, Grammar.Mode mode) {
    List<String> out = new ArrayList<>();
    String suffix = mode == Grammar.Mode.TENSE ? "_past" : "";
    for (String w : words) {
      String c;
      if (Lexicon.DETERMINERS.contains(w)) {
        c = "D";
      } else if (Lexicon.NOUNS.contains(w) || Lexicon.NOUNS_PL.contains(w)) {
        c = "N";
      } else if (Lexicon.AUXILIARIES.contains(w)) {
        c = "Aux";
      } else if (Lexicon.PREPOSITIONS.contains(w)) {
        c = "P";
      } else if (Lexicon.RELATIVISERS.contains(w)) {
        c = "R";
      } else if (Lexicon.V_TR.contains(w) || Lexicon.V_TR_SG.contains(w) || Lexicon.V_TR_PAST.contains(w)) {
        c = "Vt" + suffix;
      } else if (Lexicon.V_INTR.contains(w) || Lexicon.V_INTR_SG.contains(w) || Lexicon.V_INTR_PAST.contains(w)) {
        c = "Vi" + suffix;
      } else {
        throw new IllegalArgumentException("word '" + w + "' is in no category of the lexicon");
      }
      out.add(c);
    }
    return String.join(" ", out);
  }

  /** Recursive descent over the categories, following the grammar's rules. */
  private static final class Parser {
    private final String text;
    private final Grammar.Mode mode;
    private final String[] tokens;
    private int at;

    Parser(String text, Grammar.Mode mode) {
      this.text = text;
      this.mode = mode;
      this.tokens = text.trim().split("\\s+");
    }

    String peek() {
      return at < tokens.length ? normal(tokens[at]) : "<end>";
    }

    private String normal(String t) {
      if (mode == Grammar.Mode.TENSE && t.endsWith("_past")) {
        return t.substring(0, t.length() - "_past".length());
      }
      return t;
    }

    boolean done() {
      return at == tokens.length;
    }

    IllegalArgumentException fail(String problem) {
      return new IllegalArgumentException("template '" + text + "' is not a " + mode.name().toLowerCase(java.util.Locale.ROOT)
          + " clause of the grammar: " + problem + " (token " + (at + 1) + ")");
    }

    void expect(String category) {
      if (!peek().equals(category)) {
        throw fail("expected " + category + ", got '" + peek() + "'");
      }
      at++;
    }

    void plain() {
      expect("D");
      expect("N");
    }

    NpShape np() {
      plain();
      if (peek().equals("P")) {
        at++;
        plain();
        return new NpShape(NpKind.PP, -1);
      }
      if (peek().equals("R")) {
        at++;
        if (peek().equals("D")) {
          plain();
          aux();
          expect("Vt");
          return new NpShape(NpKind.RC, 1);
        }
        aux();
        if (verb()) {
          plain();
          return new NpShape(NpKind.RC, 2);
        }
        return new NpShape(NpKind.RC, 0);
      }
      return new NpShape(NpKind.PLAIN, -1);
    }

    /** The auxiliary question inputs carry before every verb; nothing in tense inputs. */
    void aux() {
      if (mode == Grammar.Mode.QUESTION) {
        expect("Aux");
      }
    }

    /** A verb; true when transitive. */
    boolean verb() {
      String v = peek();
      if (!v.equals("Vi") && !v.equals("Vt")) {
        throw fail("expected a verb, got '" + v + "'");
      }
      at++;
      return v.equals("Vt");
    }
  }
}
