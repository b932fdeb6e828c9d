package phaselab.lab.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import phaselab.engine.io.Safetensors;
import phaselab.engine.io.SafetensorsException;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.model.TransformerConfig;
import phaselab.engine.tensor.Tensor;

/**
 * A pre-trained BERT in phaselab's terms: the encoder shape, its weights under phaselab's
 * parameter names, its tokenizer, where it came from, and what of the source was dropped. A
 * phaselab model directory holds it as {@code model.safetensors}, {@code vocab.txt} and
 * {@code model.json}; {@code model.init_from: DIR} starts a fine-tuning run from it.
 *
 * @param weights phaselab name → tensor (F32); the MLM head (mlm.*) only when the source had one
 * @param origin source kind, file, SHA-256 and producer, written to model.json as is
 * @param dropped source tensors deliberately left out (pooler, next-sentence head, …)
 */
public record PretrainedBert(TransformerConfig config, Map<String, Safetensors.Entry> weights, BertTokenizer tokenizer,
    ObjectNode origin, List<String> dropped) {
  public static final String MODEL_JSON = "model.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String VOCAB = "vocab.txt";
  static final String FORMAT = "phaselab-pretrained-bert";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** BERT's encoder shape (post-LN, learned positions, token types, no dropout, LayerNorm ε as given). */
  public static TransformerConfig bertConfig(int vocab, int width, int heads, int ffn, int layers, int maxSeq, int segments,
      FeedForward.Activation activation, float lnEps) {
    return TransformerConfig.encoder(vocab, width, heads, ffn, layers, maxSeq).toBuilder().activation(activation).lnEps(lnEps)
        .segments(segments).build();
  }

  /**
   * Checks the weights against the encoder this config builds: every parameter of the body present
   * with its shape (the MLM head all or nothing), nothing else. The message names what differs.
   */
  public PretrainedBert validated(String source) throws ImportException {
    Map<String, Tensor> expected = new TreeMap<>(new BertEncoder(config, 0, 0).namedParameters());
    boolean hasMlm = weights.keySet().stream().anyMatch(k -> k.startsWith("mlm."));
    expected.keySet().removeIf(k -> k.startsWith("cls.") || (!hasMlm && k.startsWith("mlm.")));
    List<String> missing = new ArrayList<>();
    for (var e : expected.entrySet()) {
      Safetensors.Entry w = weights.get(e.getKey());
      if (w == null) {
        missing.add(e.getKey());
      } else if (!Arrays.equals(w.intShape(), e.getValue().shape())) {
        throw new ImportException(source + ": '" + e.getKey() + "' (Hugging Face: " + BertNames.toHuggingFace(e.getKey()) + ") has shape " + Arrays.toString(w.intShape()) + " where a BERT of "
            + describe(config) + " has " + Arrays.toString(e.getValue().shape()) + "; the model is not that shape");
      }
    }
    if (!missing.isEmpty()) {
      throw new ImportException(source + ": lacks " + missing.size() + " parameter(s) of a BERT of " + describe(config) + ": "
          + String.join(", ", missing.subList(0, Math.min(6, missing.size()))) + (missing.size() > 6 ? ", …" : ""));
    }
    List<String> extra = weights.keySet().stream().filter(k -> !expected.containsKey(k)).sorted().toList();
    if (!extra.isEmpty()) {
      throw new ImportException(source + ": has parameter(s) a BERT of " + describe(config) + " does not: " + String.join(", ", extra));
    }
    return this;
  }

  static String describe(TransformerConfig c) {
    return c.layers() + " layers, width " + c.width() + ", " + c.heads() + " heads, FFN " + c.hidden() + ", vocabulary " + c.vocab()
        + ", " + c.maxSeq() + " positions";
  }

  /** Writes the model directory; all files appear together (written beside it, then moved), or none. */
  public void save(Path dir) throws IOException {
    if (Files.exists(dir) && (!Files.isDirectory(dir) || hasEntries(dir))) {
      throw new ImportException(dir + " already exists and is not empty; choose another --out or remove it");
    }
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".importing-");
    try {
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("format", FORMAT);
      Safetensors.write(tmp.resolve(WEIGHTS), new TreeMap<>(weights), meta);
      Files.write(tmp.resolve(VOCAB), tokenizer.tokens(), StandardCharsets.UTF_8);
      ObjectNode json = JSON.createObjectNode();
      json.put("format", FORMAT);
      json.put("architecture", "bert");
      ObjectNode shape = json.putObject("config");
      shape.put("vocab", config.vocab());
      shape.put("width", config.width());
      shape.put("heads", config.heads());
      shape.put("ffn", config.hidden());
      shape.put("layers", config.layers());
      shape.put("max_seq", config.maxSeq());
      shape.put("segments", config.segments());
      shape.put("activation", config.activation().name().toLowerCase());
      shape.put("ln_eps", config.lnEps());
      shape.put("mlm_head", weights.containsKey("mlm.bias"));
      json.set("tokenizer", tokenizer.settingsJson());
      ObjectNode originOut = origin.deepCopy();
      originOut.remove("weights_sha256");
      json.set("origin", originOut);
      dropped.forEach(json.putArray("dropped")::add);
      json.put("weights_sha256", sha256(tmp.resolve(WEIGHTS)));
      Files.writeString(tmp.resolve(MODEL_JSON), JSON.writeValueAsString(json));
      if (Files.isDirectory(dir)) {
        Files.delete(dir); // empty, checked above
      }
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(tmp)) {
        try (Stream<Path> s = Files.walk(tmp)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  /** Whether a directory looks like a phaselab model directory (has model.json). */
  public static boolean isModelDir(Path dir) {
    return Files.isRegularFile(dir.resolve(MODEL_JSON));
  }

  public static PretrainedBert load(Path dir) throws IOException {
    Path jsonFile = dir.resolve(MODEL_JSON);
    if (!Files.isRegularFile(jsonFile)) {
      throw new ImportException(dir + " is not a phaselab model directory (no " + MODEL_JSON + "); make one with: phaselab import");
    }
    JsonNode json;
    try {
      json = JSON.readTree(jsonFile.toFile());
    } catch (IOException e) {
      throw new ImportException(jsonFile + ": not valid JSON; import the model again");
    }
    if (!FORMAT.equals(json.path("format").asText())) {
      throw new ImportException(jsonFile + ": format is '" + json.path("format").asText() + "', not " + FORMAT + "; import the model again");
    }
    JsonNode c = json.path("config");
    TransformerConfig config = bertConfig(c.path("vocab").asInt(), c.path("width").asInt(), c.path("heads").asInt(),
        c.path("ffn").asInt(), c.path("layers").asInt(), c.path("max_seq").asInt(), c.path("segments").asInt(),
        FeedForward.Activation.valueOf(c.path("activation").asText("gelu_exact").toUpperCase()), (float) c.path("ln_eps").asDouble());
    Safetensors.Contents contents;
    try {
      contents = Safetensors.read(dir.resolve(WEIGHTS));
    } catch (SafetensorsException e) {
      throw new ImportException(e.getMessage() + " (import the model again)", e);
    }
    List<String> tokens = Files.readAllLines(dir.resolve(VOCAB), StandardCharsets.UTF_8);
    if (tokens.size() != config.vocab()) {
      throw new ImportException(dir.resolve(VOCAB) + ": " + tokens.size() + " tokens for a model of vocabulary " + config.vocab()
          + "; import the model again");
    }
    List<String> dropped = new ArrayList<>();
    json.path("dropped").forEach(n -> dropped.add(n.asText()));
    ObjectNode origin = json.path("origin").isObject() ? (ObjectNode) json.path("origin") : JSON.createObjectNode();
    String stored = json.path("weights_sha256").asText("");
    String actual = sha256(dir.resolve(WEIGHTS));
    if (!stored.equals(actual)) {
      throw new ImportException(dir.resolve(WEIGHTS) + ": SHA-256 " + actual + " is not the " + stored + " recorded in " + MODEL_JSON
          + "; the weights were changed or damaged: import the model again");
    }
    origin.put("weights_sha256", actual);
    return new PretrainedBert(config, contents.tensors(), BertTokenizer.fromSettings(tokens, json.path("tokenizer")), origin, dropped)
        .validated(dir.toString());
  }

  /** The SHA-256 of model.safetensors as written (model.json's weights_sha256), or "" for a model not read from a directory. */
  public String weightsSha256() {
    return origin.path("weights_sha256").asText("");
  }

  /** Copies the weights into an encoder of the same shape (its classifier, and the MLM head if absent here, untouched). */
  public void loadInto(BertEncoder model) {
    for (var e : model.namedParameters().entrySet()) {
      Safetensors.Entry w = weights.get(e.getKey());
      if (w != null) {
        float[] v = w.floats();
        System.arraycopy(v, 0, e.getValue().data, 0, v.length);
      }
    }
  }

  /** An encoder of this shape with these weights (and a classifier over classPositions × width inputs, if labels > 0). */
  public BertEncoder encoder(int classPositions, int labels) {
    BertEncoder model = new BertEncoder(config, classPositions, labels);
    loadInto(model);
    return model;
  }

  static String sha256(Path file) throws IOException {
    return phaselab.lab.task.text.DataFile.sha256(file);
  }

  private static boolean hasEntries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isPresent();
    }
  }
}
