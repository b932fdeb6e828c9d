package phaselab.cli.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import phaselab.lab.run.RunRow;

/**
 * What the dashboard derives from a file (a run's last metric values, a sweep point's curves),
 * kept until the file changes (size or modification time), so that polling a folder of long,
 * finished runs reads only the files still being written.
 */
final class FileCache<T> implements RunRow.Reader<T> {
  private record Entry<T>(long size, long modified, T value) {}

  private final ConcurrentHashMap<Path, Entry<T>> entries = new ConcurrentHashMap<>();
  private final RunRow.Reader<T> derive;

  FileCache(RunRow.Reader<T> derive) {
    this.derive = derive;
  }

  @Override
  public T read(Path file) throws IOException {
    long size = Files.exists(file) ? Files.size(file) : -1;
    long modified = size < 0 ? 0 : Files.getLastModifiedTime(file).toMillis();
    Entry<T> e = entries.get(file);
    if (e != null && e.size() == size && e.modified() == modified) {
      return e.value();
    }
    T value = derive.read(file);
    entries.put(file, new Entry<>(size, modified, value));
    return value;
  }
}
