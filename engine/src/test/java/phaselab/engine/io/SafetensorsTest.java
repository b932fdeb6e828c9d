package phaselab.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips, and every kind of bad file gives a clear error (never a huge allocation). */
class SafetensorsTest {
  @TempDir
  Path dir;

  private static Map<String, Safetensors.Entry> sample() {
    Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
    t.put("w", Safetensors.Entry.f32(new float[] {1f, -2f, 3.5f, 0f, 1e-8f, 7f}, 2, 3));
    t.put("ids", Safetensors.Entry.i32(new int[] {4, 5, 6}, 3));
    t.put("step", Safetensors.Entry.i64(new long[] {1L << 40}, 1));
    return t;
  }

  @Test
  void roundTripKeepsValuesOrderAndMetadata() throws Exception {
    Path f = dir.resolve("a.safetensors");
    Safetensors.write(f, sample(), Map.of("config", "{\"x\": 1}"));
    Safetensors.Contents c = Safetensors.read(f);
    assertThat(c.tensors().keySet()).containsExactly("w", "ids", "step");
    assertThat(c.require("w").floats()).containsExactly(1f, -2f, 3.5f, 0f, 1e-8f, 7f);
    assertThat(c.require("w").intShape()).containsExactly(2, 3);
    assertThat(c.require("ids").ints()).containsExactly(4, 5, 6);
    assertThat(c.require("step").longs()).containsExactly(1L << 40);
    assertThat(c.metadata()).containsEntry("config", "{\"x\": 1}").containsKey(Safetensors.CRC_KEY);
    assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("a.safetensors"); // no temp left
  }

  @Test
  void identicalContentsGiveIdenticalBytes() {
    assertThat(Safetensors.toBytes(sample(), Map.of("k", "v"))).isEqualTo(Safetensors.toBytes(sample(), Map.of("k", "v")));
  }

  private static byte[] withHeader(String json, int dataBytes) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    return b.array();
  }

  @Test
  void hostileFilesAreRejectedWithTheirCause() {
    byte[] good = Safetensors.toBytes(sample(), Map.of());
    assertThatThrownBy(() -> Safetensors.parse("tiny", new byte[3])).hasMessageContaining("too short");
    byte[] hugeHeader = good.clone();
    ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE / 2);
    assertThatThrownBy(() -> Safetensors.parse("huge", hugeHeader)).hasMessageContaining("header length");
    assertThatThrownBy(() -> Safetensors.parse("truncated", java.util.Arrays.copyOf(good, good.length - 5)))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> Safetensors.parse("json", withHeader("{\"a\": [1,", 0))).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> Safetensors.parse("dtype", withHeader("{\"a\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 2)))
        .hasMessageContaining("unsupported dtype 'BF16'");
    assertThatThrownBy(() -> Safetensors.parse("range", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[3,3],\"data_offsets\":[0,36]}}", 8)))
        .hasMessageContaining("needs more bytes");
    assertThatThrownBy(() -> Safetensors.parse("offsets", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 8)))
        .hasMessageContaining("outside the data section");
    assertThatThrownBy(() -> Safetensors.parse("bigshape", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[100000,100000,100000],\"data_offsets\":[0,4]}}", 4)))
        .hasMessageContaining("invalid shape");
    assertThatThrownBy(() -> Safetensors.parse("overlap", withHeader(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)))
        .hasMessageContaining("overlap");
    assertThatThrownBy(() -> Safetensors.parse("mismatch", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)))
        .hasMessageContaining("needs 8");
  }

  @Test
  void flippedDataBitFailsTheChecksum() {
    byte[] bytes = Safetensors.toBytes(sample(), Map.of());
    bytes[bytes.length - 3] ^= 0x10;
    assertThatThrownBy(() -> Safetensors.parse("flipped", bytes)).hasMessageContaining("checksum mismatch");
  }
}
