package phaselab.lab.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON dialect of run directories: metric rows, probe results, sweep plans. Records are
 * written with their components in snake case. <b>The NaN rule</b>: JSON has no token for a
 * non-finite number, so NaN and ±Infinity are written as the strings "NaN", "Infinity" and
 * "-Infinity" and read back as those numbers (null, which files of older versions hold, reads as
 * NaN). The engine's own JSON code is for safetensors headers only.
 */
public final class RunJson {
  /** The mapper for run files (thread-safe once configured). */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .addModule(new SimpleModule("nan-rule").addDeserializer(Double.class, new NanDouble()).addDeserializer(double.class, new NanDouble()))
      .build();

  private RunJson() {}

  /** One line of JSON (no line break). */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One metric row {"step", "metric", "value"} with its line break: the format of metrics.jsonl and of probes/*.jsonl. */
  public static String metricRow(long step, String metric, double value) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    row.put("metric", metric);
    row.put("value", value);
    return write(row) + "\n";
  }

  /**
   * Parses JSON text into maps, lists, strings, numbers and booleans; IllegalArgumentException
   * with the parser's first line (and where) when it is not JSON, so callers name the file.
   */
  public static Object parse(String text) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  public static <T> T read(String text, Class<T> type) throws IOException {
    return MAPPER.readValue(text, type);
  }

  /** A double that may be written as "NaN" / "Infinity" / "-Infinity" (or null: NaN). */
  private static final class NanDouble extends StdDeserializer<Double> {
    NanDouble() {
      super(Double.class);
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        return Double.parseDouble(p.getText().trim());
      }
      return p.getValueAsDouble();
    }

    @Override
    public Double getNullValue(DeserializationContext ctx) {
      return Double.NaN;
    }
  }
}
