package phaselab.lab.task.grammar;

import java.util.ArrayList;
import java.util.List;
import phaselab.engine.rng.RngStream;

/**
 * The PCFG of docs/research.md C.1. A clause is Subject (Aux) V_intr or Subject (Aux) V_tr Object;
 * noun phrases are {@code Det N}, {@code Det N Prep Det N} or {@code Det N RC}; relative clauses
 * are {@code Rel Aux V_intr}, {@code Rel Det N Aux V_tr} or {@code Rel Aux V_tr Det N}. Every
 * auxiliary (question formation) or verb (tense inflection) agrees with its own subject.
 *
 * <p>Rule probabilities are those of the published grammars (cfgs/question.gr and cfgs/tense.gr
 * in tommccoy1/rnn-hierarchical-biases): main-clause number ½ each; subject and object NP plain /
 * PP / RC 1/3 each (the PP's noun and the object's number ½ each); main verb intransitive or
 * transitive ½ each; the three RC forms 1/3 each (question.gr weights 2 : 1 + 1 : 2, the inner
 * subject's number ½); auxiliary negation ½ (Aux_S = does | doesn't); every word uniform.
 * Gold trees are not built here: {@link McCoyParser} derives them from the words, as the
 * reference does.
 */
public final class Grammar {
  /** With auxiliaries (question formation) or with inflected verbs (tense inflection). */
  public enum Mode { QUESTION, TENSE }

  private final Mode mode;

  public Grammar(Mode mode) {
    this.mode = mode;
  }

  /** A noun phrase: determiner, noun (index into the lexicon), number, and an optional modifier. */
  record Np(String det, int noun, boolean plural, Pp pp, Rc rc) {}

  record Pp(String prep, Np object) {}

  /** kind 0: Rel Aux V_intr; 1: Rel Det N Aux V_tr (inner subject); 2: Rel Aux V_tr Det N. */
  record Rc(String rel, int kind, int verb, boolean negated, Np inner) {}

  /** A sampled declarative, ready to render. */
  public record Clause(Np subject, boolean transitive, int verb, boolean negated, Np object) {}

  public Clause sample(RngStream r) {
    Np subject = np(r, r.nextInt(3));
    boolean transitive = r.nextInt(2) == 1;
    int verb = r.nextInt(9);
    Np object = transitive ? np(r, r.nextInt(3)) : null;
    return new Clause(subject, transitive, verb, r.nextInt(2) == 1, object);
  }

  private static Np plainNp(RngStream r) {
    return new Np(pick(r, Lexicon.DETERMINERS), r.nextInt(13), r.nextInt(2) == 1, null, null);
  }

  /**
   * A clause of the given template's shape: every word uniform within its category, every number
   * and polarity ½, agreement as the grammar applies it (McCoy et al.'s published files).
   */
  public Clause sample(RngStream r, Template t) {
    Np subject = np(r, t.subject().grammarKind(), t.subject().rcKind());
    int verb = r.nextInt(9);
    Np object = t.transitive() ? np(r, t.object().grammarKind(), t.object().rcKind()) : null;
    return new Clause(subject, t.transitive(), verb, r.nextInt(2) == 1, object);
  }

  private static Np np(RngStream r, int kind) {
    return np(r, kind, -1);
  }

  /** A noun phrase of {@code kind}; an RC of form {@code rcKind}, or a uniform form when it is -1. */
  private static Np np(RngStream r, int kind, int fixedRcKind) {
    Np head = plainNp(r);
    return switch (kind) {
      case 1 -> new Np(head.det(), head.noun(), head.plural(), new Pp(pick(r, Lexicon.PREPOSITIONS), plainNp(r)), null);
      case 2 -> {
        int rcKind = fixedRcKind >= 0 ? fixedRcKind : r.nextInt(3);
        yield new Np(head.det(), head.noun(), head.plural(), null,
            new Rc(pick(r, Lexicon.RELATIVISERS), rcKind, r.nextInt(9), r.nextInt(2) == 1, rcKind == 2 || rcKind == 1 ? plainNp(r) : null));
      }
      default -> head;
    };
  }

  private static String pick(RngStream r, List<String> l) {
    return l.get(r.nextInt(l.size()));
  }

  /** The words of a rendering, plus the facts the tasks need. */
  public record Rendered(List<String> words, int mainVerbIndex, List<Integer> auxIndices, int mainAuxIndex) {}

  /**
   * Renders a clause. QUESTION mode: "tense" is ignored, auxiliaries carry agreement and verbs are
   * bare. TENSE mode: verbs are in {@code tense} ("past" or "present", agreeing with their own
   * subjects).
   */
  public Rendered render(Clause c, String tense) {
    Out out = new Out();
    np(c.subject(), out, tense);
    int mainAux = -1;
    if (mode == Mode.QUESTION) {
      mainAux = out.words.size();
      out.aux.add(mainAux);
      out.words.add(Lexicon.aux(c.subject().plural(), c.negated()));
    }
    int mainVerb = out.words.size();
    out.words.add(verbForm(c.verb(), c.transitive(), tense, c.subject().plural()));
    if (c.transitive()) {
      np(c.object(), out, tense);
    }
    return new Rendered(List.copyOf(out.words), mainVerb, List.copyOf(out.aux), mainAux);
  }

  private String verbForm(int v, boolean transitive, String tense, boolean plural) {
    return mode == Mode.QUESTION ? Lexicon.verb(v, transitive, "base", plural) : Lexicon.verb(v, transitive, tense, plural);
  }

  private void np(Np np, Out out, String tense) {
    out.words.add(np.det());
    out.words.add((np.plural() ? Lexicon.NOUNS_PL : Lexicon.NOUNS).get(np.noun()));
    if (np.pp() != null) {
      out.words.add(np.pp().prep());
      np(np.pp().object(), out, tense);
    }
    if (np.rc() != null) {
      rc(np, out, tense);
    }
  }

  private void rc(Np head, Out out, String tense) {
    Rc rc = head.rc();
    out.words.add(rc.rel());
    // the RC's verb agrees with its own subject: the head noun, or the inner subject (kind 1)
    boolean subjPlural = rc.kind() == 1 ? rc.inner().plural() : head.plural();
    if (rc.kind() == 1) {
      np(rc.inner(), out, tense);
    }
    if (mode == Mode.QUESTION) {
      out.aux.add(out.words.size());
      out.words.add(Lexicon.aux(subjPlural, rc.negated()));
    }
    out.words.add(verbForm(rc.verb(), rc.kind() != 0, tense, subjPlural));
    if (rc.kind() == 2) {
      np(rc.inner(), out, tense);
    }
  }

  /** Collects words (and auxiliary positions) in order. */
  private static final class Out {
    final List<String> words = new ArrayList<>();
    final List<Integer> aux = new ArrayList<>();
  }
}
