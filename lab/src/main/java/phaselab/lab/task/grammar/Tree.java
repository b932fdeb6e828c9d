package phaselab.lab.task.grammar;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A constituency tree, written bracketed: {@code (S (NP (D the) (N newt)) (VP (AUX does) (V sleep)))}.
 * A leaf is a preterminal {@code (POS word)}.
 */
public record Tree(String label, String word, List<Tree> children) {

  public static Tree leaf(String pos, String word) {
    return new Tree(pos, word, List.of());
  }

  public static Tree node(String label, Tree... children) {
    return new Tree(label, null, List.of(children));
  }

  public boolean isLeaf() {
    return word != null;
  }

  /** The words in order. */
  public List<String> words() {
    List<String> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(Tree t, List<String> out) {
    if (t.isLeaf()) {
      out.add(t.word);
    } else {
      t.children.forEach(c -> collect(c, out));
    }
  }

  /** Spans [start, end] (inclusive word indices) of every constituent covering at least two words. */
  public Set<List<Integer>> spans() {
    Set<List<Integer>> out = new LinkedHashSet<>();
    spans(this, 0, out);
    return out;
  }

  private static int spans(Tree t, int start, Set<List<Integer>> out) {
    if (t.isLeaf()) {
      return start + 1;
    }
    int end = start;
    for (Tree c : t.children) {
      end = spans(c, end, out);
    }
    if (end - start >= 2) {
      out.add(List.of(start, end - 1));
    }
    return end;
  }

  @Override
  public String toString() {
    if (isLeaf()) {
      return "(" + label + " " + word + ")";
    }
    StringBuilder b = new StringBuilder("(").append(label);
    for (Tree c : children) {
      b.append(' ').append(c);
    }
    return b.append(')').toString();
  }

  /** Parses the bracketed form written by {@link #toString()}. */
  public static Tree parse(String s) {
    int[] pos = {0};
    Tree t = parse(s.trim(), pos);
    if (pos[0] != s.trim().length()) {
      throw new IllegalArgumentException("unexpected text after the tree at offset " + pos[0] + ": " + s);
    }
    return t;
  }

  private static Tree parse(String s, int[] pos) {
    skip(s, pos);
    if (pos[0] >= s.length() || s.charAt(pos[0]) != '(') {
      throw new IllegalArgumentException("expected '(' at offset " + pos[0] + " in tree: " + s);
    }
    pos[0]++;
    String label = token(s, pos);
    skip(s, pos);
    if (pos[0] < s.length() && s.charAt(pos[0]) != '(') {
      String word = token(s, pos);
      skip(s, pos);
      expect(s, pos);
      return leaf(label, word);
    }
    List<Tree> kids = new ArrayList<>();
    while (pos[0] < s.length() && s.charAt(pos[0]) == '(') {
      kids.add(parse(s, pos));
      skip(s, pos);
    }
    expect(s, pos);
    return new Tree(label, null, List.copyOf(kids));
  }

  private static void expect(String s, int[] pos) {
    if (pos[0] >= s.length() || s.charAt(pos[0]) != ')') {
      throw new IllegalArgumentException("expected ')' at offset " + pos[0] + " in tree: " + s);
    }
    pos[0]++;
  }

  private static void skip(String s, int[] pos) {
    while (pos[0] < s.length() && s.charAt(pos[0]) == ' ') {
      pos[0]++;
    }
  }

  private static String token(String s, int[] pos) {
    int start = pos[0];
    while (pos[0] < s.length() && " ()".indexOf(s.charAt(pos[0])) < 0) {
      pos[0]++;
    }
    if (start == pos[0]) {
      throw new IllegalArgumentException("expected a label or word at offset " + start + " in tree: " + s);
    }
    return s.substring(start, pos[0]);
  }
}
