package phaselab.lab.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.io.Safetensors;
import phaselab.engine.io.SafetensorsException;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.model.TransformerConfig;

/**
 * A Hugging Face BERT directory (what {@code save_pretrained} writes: config.json,
 * model.safetensors, and tokenizer.json or vocab.txt) → {@link PretrainedBert}, by the standard
 * {@code bert.*} names ({@link BertNames}). The shape comes from config.json and every tensor is
 * checked against it; pooler and pre-training heads that phaselab's encoder lacks are dropped by
 * name (and listed in model.json); any other unknown tensor is an error.
 */
public final class HfBertImport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HfBertImport() {}

  public static PretrainedBert read(Path dir) throws IOException {
    Path configFile = dir.resolve("config.json");
    if (!Files.isRegularFile(configFile)) {
      throw new ImportException(dir + ": no config.json; a Hugging Face model directory has config.json and model.safetensors");
    }
    Path weightsFile = dir.resolve("model.safetensors");
    if (!Files.isRegularFile(weightsFile)) {
      if (Files.isRegularFile(dir.resolve("pytorch_model.bin"))) {
        throw new ImportException(dir + ": only pytorch_model.bin, a Python pickle, which phaselab does not read (unpickling can run "
            + "code); convert it once with transformers: AutoModel.from_pretrained(DIR).save_pretrained(OUT, safe_serialization=True)");
      }
      throw new ImportException(dir + ": no model.safetensors");
    }
    JsonNode c;
    try {
      c = JSON.readTree(configFile.toFile());
    } catch (IOException e) {
      throw new ImportException(configFile + ": not valid JSON; re-download it");
    }
    String type = c.path("model_type").asText("");
    if (!type.equals("bert")) {
      throw new ImportException(configFile + ": model_type is '" + type + "'; phaselab imports BERT encoders (model_type \"bert\")");
    }
    String positions = c.path("position_embedding_type").asText("absolute");
    if (!positions.equals("absolute")) {
      throw new ImportException(configFile + ": position_embedding_type '" + positions + "'; phaselab's encoder has absolute positions");
    }
    TransformerConfig config = PretrainedBert.bertConfig(req(c, configFile, "vocab_size"), req(c, configFile, "hidden_size"),
        req(c, configFile, "num_attention_heads"), req(c, configFile, "intermediate_size"), req(c, configFile, "num_hidden_layers"),
        req(c, configFile, "max_position_embeddings"), c.path("type_vocab_size").asInt(2), activation(configFile, c),
        (float) c.path("layer_norm_eps").asDouble(1e-12));
    Safetensors.Contents contents;
    try {
      contents = Safetensors.read(weightsFile);
    } catch (SafetensorsException e) {
      throw new ImportException(e.getMessage(), e);
    }
    Map<String, Safetensors.Entry> weights = new LinkedHashMap<>();
    List<String> dropped = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (var e : contents.tensors().entrySet()) {
      String name = BertNames.toPhaselab(e.getKey());
      if (name == null) {
        (BertNames.droppable(e.getKey()) ? dropped : unknown).add(e.getKey());
        continue;
      }
      Safetensors.Entry t = e.getValue();
      if (!t.dtype().equals("F32")) {
        throw new ImportException(weightsFile + ": '" + e.getKey() + "' is " + t.dtype() + "; phaselab imports float32 weights "
            + "(save the model with torch_dtype=torch.float32)");
      }
      if (weights.put(name, t) != null) {
        throw new ImportException(weightsFile + ": two tensors map to '" + name + "' (one with and one without the bert. prefix)");
      }
    }
    if (!unknown.isEmpty()) {
      throw new ImportException(weightsFile + ": tensor(s) that are not part of a BERT phaselab knows: " + String.join(", ", unknown));
    }
    ObjectNode origin = JsonNodeFactory.instance.objectNode();
    origin.put("kind", "huggingface");
    origin.put("file", dir.getFileName() + "/model.safetensors");
    origin.put("sha256", PretrainedBert.sha256(weightsFile));
    origin.put("producer", c.path("transformers_version").isMissingNode() ? "" : "transformers " + c.path("transformers_version").asText());
    return new PretrainedBert(config, weights, tokenizer(dir), origin, dropped).validated(weightsFile.toString());
  }

  private static BertTokenizer tokenizer(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
      return BertTokenizer.readTokenizerJson(dir.resolve("tokenizer.json"));
    }
    boolean lower = true;
    Path tc = dir.resolve("tokenizer_config.json");
    if (Files.isRegularFile(tc)) {
      lower = JSON.readTree(tc.toFile()).path("do_lower_case").asBoolean(true);
    }
    if (!Files.isRegularFile(dir.resolve("vocab.txt"))) {
      throw new ImportException(dir + ": neither tokenizer.json nor vocab.txt; the tokenizer is part of the model");
    }
    return BertTokenizer.readVocabTxt(dir.resolve("vocab.txt"), lower);
  }

  private static FeedForward.Activation activation(Path file, JsonNode c) throws ImportException {
    String act = c.path("hidden_act").asText("gelu");
    return switch (act) {
      case "gelu" -> FeedForward.Activation.GELU_EXACT;
      case "gelu_new", "gelu_pytorch_tanh" -> FeedForward.Activation.GELU;
      case "relu" -> FeedForward.Activation.RELU;
      default -> throw new ImportException(file + ": hidden_act '" + act + "'; phaselab has gelu, gelu_new (tanh) and relu");
    };
  }

  private static int req(JsonNode c, Path file, String key) throws ImportException {
    if (!c.path(key).canConvertToInt() || c.path(key).asInt() <= 0) {
      throw new ImportException(file + ": '" + key + "' missing or not a positive integer");
    }
    return c.path(key).asInt();
  }

  /**
   * Writes a Hugging Face BERT directory (config.json, model.safetensors under BertModel's names,
   * the tokenizer's vocab.txt and tokenizer_config.json) from a phaselab model: export for use in
   * transformers, and the round trip the import test runs.
   */
  public static void write(PretrainedBert m, Path dir, String prefix) throws IOException {
    Files.createDirectories(dir);
    TransformerConfig k = m.config();
    ObjectNode c = JSON.createObjectNode();
    c.put("model_type", "bert");
    c.putArray("architectures").add("BertModel");
    c.put("vocab_size", k.vocab());
    c.put("hidden_size", k.width());
    c.put("num_hidden_layers", k.layers());
    c.put("num_attention_heads", k.heads());
    c.put("intermediate_size", k.hidden());
    c.put("max_position_embeddings", k.maxSeq());
    c.put("type_vocab_size", k.segments());
    c.put("hidden_act", switch (k.activation()) {
      case GELU_EXACT -> "gelu";
      case GELU -> "gelu_new";
      case RELU -> "relu";
      case IDENTITY -> throw new ImportException("an identity activation has no Hugging Face name");
    });
    c.put("layer_norm_eps", k.lnEps());
    c.put("position_embedding_type", "absolute");
    Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c));
    Map<String, Safetensors.Entry> hf = new LinkedHashMap<>();
    for (var e : m.weights().entrySet()) {
      String name = BertNames.toHuggingFace(e.getKey());
      hf.put(name.startsWith("cls.") ? name : prefix + name, e.getValue());
    }
    Safetensors.write(dir.resolve("model.safetensors"), hf, Map.of("format", "pt"));
    Files.write(dir.resolve("vocab.txt"), m.tokenizer().tokens());
    ObjectNode tc = JSON.createObjectNode();
    tc.put("do_lower_case", m.tokenizer().lowercase());
    tc.put("tokenizer_class", "BertTokenizer");
    Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writeValueAsString(tc));
  }
}
