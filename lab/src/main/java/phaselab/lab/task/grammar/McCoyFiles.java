package phaselab.lab.task.grammar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import phaselab.lab.config.GrammarConfig;

/**
 * Question-formation and tense-inflection data in the format McCoy et al. (2020) publish and
 * Murty et al. (2023) train on ({@code task.data_dir}): one line {@code INPUT . TASK<TAB>OUTPUT}
 * (the published question files repeat the task after the output, "? quest"; that copy is
 * dropped). The directory holds {@code train}, one of {@code val}, {@code dev} or {@code test}
 * (the in-distribution set) and {@code gen}, each optionally prefixed by the task name as in the
 * published files ({@code question.train}, {@code tense.gen}) or suffixed {@code .txt} as
 * {@code phaselab data} writes them. Gold trees are McCoy's parses of
 * the inputs ({@link McCoyParser}): the lexicon fixes each word's part of speech.
 *
 * <p>Training takes the first {@code train_size} lines; "id" the first {@code val_size} and "ood"
 * the first {@code ood_size} transformation lines (quest / PRESENT) of their files.
 */
public final class McCoyFiles {
  private McCoyFiles() {}

  static void read(Path dir, GrammarTask task, GrammarConfig config, List<GrammarExample> train,
      Map<String, List<GrammarExample>> eval) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("task.data_dir '" + dir + "' is not a directory; give the folder holding the"
          + " McCoy-format files train, val (or dev, test) and gen");
    }
    train.addAll(lines(find(dir, task.name(), "train"), task, config.trainSize(), false));
    eval.put("id", lines(find(dir, task.name(), "val", "dev", "test"), task, config.valSize(), true));
    eval.put("ood", lines(find(dir, task.name(), "gen"), task, config.oodSize(), true));
  }

  private static Path find(Path dir, String taskName, String... names) {
    for (String n : names) {
      for (Path p : List.of(dir.resolve(n), dir.resolve(taskName + "." + n), dir.resolve(n + ".txt"))) {
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException("task.data_dir '" + dir + "' has no file " + String.join(" or ", names)
        + " (nor " + taskName + "." + names[0] + "); it needs train, val (or dev, test) and gen");
  }

  private static List<GrammarExample> lines(Path file, GrammarTask task, int limit, boolean transformsOnly) {
    List<String> raw;
    try {
      raw = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new IllegalArgumentException(file + " is not UTF-8 text", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String transform = task.isQuestion() ? "quest" : "PRESENT";
    Grammar.Mode mode = task.isQuestion() ? Grammar.Mode.QUESTION : Grammar.Mode.TENSE;
    List<GrammarExample> out = new ArrayList<>();
    for (int i = 0; i < raw.size() && out.size() < limit; i++) {
      if (raw.get(i).isBlank()) {
        continue;
      }
      try {
        GrammarExample e = GrammarExample.parse(raw.get(i));
        task.checkTask(e.task());
        if (transformsOnly && !e.task().equals(transform)) {
          continue;
        }
        List<String> output = e.output();
        if (output.size() > 1 && output.get(output.size() - 1).equals(e.task())) {
          output = output.subList(0, output.size() - 1);
        }
        GrammarExample parsed = new GrammarExample(e.input(), e.task(), output, McCoyParser.parse(e.input(), mode));
        task.encode(parsed); // a word outside the task's vocabulary is named here, with its file and line
        out.add(parsed);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no " + (transformsOnly ? transform + " " : "") + "lines");
    }
    return out;
  }
}
