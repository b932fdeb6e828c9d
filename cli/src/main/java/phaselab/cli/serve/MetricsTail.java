package phaselab.cli.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import phaselab.lab.run.RunDir;
import phaselab.lab.run.RunJson;

/**
 * The rows of metrics.jsonl written since a byte offset: only the new bytes are read, and only
 * whole lines taken (a row being written is left for the next poll). When the file is shorter
 * than the offset (a resumed run cut it back to its checkpoint), everything is read again and
 * {@code reset} tells the page to drop what it has.
 *
 * @param rows [step, metric, value] triples
 * @param offset where the next poll starts
 * @param more true when the read stopped at {@link #MAX_BYTES} before the end of the file
 */
record MetricsTail(List<Object[]> rows, long offset, boolean reset, boolean more) {
  /** At most this much is read per poll; the page asks again at the returned offset. */
  static final int MAX_BYTES = 8 << 20;

  static MetricsTail read(Path file, long from) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new MetricsTail(List.of(), 0, from > 0, false);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      boolean reset = from > size || from < 0;
      long start = reset ? 0 : from;
      int length = (int) Math.min(size - start, MAX_BYTES);
      ByteBuffer buf = ByteBuffer.allocate(length);
      while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
        // read until the buffer is full or the end of the file
      }
      byte[] bytes = buf.array();
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--; // a partial last line: not yet
      }
      List<Object[]> rows = new ArrayList<>();
      for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        try {
          RunDir.MetricRow r = RunJson.read(line, RunDir.MetricRow.class);
          rows.add(new Object[] {r.step(), r.metric(), r.value()});
        } catch (IOException e) {
          // a damaged line (a crash mid-write before a resume cut it off): skip it
        }
      }
      return new MetricsTail(rows, start + end, reset, start + length < size);
    }
  }
}
