package phaselab.lab.task.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * Gold trees as McCoy et al. (2020) parse their sentences, the trees Murty et al. (2023) score
 * tparseval against: the sentence (with its final ".") becomes a sequence of part-of-speech
 * categories (D N A V P R T: determiner, noun, auxiliary, verb, preposition, relativiser, "."),
 * and passes over it rewrite neighbouring pairs left to right until one category is left. At
 * each position the first rule of the table whose left (and right, and for one tense rule the
 * next-but-one) category matches fires: a <em>merge</em> joins the pair into a binary node, a
 * <em>relabel</em> renames the left category alone (it waits for its partner to be built). The
 * result is binary: {@code ((D N) (P (D N)))}, {@code ((D N) (R (A V)))}, {@code (A (V (D N)))}.
 * The returned tree is the clause below the root, without the final ".".
 *
 * <p>The two rule tables follow the parser shipped with Murty et al.'s code (parse_q_and_tense.py,
 * itself McCoy et al.'s parsing.py with three question rules added); rules for categories our
 * grammars never produce are kept so that the tables read one-for-one against it.
 */
public final class McCoyParser {
  private McCoyParser() {}

  /** left (right) [next] → result; merge joins left and right, otherwise left is renamed. */
  private record Rule(String left, String right, String next, String result, boolean merge) {}

  private static Rule merge(String l, String r, String out) {
    return new Rule(l, r, null, out, true);
  }

  private static Rule relabel(String l, String r, String out) {
    return new Rule(l, r, null, out, false);
  }

  private static final List<Rule> QUESTION = List.of(
      merge("D", "N", "NP"), merge("P", "NP", "PP"), merge("P", "NP_f", "PP"), merge("NP", "PP", "NP"),
      merge("NP", "RC", "NP"), merge("V", "NP_f", "VP"), relabel("V", "T", "VP"), relabel("V", "A", "VP"),
      relabel("V", "VP", "VP"), relabel("VP", "VP_f", "VP_f"), relabel("NP", "T", "NP_f"), merge("NP", "VP_f", "S"),
      merge("S", "T", "ROOT"), merge("A", "S_bar", "A_S_bar"), merge("A", "S", "A_S_bar"), merge("K", "ROOT", "ROOT"),
      merge("A", "VP", "VP_f"), merge("C", "VP", "VP"), merge("R", "VP_f", "RC"), merge("R", "S", "RC"),
      merge("R", "S_bar", "RC"), relabel("NP", "A", "NP_f"), merge("NP_f", "VP_f", "S"), merge("V", "NP_bar", "VP"),
      merge("NP_bar", "VP", "S_bar"), relabel("NP", "VP", "NP_bar"), merge("A_S_bar", "T", "ROOT"),
      merge("ROOT", "G", "ROOT"));

  private static final List<Rule> TENSE = List.of(
      merge("D", "N", "NP"), merge("P", "NP", "PP"), merge("P", "NP_f", "PP"), merge("NP", "PP", "NP"),
      merge("NP", "RC", "NP"), merge("V", "NP_f", "VP_f"), new Rule("V", "NP", "VP_f", "VP_f", true),
      relabel("V", "T", "VP_f"), relabel("V", "VP_f", "VP_f"), relabel("NP", "T", "NP_f"), merge("NP", "VP_f", "S"),
      merge("S", "T", "ROOT"), merge("K", "ROOT", "ROOT"), merge("R", "VP_f", "RC"), merge("R", "S", "RC"),
      relabel("NP", "A", "NP_f"), merge("NP_f", "VP_f", "S"), merge("V", "NP_bar", "VP_f"),
      merge("NP_bar", "VP_f", "S_bar"), relabel("NP", "VP_f", "NP_bar"), merge("A_S_bar", "T", "ROOT"),
      merge("ROOT", "G", "ROOT"));

  /** A category over a built subtree. */
  private record Item(String category, Tree tree) {}

  /** The gold tree of a declarative (words without the final "."). */
  public static Tree parse(List<String> words, Grammar.Mode mode) {
    List<Item> items = new ArrayList<>();
    for (String w : words) {
      String pos = category(w);
      items.add(new Item(pos, Tree.leaf(pos, w)));
    }
    items.add(new Item("T", Tree.leaf("T", ".")));
    List<Rule> rules = mode == Grammar.Mode.QUESTION ? QUESTION : TENSE;
    while (items.size() > 1) {
      List<Item> next = new ArrayList<>();
      boolean changed = false;
      for (int i = 0; i < items.size(); i++) {
        Item cur = items.get(i);
        Rule r = match(rules, items, i);
        if (r == null) {
          next.add(cur);
        } else if (r.merge()) {
          next.add(new Item(r.result(), Tree.node(r.result(), cur.tree(), items.get(i + 1).tree())));
          i++;
          changed = true;
        } else {
          next.add(new Item(r.result(), cur.tree()));
          changed |= !r.result().equals(cur.category());
        }
      }
      if (!changed) {
        throw new IllegalArgumentException("McCoy's " + mode.name().toLowerCase() + " parser cannot reduce '"
            + String.join(" ", words) + " .' past " + items.stream().map(Item::category).toList()
            + "; is it a sentence of the " + mode.name().toLowerCase() + " grammar?");
      }
      items = next;
    }
    Tree root = items.get(0).tree(); // ROOT = (S T)
    return root.children().get(0);
  }

  private static Rule match(List<Rule> rules, List<Item> items, int i) {
    String left = items.get(i).category();
    String right = i + 1 < items.size() ? items.get(i + 1).category() : null;
    String next = i + 2 < items.size() ? items.get(i + 2).category() : null;
    for (Rule r : rules) {
      if (r.left().equals(left) && r.right().equals(right) && (r.next() == null || r.next().equals(next))) {
        return r;
      }
    }
    return null;
  }

  /** McCoy's part-of-speech category of a lexicon word. */
  static String category(String w) {
    return switch (Lexicon.pos(w)) {
      case "D" -> "D";
      case "N" -> "N";
      case "AUX" -> "A";
      case "V" -> "V";
      case "P" -> "P";
      case "REL" -> "R";
      default -> throw new IllegalArgumentException("word '" + w + "' is not in the McCoy et al. lexicon, so its part of"
          + " speech (and the gold tree) is unknown");
    };
  }
}
