package phaselab.lab.task.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds the real corpus (≈ 6 s) and checks its manifest and the held-out rule. */
@Tag("external")
class CorpusBuilderTest {
  @Test
  void buildsTheCorpusFromEverySourceWithoutHeldOutSentences(@TempDir Path tmp) throws Exception {
    Path cache = TestData.cacheWith(DataFile.ALL.toArray(DataFile[]::new));
    TestData.require(Files.isRegularFile(CorpusBuilder.FOLDOC) && Files.isDirectory(CorpusBuilder.WORDNET),
        "Debian wordnet-base and dict-foldoc are needed: " + CorpusBuilder.DEBIAN_INSTALL);
    Map<String, Object> m = new CorpusBuilder(cache, 0.2, 1).build(line -> {}).write(tmp);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sources = (List<Map<String, Object>>) m.get("sources");
    assertThat(sources).extracting(s -> s.get("name")).containsExactly("wikitext-2", "fewrel", "wordnet", "foldoc", "sotu", "moby-dick");
    assertThat(sources).allSatisfy(s -> assertThat(((Number) s.get("words")).longValue()).isGreaterThan(100_000));
    assertThat(((Number) m.get("words")).longValue()).isBetween(4_000_000L, 6_000_000L);
    assertThat(m.get("sha256")).isEqualTo(DataFile.sha256(tmp.resolve("corpus.txt")));
    Set<String> lines = new HashSet<>(Files.readAllLines(tmp.resolve("corpus.txt")));
    RelationData d = RelationData.fewRel(DataFile.FEWREL_VAL.cached(cache), DataFile.FEWREL_PIDS.cached(cache), 0.2, 1);
    assertThat(d.test()).noneMatch(e -> lines.contains(e.sentence()));
    assertThat(lines).anyMatch(l -> l.startsWith("Call me Ishmael."));
    assertThat(lines).hasSize(((Number) m.get("lines")).intValue()); // no duplicates
  }
}
