package phaselab.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import phaselab.engine.rng.RngStream;

/**
 * Seeded fuzzing of the safetensors parser: every mutated file ends in a named
 * {@link SafetensorsException} or in a valid result whose tensors read back, never in another
 * exception (an index error, a stack overflow, an out-of-memory from a hostile length). Mutations:
 * bit flips in header and data, truncation at every region boundary and at random lengths, header
 * lengths out of range, and header rewrites (wrong dtypes and shapes, offsets out of range,
 * overlapping and duplicate tensors, non-UTF-8 bytes, deep nesting). No case allocates more than a
 * small multiple of the file's size (a hostile length is refused before anything that size is
 * allocated). The counts are printed.
 */
@Tag("campaign")
class SafetensorsFuzzTest {
  /** Cases per run: 12_000 in CI; -Dphaselab.fuzz.safetensors=N for a shorter or longer campaign. */
  static final int CASES = Integer.getInteger("phaselab.fuzz.safetensors", 12_000);

  private static Map<String, Safetensors.Entry> tensors(RngStream r) {
    Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
    int rows = 1 + r.nextInt(4);
    int cols = 1 + r.nextInt(5);
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    t.put("param.w", Safetensors.Entry.f32(w, rows, cols));
    t.put("ids", Safetensors.Entry.i32(new int[] {r.nextInt(100), 5, 6}, 3));
    t.put("step", Safetensors.Entry.i64(new long[] {r.nextInt(1000)}, 1));
    return t;
  }

