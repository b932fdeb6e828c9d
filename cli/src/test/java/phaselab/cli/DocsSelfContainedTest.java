package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A user who clones the project has only the repository: the README, CONTRIBUTING.md,
 * BENCHMARKS.md and docs/ name no file outside it (no {@code ../} path), and every relative
 * Markdown link points at a file that exists.
 */
class DocsSelfContainedTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)");
  private static final Pattern OUTSIDE = Pattern.compile("(?<![\\w.])\\.\\./[\\w.-]+");

  @Test
  void docsNameOnlyFilesInTheRepository() throws IOException {
    List<String> problems = new ArrayList<>();
    List<Path> pages = pages();
    assertThat(pages).as("README.md and docs/ under %s", ROOT).hasSizeGreaterThan(5);
    for (Path page : pages) {
      List<String> lines = Files.readAllLines(page);
      for (int i = 0; i < lines.size(); i++) {
        String where = ROOT.relativize(page) + ":" + (i + 1);
        Matcher out = OUTSIDE.matcher(lines.get(i));
        while (out.find()) {
          problems.add(where + " names " + out.group() + ", outside the repository");
        }
        Matcher link = LINK.matcher(lines.get(i));
        while (link.find()) {
          String target = link.group(1);
          if (target.contains("://") || target.startsWith("mailto:")) {
            continue;
          }
          if (!Files.exists(page.getParent().resolve(target).normalize())) {
            problems.add(where + " links to " + target + ", which does not exist");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static List<Path> pages() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String top : List.of("README.md", "CONTRIBUTING.md", "BENCHMARKS.md")) {
      out.add(ROOT.resolve(top));
    }
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }
}
