package phaselab.lab.task.grammar;

import java.util.ArrayList;
import java.util.List;
import phaselab.engine.rng.RngStream;

/**
 * The PCFG of RESEARCH.md C.1. A clause is Subject (Aux) V_intr or Subject (Aux) V_tr Object;
 * noun phrases are {@code Det N}, {@code Det N Prep Det N} or {@code Det N RC}; relative clauses
 * are {@code Rel Aux V_intr}, {@code Rel Det N Aux V_tr} or {@code Rel Aux V_tr Det N}. Every
 * auxiliary (question formation) or verb (tense inflection) agrees with its own subject.
 *
 * <p>Rule probabilities (ours; the papers do not fix them): subject NP plain / PP / RC with 1/3
 * each; main verb intransitive or transitive ½ each; object NP plain ½, PP ¼, RC ¼; the three RC
 * forms, number, negation and every word uniform.
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
    Np object = transitive ? np(r, new int[] {0, 0, 1, 2}[r.nextInt(4)]) : null;
    return new Clause(subject, transitive, verb, r.nextInt(2) == 1, object);
  }

  private static Np plainNp(RngStream r) {
    return new Np(pick(r, Lexicon.DETERMINERS), r.nextInt(13), r.nextInt(2) == 1, null, null);
  }

  private static Np np(RngStream r, int kind) {
    Np head = plainNp(r);
    return switch (kind) {
      case 1 -> new Np(head.det(), head.noun(), head.plural(), new Pp(pick(r, Lexicon.PREPOSITIONS), plainNp(r)), null);
      case 2 -> {
        int rcKind = r.nextInt(3);
        yield new Np(head.det(), head.noun(), head.plural(), null,
            new Rc(pick(r, Lexicon.RELATIVISERS), rcKind, r.nextInt(9), r.nextInt(2) == 1, rcKind == 2 || rcKind == 1 ? plainNp(r) : null));
      }
      default -> head;
    };
  }

  private static String pick(RngStream r, List<String> l) {
    return l.get(r.nextInt(l.size()));
  }

  /** Words and tree of a rendering, plus the facts the tasks need. */
  public record Rendered(List<String> words, Tree tree, int mainVerbIndex, List<Integer> auxIndices, int mainAuxIndex) {}

  /**
   * Renders a clause. QUESTION mode: "tense" is ignored, auxiliaries carry agreement and verbs are
   * bare. TENSE mode: verbs are in {@code tense} ("past" or "present", agreeing with their own
   * subjects).
   */
  public Rendered render(Clause c, String tense) {
    Out out = new Out();
    Tree subj = np(c.subject(), out, tense);
    List<Tree> vp = new ArrayList<>();
    int mainAux = -1;
    if (mode == Mode.QUESTION) {
      mainAux = out.words.size();
      out.aux.add(mainAux);
      vp.add(out.add("AUX", Lexicon.aux(c.subject().plural(), c.negated())));
    }
    int mainVerb = out.words.size();
    vp.add(out.add("V", verbForm(c.verb(), c.transitive(), tense, c.subject().plural())));
    if (c.transitive()) {
      vp.add(np(c.object(), out, tense));
    }
    Tree tree = Tree.node("S", subj, new Tree("VP", null, List.copyOf(vp)));
    return new Rendered(List.copyOf(out.words), tree, mainVerb, List.copyOf(out.aux), mainAux);
  }

  private String verbForm(int v, boolean transitive, String tense, boolean plural) {
    return mode == Mode.QUESTION ? Lexicon.verb(v, transitive, "base", plural) : Lexicon.verb(v, transitive, tense, plural);
  }

  private Tree np(Np np, Out out, String tense) {
    List<Tree> kids = new ArrayList<>();
    kids.add(out.add("D", np.det()));
    kids.add(out.add("N", (np.plural() ? Lexicon.NOUNS_PL : Lexicon.NOUNS).get(np.noun())));
    if (np.pp() != null) {
      Tree p = out.add("P", np.pp().prep());
      kids.add(Tree.node("PP", p, np(np.pp().object(), out, tense)));
    }
    if (np.rc() != null) {
      kids.add(rc(np, out, tense));
    }
    return new Tree("NP", null, List.copyOf(kids));
  }

  private Tree rc(Np head, Out out, String tense) {
    Rc rc = head.rc();
    Tree rel = out.add("REL", rc.rel());
    // the RC's verb agrees with its own subject: the head noun, or the inner subject (kind 1)
    boolean subjPlural = rc.kind() == 1 ? rc.inner().plural() : head.plural();
    boolean transitive = rc.kind() != 0;
    if (rc.kind() == 1) {
      Tree inner = np(rc.inner(), out, tense);
      Tree vp = verbPhrase(rc, subjPlural, transitive, out, tense, null);
      return Tree.node("RC", rel, Tree.node("S", inner, vp));
    }
    Tree vp = verbPhrase(rc, subjPlural, transitive, out, tense, rc.kind() == 2 ? rc.inner() : null);
    return Tree.node("RC", rel, vp);
  }

  private Tree verbPhrase(Rc rc, boolean plural, boolean transitive, Out out, String tense, Np object) {
    List<Tree> kids = new ArrayList<>();
    if (mode == Mode.QUESTION) {
      out.aux.add(out.words.size());
      kids.add(out.add("AUX", Lexicon.aux(plural, rc.negated())));
    }
    kids.add(out.add("V", verbForm(rc.verb(), transitive, tense, plural)));
    if (object != null) {
      kids.add(np(object, out, tense));
    }
    return new Tree("VP", null, List.copyOf(kids));
  }

  /** Collects words (and auxiliary positions) while the tree is built. */
  private static final class Out {
    final List<String> words = new ArrayList<>();
    final List<Integer> aux = new ArrayList<>();

    Tree add(String pos, String word) {
      words.add(word);
      return Tree.leaf(pos, word);
    }
  }
}
