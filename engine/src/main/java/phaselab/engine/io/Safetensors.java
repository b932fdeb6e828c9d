package phaselab.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads and writes safetensors files. Writing is atomic (a temporary file beside the target,
 * forced to disk, then renamed) and the metadata carries {@value #CRC_KEY}, a CRC-32 of the data
 * section, which reading verifies. Reading trusts nothing: header length, JSON, dtypes, shapes,
 * offsets and overlaps are all checked against the file size before anything is allocated.
 */
public final class Safetensors {
  /** Metadata key holding the CRC-32 (hex) of the data section. */
  public static final String CRC_KEY = "phaselab.data_crc32";
  private static final long MAX_HEADER = 100L << 20;

  private Safetensors() {}

  /** One tensor: dtype ("F32", "I32", "I64", "F64"), shape and raw little-endian bytes. */
  public record Entry(String dtype, long[] shape, byte[] bytes) {
    public static Entry f32(float[] data, int... shape) {
      ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(data);
      return new Entry("F32", toLong(shape), b.array());
    }

    public static Entry i32(int[] data, int... shape) {
      ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asIntBuffer().put(data);
      return new Entry("I32", toLong(shape), b.array());
    }

    public static Entry i64(long[] data, int... shape) {
      ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.asLongBuffer().put(data);
      return new Entry("I64", toLong(shape), b.array());
    }

    private static long[] toLong(int[] s) {
      long[] r = new long[s.length];
      for (int i = 0; i < s.length; i++) {
        r[i] = s[i];
      }
      return r;
    }

    public int[] intShape() {
      int[] r = new int[shape.length];
      for (int i = 0; i < shape.length; i++) {
        r[i] = (int) shape[i];
      }
      return r;
    }

    /** The values as floats (F32 as is; F64, I32, I64 converted). */
    public float[] floats() {
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int n = bytes.length / width(dtype);
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = switch (dtype) {
          case "F32" -> b.getFloat();
          case "F64" -> (float) b.getDouble();
          case "I32" -> b.getInt();
          default -> b.getLong();
        };
      }
      return out;
    }

    /** The values as ints (I32, I64; fails for floats). */
    public int[] ints() {
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int n = bytes.length / width(dtype);
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = switch (dtype) {
          case "I32" -> b.getInt();
          case "I64" -> Math.toIntExact(b.getLong());
          default -> throw new IllegalStateException("tensor of dtype " + dtype + " read as ints");
        };
      }
      return out;
    }

    /** The values as longs (I64 or I32). */
    public long[] longs() {
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int n = bytes.length / width(dtype);
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = "I64".equals(dtype) ? b.getLong() : b.getInt();
      }
      return out;
    }
  }

  /** A file's tensors (in header order) and string metadata. */
  public record Contents(Map<String, Entry> tensors, Map<String, String> metadata) {
    public Entry require(String name) {
      Entry e = tensors.get(name);
      if (e == null) {
        throw new IllegalArgumentException("tensor '" + name + "' is not in the file; it has " + tensors.keySet());
      }
      return e;
    }
  }

  static int width(String dtype) {
    return switch (dtype) {
      case "F32", "I32" -> 4;
      case "F64", "I64" -> 8;
      default -> -1;
    };
  }

  /** Serialises tensors (written in the given order) and metadata to bytes, adding the CRC. */
  public static byte[] toBytes(Map<String, Entry> tensors, Map<String, String> metadata) {
    Map<String, Object> header = new LinkedHashMap<>();
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    CRC32 crc = new CRC32();
    long offset = 0;
    for (var e : tensors.entrySet()) {
      Entry t = e.getValue();
      List<Object> shape = new ArrayList<>();
      for (long d : t.shape()) {
        shape.add(d);
      }
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", t.dtype());
      info.put("shape", shape);
      info.put("data_offsets", List.of(offset, offset + t.bytes().length));
      header.put(e.getKey(), info);
      offset += t.bytes().length;
      crc.update(t.bytes());
    }
    meta.put(CRC_KEY, String.format("%08x", crc.getValue()));
    Map<String, Object> full = new LinkedHashMap<>();
    full.put("__metadata__", meta);
    full.putAll(header);
    byte[] json = Json.write(full).getBytes(StandardCharsets.UTF_8);
    int pad = (8 - json.length % 8) % 8; // align data to 8 bytes, padding with spaces as HF does
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + json.length + pad + offset)).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length + pad);
    out.put(json);
    for (int i = 0; i < pad; i++) {
      out.put((byte) ' ');
    }
    for (Entry t : tensors.values()) {
      out.put(t.bytes());
    }
    return out.array();
  }

  /** Writes atomically: temp file in the same folder, fsync, rename over the target. */
  public static void write(Path path, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
    writeAtomically(path, toBytes(tensors, metadata));
  }

  /** Writes bytes to {@code path} atomically (temp + force + rename). */
  public static void writeAtomically(Path path, byte[] bytes) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + path.getFileName() + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // a full disk or a size limit: the target (an older file, if any) is untouched; the partial
      // temp file goes, so it does not hold on to the space that ran out
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to do: the error below says what failed
      }
      throw e;
    }
  }

  /** Reads and validates a file. */
  public static Contents read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new SafetensorsException(path + ": no such file");
    }
    return parse(path.toString(), Files.readAllBytes(path));
  }

  /** Parses and validates safetensors bytes; {@code source} names them in errors. */
  public static Contents parse(String source, byte[] file) throws SafetensorsException {
    String fix = " — the file is truncated or not a safetensors file; use an earlier checkpoint or re-create it";
    if (file.length < 8) {
      throw new SafetensorsException(source + ": " + file.length + " bytes, too short for a safetensors header" + fix);
    }
    long headerLen = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > file.length - 8) {
      throw new SafetensorsException(source + ": header length " + headerLen + " does not fit the file of " + file.length + " bytes" + fix);
    }
    int dataStart = 8 + (int) headerLen;
    Object parsed;
    try {
      parsed = Json.parse(new String(file, 8, (int) headerLen, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new SafetensorsException(source + ": header is not valid JSON (" + e.getMessage() + ")" + fix);
    }
    if (!(parsed instanceof Map<?, ?> header)) {
      throw new SafetensorsException(source + ": header is not a JSON object" + fix);
    }
    long dataLen = file.length - dataStart;
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, long[]> ranges = new LinkedHashMap<>();
    Map<String, Entry> tensors = new LinkedHashMap<>();
    for (var e : header.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (name.equals("__metadata__")) {
        if (!(e.getValue() instanceof Map<?, ?> m)) {
          throw new SafetensorsException(source + ": __metadata__ is not an object" + fix);
        }
        m.forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
        continue;
      }
      if (!(e.getValue() instanceof Map<?, ?> info) || !(info.get("dtype") instanceof String dtype)
          || !(info.get("shape") instanceof List<?> shapeList) || !(info.get("data_offsets") instanceof List<?> offs) || offs.size() != 2) {
        throw new SafetensorsException(source + ": tensor '" + name + "' lacks dtype, shape or data_offsets" + fix);
      }
      int w = width(dtype);
      if (w < 0) {
        throw new SafetensorsException(source + ": tensor '" + name + "' has unsupported dtype '" + dtype + "' (phaselab reads F32, F64, I32, I64)");
      }
      long[] shape = new long[shapeList.size()];
      long count = 1;
      for (int i = 0; i < shape.length; i++) {
        if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > dataLen) {
          throw new SafetensorsException(source + ": tensor '" + name + "' has an invalid shape " + shapeList + fix);
        }
        shape[i] = d;
        count = Math.multiplyHigh(count, d) != 0 ? Long.MAX_VALUE : count * d;
        if (count > dataLen) {
          throw new SafetensorsException(source + ": tensor '" + name + "' shape " + shapeList + " needs more bytes than the file holds" + fix);
        }
      }
      if (!(offs.get(0) instanceof Long begin) || !(offs.get(1) instanceof Long end) || begin < 0 || end < begin || end > dataLen) {
        throw new SafetensorsException(source + ": tensor '" + name + "' has data_offsets " + offs + " outside the data section of " + dataLen + " bytes" + fix);
      }
      if (end - begin != count * w) {
        throw new SafetensorsException(source + ": tensor '" + name + "' spans " + (end - begin) + " bytes but " + dtype + " " + shapeList + " needs " + count * w + fix);
      }
      ranges.put(name, new long[] {begin, end});
      byte[] bytes = java.util.Arrays.copyOfRange(file, (int) (dataStart + begin), (int) (dataStart + end));
      tensors.put(name, new Entry(dtype, shape, bytes));
    }
    checkOverlaps(source, ranges, fix);
    String crcText = metadata.get(CRC_KEY);
    if (crcText != null) {
      CRC32 crc = new CRC32();
      ranges.entrySet().stream().sorted(Comparator.comparingLong(r -> r.getValue()[0]))
          .forEach(r -> crc.update(file, (int) (dataStart + r.getValue()[0]), (int) (r.getValue()[1] - r.getValue()[0])));
      if (!String.format("%08x", crc.getValue()).equals(crcText)) {
        throw new SafetensorsException(source + ": checksum mismatch (stored " + crcText + ", computed "
            + String.format("%08x", crc.getValue()) + "): the data is corrupt" + fix);
      }
    }
    return new Contents(tensors, metadata);
  }

  private static void checkOverlaps(String source, Map<String, long[]> ranges, String fix) throws SafetensorsException {
    List<Map.Entry<String, long[]>> sorted = new ArrayList<>(ranges.entrySet());
    sorted.sort(Comparator.comparingLong(r -> r.getValue()[0]));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).getValue()[0] < sorted.get(i - 1).getValue()[1]) {
        throw new SafetensorsException(source + ": tensors '" + sorted.get(i - 1).getKey() + "' and '" + sorted.get(i).getKey() + "' overlap" + fix);
      }
    }
  }
}
