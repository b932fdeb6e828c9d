package phaselab.lab.task.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where tests find the real data: ../shared/data beside the project (or $PHASELAB_SHARED_DATA),
 * copied into the phaselab cache with its checksums verified. With PHASELAB_REQUIRE_DATA=1 (CI)
 * missing data fails the test instead of skipping it.
 */
public final class TestData {
  private TestData() {}

  public static Path shared() {
    String env = System.getenv("PHASELAB_SHARED_DATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared").resolve("data");
      if (Files.isDirectory(candidate.resolve("fewrel"))) {
        return candidate;
      }
    }
    return null;
  }

  /** The verified cache holding the given files, or the test is skipped (failed in CI). */
  public static Path cacheWith(DataFile... files) {
    Path shared = shared();
    Path cache = DataFile.cacheDir();
    try {
      for (DataFile f : files) {
        if (f.path().startsWith("npm/")) {
          f.cached(cache); // fetched by .ci/run (npm pack) or phaselab data fetch; never downloaded by a test
        } else {
          require(shared != null, "../shared/data not found (set PHASELAB_SHARED_DATA)");
          f.fetch(cache, shared);
        }
      }
    } catch (Exception e) {
      require(false, e.getMessage());
    }
    return cache;
  }

  public static void require(boolean ok, String why) {
    if ("1".equals(System.getenv("PHASELAB_REQUIRE_DATA"))) {
      assertThat(ok).as(why).isTrue();
    }
    Assumptions.assumeTrue(ok, why);
  }
}
