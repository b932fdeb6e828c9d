package phaselab.lab.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import phaselab.lab.task.text.HfBertSplitter;
import phaselab.lab.task.text.WordPiece;

/**
 * A pre-trained BERT's tokenizer: its WordPiece vocabulary and the settings of Hugging Face's
 * BertNormalizer, read from a {@code tokenizer.json} (Hugging Face tokenizers' format) or from a
 * {@code vocab.txt} with the normaliser flags, and encoding as BERT's single-sequence template:
 * [CLS] pieces [SEP], pieces cut to {@code maxLength − 2} (right truncation, as the template's
 * LongestFirst does for one sequence).
 *
 * @param tokens the vocabulary, id = index
 * @param specials added special tokens (kept whole, never split or normalised)
 */
public record BertTokenizer(List<String> tokens, List<String> specials, boolean cleanText, boolean chineseChars,
    boolean stripAccents, boolean lowercase) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The WordPiece vocabulary with this tokenizer's normaliser. */
  public WordPiece wordPiece() {
    return WordPiece.of(tokens, new LinkedHashSet<>(specials),
        sp -> new HfBertSplitter(cleanText, chineseChars, stripAccents, lowercase, sp));
  }

  /** Ids of [CLS] text [SEP], at most {@code maxLength} of them. */
  public static int[] encode(WordPiece vocab, String text, int maxLength) {
    List<Integer> pieces = vocab.encode(text);
    int keep = Math.min(pieces.size(), maxLength - 2);
    int[] ids = new int[keep + 2];
    ids[0] = vocab.id(WordPiece.CLS);
    for (int i = 0; i < keep; i++) {
      ids[i + 1] = pieces.get(i);
    }
    ids[keep + 1] = vocab.id(WordPiece.SEP);
    return ids;
  }

  /** Reads Hugging Face's tokenizer.json; anything but a BERT WordPiece tokenizer is refused by name. */
  public static BertTokenizer readTokenizerJson(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ImportException(file + ": no such tokenizer file");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ImportException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + "); re-download it");
    }
    JsonNode model = root.path("model");
    String type = model.path("type").asText("");
    if (!type.equals("WordPiece")) {
      throw new ImportException(file + ": a " + (type.isEmpty() ? "tokenizer without a model type" : type + " tokenizer")
          + "; phaselab imports BERT's WordPiece tokenizers (model.type \"WordPiece\")");
    }
    require(file, model.path("continuing_subword_prefix").asText("##").equals("##"), "continuing_subword_prefix must be \"##\"");
    require(file, model.path("max_input_chars_per_word").asInt(100) == 100, "max_input_chars_per_word must be 100");
    require(file, model.path("unk_token").asText(WordPiece.UNK).equals(WordPiece.UNK), "unk_token must be " + WordPiece.UNK);
    JsonNode normalizer = root.path("normalizer");
    String normType = normalizer.path("type").asText("");
    require(file, normType.equals("BertNormalizer"), "normalizer is '" + normType + "'; phaselab reads BertNormalizer");
    String preType = root.path("pre_tokenizer").path("type").asText("");
    require(file, preType.equals("BertPreTokenizer"), "pre_tokenizer is '" + preType + "'; phaselab reads BertPreTokenizer");
    boolean lowercase = normalizer.path("lowercase").asBoolean(true);
    JsonNode strip = normalizer.path("strip_accents");
    boolean stripAccents = strip.isNull() || strip.isMissingNode() ? lowercase : strip.asBoolean();
    String[] tokens = new String[model.path("vocab").size()];
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      int id = e.getValue().asInt(-1);
      require(file, id >= 0 && id < tokens.length && tokens[id] == null, "vocabulary id " + id + " of '" + e.getKey()
          + "' is out of range or taken twice");
      tokens[id] = e.getKey();
    }
    require(file, tokens.length > 0, "the vocabulary is empty");
    List<String> specials = new ArrayList<>();
    for (JsonNode added : root.path("added_tokens")) {
      String content = added.path("content").asText();
      require(file, added.path("id").asInt(-1) >= 0 && added.path("id").asInt() < tokens.length
          && tokens[added.path("id").asInt()].equals(content), "added token '" + content + "' does not match the vocabulary");
      if (added.path("special").asBoolean(false)) {
        specials.add(content);
      }
    }
    for (String needed : List.of(WordPiece.PAD, WordPiece.UNK, WordPiece.CLS, WordPiece.SEP, WordPiece.MASK)) {
      require(file, Arrays.asList(tokens).contains(needed), "the vocabulary has no " + needed);
      if (!specials.contains(needed)) {
        specials.add(needed);
      }
    }
    return new BertTokenizer(List.of(tokens), List.copyOf(specials), normalizer.path("clean_text").asBoolean(true),
        normalizer.path("handle_chinese_chars").asBoolean(true), stripAccents, lowercase);
  }

  /** A vocab.txt (one token per line, id = line) with BERT's defaults for the given casing. */
  public static BertTokenizer readVocabTxt(Path file, boolean lowercase) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ImportException(file + ": no such vocabulary file");
    }
    List<String> tokens = Files.readAllLines(file);
    Set<String> specials = new LinkedHashSet<>();
    for (String needed : List.of(WordPiece.PAD, WordPiece.UNK, WordPiece.CLS, WordPiece.SEP, WordPiece.MASK)) {
      require(file, tokens.contains(needed), "the vocabulary has no " + needed);
      specials.add(needed);
    }
    return new BertTokenizer(List.copyOf(tokens), List.copyOf(specials), true, true, lowercase, lowercase);
  }

  /** The normaliser settings and specials, for model.json (the tokens go to vocab.txt). */
  ObjectNode settingsJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("clean_text", cleanText);
    o.put("handle_chinese_chars", chineseChars);
    o.put("strip_accents", stripAccents);
    o.put("lowercase", lowercase);
    specials.forEach(o.putArray("specials")::add);
    return o;
  }

  static BertTokenizer fromSettings(List<String> tokens, JsonNode o) {
    List<String> specials = new ArrayList<>();
    o.path("specials").forEach(n -> specials.add(n.asText()));
    return new BertTokenizer(List.copyOf(tokens), List.copyOf(specials), o.path("clean_text").asBoolean(true),
        o.path("handle_chinese_chars").asBoolean(true), o.path("strip_accents").asBoolean(true), o.path("lowercase").asBoolean(true));
  }

  private static void require(Path file, boolean ok, String what) throws ImportException {
    if (!ok) {
      throw new ImportException(file + ": " + what);
    }
  }
}
