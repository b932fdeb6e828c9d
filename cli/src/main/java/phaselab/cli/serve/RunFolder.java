package phaselab.cli.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import phaselab.lab.run.RunDir;

/**
 * The folder the dashboard serves, and the only way a request reaches a file: a relative path
 * from the browser is resolved inside it, and anything that leaves it (.., an absolute path, a
 * symbolic link pointing out) or is not a run or sweep is refused as not found.
 */
final class RunFolder {
  private final Path root;
  private final Path realRoot;

  RunFolder(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = this.root.toRealPath();
  }

  Path root() {
    return root;
  }

  /** The run directory at {@code rel}, if {@code rel} names one inside the folder. */
  Optional<RunDir> run(String rel) {
    return inside(rel).filter(p -> Files.isRegularFile(p.resolve(RunDir.CONFIG), LinkOption.NOFOLLOW_LINKS)).map(RunDir::new);
  }

  /** The sweep directory (one holding sweep.yaml) at {@code rel}, if inside the folder. */
  Optional<Path> sweep(String rel) {
    return inside(rel).filter(p -> Files.isRegularFile(p.resolve("sweep.yaml"), LinkOption.NOFOLLOW_LINKS));
  }

  /** {@code rel} resolved in the folder, when it and its real path (links followed) stay inside. */
  Optional<Path> inside(String rel) {
    if (rel == null || rel.isEmpty() || rel.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    Path p;
    try {
      Path given = Path.of(rel);
      if (given.isAbsolute()) {
        return Optional.empty();
      }
      p = root.resolve(given).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
    if (!p.startsWith(root) || p.equals(root)) {
      return Optional.empty();
    }
    try {
      if (!p.toRealPath().startsWith(realRoot)) {
        return Optional.empty(); // a symbolic link out of the folder
      }
    } catch (IOException e) {
      return Optional.empty(); // does not exist
    }
    return Optional.of(p);
  }

  /** {@code p} as the browser names it: relative to the folder, with forward slashes. */
  String name(Path p) {
    return root.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }
}