  private static byte[] withHeader(String json, byte[] data) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).put(data).array();
  }

  private static String header(byte[] file) {
    long len = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return new String(file, 8, (int) len, StandardCharsets.UTF_8);
  }

  private static byte[] data(byte[] file) {
    long len = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return java.util.Arrays.copyOfRange(file, 8 + (int) len, file.length);
  }

  /** One mutation of a valid file, chosen and parameterised by the stream; its kind is returned in {@code kind[0]}. */
  static byte[] mutate(byte[] good, RngStream r, String[] kind) {
    byte[] b = good.clone();
    long headerLen = ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    switch (r.nextInt(8)) {
      case 0 -> {
        kind[0] = "bit flips";
        int flips = 1 + r.nextInt(8);
        for (int f = 0; f < flips; f++) {
          int at = r.nextInt(b.length);
          b[at] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      }
      case 1 -> {
        kind[0] = "truncation at a boundary";
        int[] cuts = {0, 1, 7, 8, 9, (int) (8 + headerLen - 1), (int) (8 + headerLen), (int) (8 + headerLen + 1), b.length - 1};
        int cut = Math.max(0, Math.min(b.length, cuts[r.nextInt(cuts.length)]));
        return java.util.Arrays.copyOf(b, cut);
      }
      case 2 -> {
        kind[0] = "truncation at random";
        return java.util.Arrays.copyOf(b, r.nextInt(b.length));
      }
      case 3 -> {
        kind[0] = "header length";
        long[] lens = {-1, 0, 1, headerLen - 1, headerLen + 1, b.length, Integer.MAX_VALUE, Long.MAX_VALUE, 1L << 40, Long.MIN_VALUE};
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lens[r.nextInt(lens.length)]);
        return b;
      }
      case 4 -> {
        kind[0] = "header field rewrite";
        String h = header(good);
        String[] from = {"\"F32\"", "\"I32\"", "\"I64\"", "\"shape\":[", "\"data_offsets\":[", "\"dtype\"", "__metadata__"};
        String[] to = {"\"F16\"", "\"BOOL\"", "\"F64\"", "\"shape\":[-1,", "\"data_offsets\":[99999999,", "\"dtype_\"", "__meta__",
            "\"shape\":[4294967296,", "\"data_offsets\":[0,0,", "\"shape\":[1.5,", "\"data_offsets\":[\"0\","};
        String f = from[r.nextInt(from.length)];
        String t = to[r.nextInt(to.length)];
        return withHeader(h.replaceFirst(java.util.regex.Pattern.quote(f), java.util.regex.Matcher.quoteReplacement(t)), data(good));
      }
      case 5 -> {
        kind[0] = "overlapping or reordered offsets";
        String h = header(good);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"data_offsets\":\\[(\\d+),(\\d+)\\]").matcher(h);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
          long a = Long.parseLong(m.group(1)) + r.nextInt(9) - 4;
          long e = Long.parseLong(m.group(2)) + r.nextInt(9) - 4;
          m.appendReplacement(sb, "\"data_offsets\":[" + a + "," + e + "]");
        }
        m.appendTail(sb);
        return withHeader(sb.toString(), data(good));
      }
      case 6 -> {
        kind[0] = "duplicate tensor";
        String h = header(good);
        int at = h.indexOf("\"ids\"");
        String dup = h.substring(0, 1) + h.substring(at, h.indexOf('}', at) + 1) + "," + h.substring(1);
        return withHeader(dup, data(good));
      }
      default -> {
        kind[0] = r.nextInt(2) == 0 ? "non-UTF-8 header" : "deep nesting";
        if (kind[0].startsWith("non")) {
          int at = 8 + r.nextInt((int) headerLen);
          b[at] = (byte) (0x80 | r.nextInt(0x40));
          return b;
        }
        int depth = 1 + r.nextInt(5000);
        String deep = "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        return withHeader(deep, data(good));
      }
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
  /** Parsing may copy the file a few times (header text, tensor bytes, error messages), not more. */
  static final long ALLOCATION_LIMIT_PER_BYTE = 16;
  static final long ALLOCATION_SLACK = 256 << 10;
  /** The first cases also load classes and compile code: their allocation is not the parser's. */
  static final int WARM_UP = 1_000;

  @Test
  void everyMutatedFileEndsInANamedErrorOrAValidResult() {
    RngStream r = new RngStream(2026, "safetensors-fuzz");
    long maxAllocated = 0;
    Map<String, int[]> outcomes = new TreeMap<>(); // kind → {named errors, valid}
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < CASES; c++) {
      Map<String, String> meta = r.nextInt(2) == 0 ? Map.of("format", "phaselab-checkpoint") : Map.of();
      byte[] good = Safetensors.toBytes(tensors(r), meta);
      String[] kind = {""};
      byte[] bad = mutate(good, r, kind);
      int[] o = outcomes.computeIfAbsent(kind[0], k -> new int[2]);
      long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
      try {
        Safetensors.Contents contents = Safetensors.parse("case-" + c, bad);
        for (Safetensors.Entry e : contents.tensors().values()) {
          switch (e.dtype()) { // a valid result reads back
            case "F32", "F64" -> e.floats();
            case "I32" -> e.ints();
            default -> e.longs();
          }
        }
        o[1]++;
      } catch (SafetensorsException e) {
        assertThat(e.getMessage()).startsWith("case-" + c + ": ");
        o[0]++;
      } catch (Throwable t) {
        if (failures.size() < 10) {
          failures.add("case " + c + " (" + kind[0] + "): " + t);
        }
      }
      // no allocation beyond the file's size (a hostile length must be refused before it is allocated)
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
      maxAllocated = c >= WARM_UP ? Math.max(maxAllocated, allocated) : 0;
      if (c >= WARM_UP && allocated > ALLOCATION_LIMIT_PER_BYTE * bad.length + ALLOCATION_SLACK && failures.size() < 10) {
        failures.add("case " + c + " (" + kind[0] + "): allocated " + allocated + " bytes for a file of " + bad.length);
      }
    }
    int total = outcomes.values().stream().mapToInt(o -> o[0] + o[1]).sum();
    System.out.println("safetensors fuzz: " + CASES + " cases, failures " + failures.size() + ", most allocated by one case "
        + maxAllocated + " bytes");
    outcomes.forEach((k, o) -> System.out.printf("  %-34s %5d named errors, %5d valid%n", k, o[0], o[1]));
    if (!failures.isEmpty()) {
      fail("mutated files that ended in something other than a named error:\n" + String.join("\n", failures));
    }
    assertThat(total).isEqualTo(CASES);
    assertThat(outcomes).hasSizeGreaterThanOrEqualTo(9);
    // meaningful only if the mutations reach both outcomes
    assertThat(outcomes.values().stream().mapToInt(o -> o[0]).sum()).as("named errors").isGreaterThanOrEqualTo(CASES / 10);
    assertThat(outcomes.values().stream().mapToInt(o -> o[1]).sum()).as("valid files").isPositive();
  }
}
