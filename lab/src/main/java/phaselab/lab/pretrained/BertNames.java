package phaselab.lab.pretrained;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face BERT parameter names (transformers' {@code BertModel}/{@code BertForPreTraining},
 * with or without the {@code bert.} prefix) ↔ phaselab's {@code BertEncoder} names. Both keep
 * PyTorch's Linear layout (out, in), so weights move without transposition.
 */
public final class BertNames {
  private record Rule(Pattern hf, String phaselab) {}

  private static final List<Rule> RULES = List.of(
      rule("embeddings\\.word_embeddings\\.weight", "embed.weight"),
      rule("embeddings\\.position_embeddings\\.weight", "pos_embed.weight"),
      rule("embeddings\\.token_type_embeddings\\.weight", "seg_embed.weight"),
      rule("embeddings\\.LayerNorm\\.(weight|bias)", "embed_ln.$1"),
      rule("encoder\\.layer\\.(\\d+)\\.attention\\.self\\.(query|key|value)\\.(weight|bias)", "blocks.$1.attn.$2.$3"),
      rule("encoder\\.layer\\.(\\d+)\\.attention\\.output\\.dense\\.(weight|bias)", "blocks.$1.attn.proj.$2"),
      rule("encoder\\.layer\\.(\\d+)\\.attention\\.output\\.LayerNorm\\.(weight|bias)", "blocks.$1.ln1.$2"),
      rule("encoder\\.layer\\.(\\d+)\\.intermediate\\.dense\\.(weight|bias)", "blocks.$1.mlp.fc_in.$2"),
      rule("encoder\\.layer\\.(\\d+)\\.output\\.dense\\.(weight|bias)", "blocks.$1.mlp.fc_out.$2"),
      rule("encoder\\.layer\\.(\\d+)\\.output\\.LayerNorm\\.(weight|bias)", "blocks.$1.ln2.$2"),
      rule("cls\\.predictions\\.transform\\.dense\\.(weight|bias)", "mlm.transform.$1"),
      rule("cls\\.predictions\\.transform\\.LayerNorm\\.(weight|bias)", "mlm.ln.$1"),
      rule("cls\\.predictions\\.bias", "mlm.bias"));

  /**
   * Parts of Hugging Face checkpoints that phaselab's encoder does not have and that an import
   * drops by name (recorded in model.json): the tanh pooler, the next-sentence head, the MLM
   * decoder (tied to the token embedding in BERT, so a copy of it) and the position-id buffer.
   */
  private static final Pattern DROPPABLE = Pattern.compile(
      "pooler\\.dense\\.(weight|bias)|cls\\.seq_relationship\\.(weight|bias)|cls\\.predictions\\.decoder\\.(weight|bias)"
          + "|embeddings\\.position_ids");

  private BertNames() {}

  private static Rule rule(String hf, String phaselab) {
    return new Rule(Pattern.compile(hf), phaselab);
  }

  /** The name without a leading "bert." (BertForPreTraining and friends prefix the body). */
  public static String unprefixed(String hfName) {
    return hfName.startsWith("bert.") ? hfName.substring(5) : hfName;
  }

  /** phaselab's name for a Hugging Face BERT parameter, or null when it has none. */
  public static String toPhaselab(String hfName) {
    String name = unprefixed(hfName);
    for (Rule r : RULES) {
      Matcher m = r.hf().matcher(name);
      if (m.matches()) {
        return m.replaceFirst(r.phaselab());
      }
    }
    return null;
  }

  public static boolean droppable(String hfName) {
    return DROPPABLE.matcher(unprefixed(hfName)).matches();
  }

  /** The Hugging Face name (BertModel's, unprefixed; MLM head under cls.) of a phaselab parameter, or null. */
  public static String toHuggingFace(String phaselabName) {
    String[][] back = {
        {"embed\\.weight", "embeddings.word_embeddings.weight"},
        {"pos_embed\\.weight", "embeddings.position_embeddings.weight"},
        {"seg_embed\\.weight", "embeddings.token_type_embeddings.weight"},
        {"embed_ln\\.(weight|bias)", "embeddings.LayerNorm.$1"},
        {"blocks\\.(\\d+)\\.attn\\.(query|key|value)\\.(weight|bias)", "encoder.layer.$1.attention.self.$2.$3"},
        {"blocks\\.(\\d+)\\.attn\\.proj\\.(weight|bias)", "encoder.layer.$1.attention.output.dense.$2"},
        {"blocks\\.(\\d+)\\.ln1\\.(weight|bias)", "encoder.layer.$1.attention.output.LayerNorm.$2"},
        {"blocks\\.(\\d+)\\.mlp\\.fc_in\\.(weight|bias)", "encoder.layer.$1.intermediate.dense.$2"},
        {"blocks\\.(\\d+)\\.mlp\\.fc_out\\.(weight|bias)", "encoder.layer.$1.output.dense.$2"},
        {"blocks\\.(\\d+)\\.ln2\\.(weight|bias)", "encoder.layer.$1.output.LayerNorm.$2"},
        {"mlm\\.transform\\.(weight|bias)", "cls.predictions.transform.dense.$1"},
        {"mlm\\.ln\\.(weight|bias)", "cls.predictions.transform.LayerNorm.$1"},
        {"mlm\\.bias", "cls.predictions.bias"}};
    for (String[] b : back) {
      Matcher m = Pattern.compile(b[0]).matcher(phaselabName);
      if (m.matches()) {
        return m.replaceFirst(b[1]);
      }
    }
    return null;
  }
}
