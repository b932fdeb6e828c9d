package phaselab.lab.task.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.lab.config.ConfigLoader;
import phaselab.lab.config.ExperimentConfig;

/** task.data_dir: training on files in McCoy et al.'s published format. */
class McCoyFilesTest {
  static GrammarTask fromDir(Path dir, String task) {
    ExperimentConfig c = ConfigLoader.parse("{}", "t", List.of("task.name=" + task, "task.data_dir=" + dir, "model.max_seq=48"), "test");
    return new GrammarTask((phaselab.lab.config.GrammarConfig) c.task(), 1);
  }

  @Test
  void questionFilesAsPublished(@TempDir Path dir) throws Exception {
    // lines as in tommccoy1/rnn-hierarchical-biases data/question.*: the output repeats the task
    Files.write(dir.resolve("question.train"), List.of(
        "some vulture does entertain my newts . quest\tdoes some vulture entertain my newts ? quest",
        "her newts don't accept some yaks who do smile . decl\ther newts don't accept some yaks who do smile . decl"));
    Files.write(dir.resolve("question.dev"), List.of(
        "the newt does sleep . decl\tthe newt does sleep . decl",
        "the newt does sleep . quest\tdoes the newt sleep ? quest"));
    Files.write(dir.resolve("question.gen"), List.of(
        "my yak who doesn't smile does giggle . quest\tdoes my yak who doesn't smile giggle ? quest"));
    GrammarTask t = fromDir(dir, "question");
    assertThat(t.trainExamples()).hasSize(2);
    GrammarExample q = t.trainExamples().get(0);
    assertThat(q.output()).containsExactly("does", "some", "vulture", "entertain", "my", "newts", "?");
    assertThat(q.tree().toString()).isEqualTo(
        "(S (NP (D some) (N vulture)) (VP_f (A does) (VP (V entertain) (NP (D my) (N newts)))))");
    assertThat(t.evalExamples().get("id")).hasSize(1); // only the scored quest line
    assertThat(t.evalExamples().get("ood").get(0).tree().toString()).startsWith("(S (NP (NP (D my) (N yak)) (RC");
    assertThat(t.formatLine(t.train().get(0))).isEqualTo("some vulture does entertain my newts . quest\tdoes some vulture entertain my newts ?");
  }

  @Test
  void tenseFilesAndBadInput(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("train"), List.of("the newt slept . PAST\tthe newt slept .", "the newts slept . PRESENT\tthe newts sleep ."));
    Files.write(dir.resolve("test"), List.of("the newt slept . PRESENT\tthe newt sleeps ."));
    Files.write(dir.resolve("gen"), List.of("the newt by the yaks slept . PRESENT\tthe newt by the yaks sleeps ."));
    GrammarTask t = fromDir(dir, "tense");
    assertThat(t.trainExamples().get(1).tree().toString()).isEqualTo("(S (NP (D the) (N newts)) (V slept))");
    Files.write(dir.resolve("gen"), List.of("the newt danced . PRESENT\tthe newt dances ."));
    assertThatThrownBy(() -> fromDir(dir, "tense")).hasMessageContaining("gen line 1").hasMessageContaining("'danced'");
    Files.delete(dir.resolve("gen"));
    assertThatThrownBy(() -> fromDir(dir, "tense")).hasMessageContaining("has no file gen");
    assertThatThrownBy(() -> fromDir(dir.resolve("nope"), "tense")).hasMessageContaining("is not a directory");
  }

  @Test
  void whatPhaselabDataWritesReadsBack(@TempDir Path dir) throws Exception {
    GrammarTask generated = GrammarTaskTest.task("question", 200, 20, 20);
    Files.write(dir.resolve("train.txt"), generated.trainExamples().stream().map(GrammarExample::line).toList());
    Files.write(dir.resolve("val.txt"), generated.evalExamples().get("id").stream().map(GrammarExample::line).toList());
    Files.write(dir.resolve("gen.txt"), generated.evalExamples().get("ood").stream().map(GrammarExample::line).toList());
    GrammarTask read = fromDir(dir, "question");
    assertThat(read.trainExamples()).isEqualTo(generated.trainExamples()); // words, outputs and McCoy trees alike
    assertThat(read.evalExamples()).isEqualTo(generated.evalExamples());
  }
}
