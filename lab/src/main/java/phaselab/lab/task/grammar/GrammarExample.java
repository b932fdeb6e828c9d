package phaselab.lab.task.grammar;

import java.util.List;

/**
 * One line of the established text format {@code INPUT . TASK<TAB>OUTPUT} (McCoy et al. 2020),
 * e.g. {@code the newt does sleep . quest<TAB>does the newt sleep ?}, with the gold tree of the
 * input (null when read from a file without trees).
 */
public record GrammarExample(List<String> input, String task, List<String> output, Tree tree) {

  public String line() {
    return String.join(" ", input) + " . " + task + "\t" + String.join(" ", output);
  }

  /** Parses a line of the text format. */
  public static GrammarExample parse(String line) {
    int tab = line.indexOf('\t');
    if (tab < 0) {
      throw new IllegalArgumentException("expected INPUT . TASK<TAB>OUTPUT, found no tab in: " + line);
    }
    List<String> left = List.of(line.substring(0, tab).trim().split("\\s+"));
    if (left.size() < 3 || !left.get(left.size() - 2).equals(".")) {
      throw new IllegalArgumentException("expected the input to end with ' . TASK' in: " + line);
    }
    List<String> out = List.of(line.substring(tab + 1).trim().split("\\s+"));
    return new GrammarExample(left.subList(0, left.size() - 2), left.get(left.size() - 1), out, null);
  }
}
