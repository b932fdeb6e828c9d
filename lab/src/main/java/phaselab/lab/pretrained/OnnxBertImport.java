package phaselab.lab.pretrained;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import phaselab.engine.io.Safetensors;
import phaselab.engine.nn.FeedForward;
import phaselab.engine.model.TransformerConfig;

/**
 * An ONNX export of a Hugging Face BERT (torch.onnx of BertModel, as sentence-transformers and
 * Optimum write it) → {@link PretrainedBert}. The exporter keeps Hugging Face names for
 * embeddings, biases and LayerNorms but names the Linear weights by node ({@code onnx::MatMul_787});
 * each of those is identified by the graph: the MatMul that reads it feeds an Add with a named bias
 * ({@code encoder.layer.0.attention.self.query.bias} → {@code ….query.weight}), and is stored
 * (in, out), so it is transposed to PyTorch's (out, in). The head count comes from the attention
 * reshape's constants, the GELU form from the operators (Erf: exact; Tanh: the tanh form), and
 * LayerNorm's ε from the constant added to the variance. Every initialiser must be accounted for:
 * one that maps to nothing is an error that names it.
 */
public final class OnnxBertImport {
  private OnnxBertImport() {}

  public static PretrainedBert read(Path onnxFile, BertTokenizer tokenizer) throws IOException {
    OnnxModel g = OnnxModel.read(onnxFile);
    String src = onnxFile.toString();
    Map<String, Safetensors.Entry> weights = new LinkedHashMap<>();
    List<String> dropped = new ArrayList<>();
    for (OnnxModel.Initializer init : g.initializers().values()) {
      String hf = init.name();
      boolean transpose = false;
      if (BertNames.droppable(hf)) {
        checkPositionIds(src, init);
        dropped.add(hf);
        continue;
      }
      if (BertNames.toPhaselab(hf) == null) {
        hf = weightNameFromGraph(g, init);
        transpose = true;
        if (hf == null) {
          throw new ImportException(src + ": initialiser '" + init.name() + "' " + java.util.Arrays.toString(init.dims())
              + " is not a BERT parameter phaselab can place (no Hugging Face name, and not the weight of a MatMul followed by a "
              + "named bias); this is not a BERT encoder export phaselab reads");
        }
      }
      if (!init.isFloat()) {
        throw new ImportException(src + ": initialiser '" + init.name() + "' (" + hf + ") is not float32");
      }
      String name = BertNames.toPhaselab(hf);
      Safetensors.Entry entry = transpose ? transposed(init) : Safetensors.Entry.f32(init.floats(), ints(init.dims()));
      if (weights.put(name, entry) != null) {
        throw new ImportException(src + ": two initialisers map to '" + name + "' (the second is '" + init.name() + "')");
      }
    }
    Safetensors.Entry embed = require(src, weights, "embed.weight", "embeddings.word_embeddings.weight");
    Safetensors.Entry pos = require(src, weights, "pos_embed.weight", "embeddings.position_embeddings.weight");
    Safetensors.Entry seg = require(src, weights, "seg_embed.weight", "embeddings.token_type_embeddings.weight");
    Safetensors.Entry fcIn = require(src, weights, "blocks.0.mlp.fc_in.weight", "encoder.layer.0.intermediate.dense weight");
    int width = (int) embed.shape()[1];
    int layers = 0;
    while (weights.containsKey("blocks." + layers + ".ln2.weight")) {
      layers++;
    }
    TransformerConfig config = PretrainedBert.bertConfig((int) embed.shape()[0], width, heads(g, src, width), (int) fcIn.shape()[0],
        layers, (int) pos.shape()[0], (int) seg.shape()[0], activation(g, src), lnEps(g, src));
    ObjectNode origin = JsonNodeFactory.instance.objectNode();
    origin.put("kind", "onnx");
    origin.put("file", onnxFile.getFileName().toString());
    origin.put("sha256", PretrainedBert.sha256(onnxFile));
    origin.put("producer", g.producer());
    return new PretrainedBert(config, weights, tokenizer, origin, dropped).validated(src);
  }

  /** The Hugging Face name of a MatMul weight: the bias added to its product, ".bias" → ".weight". */
  private static String weightNameFromGraph(OnnxModel g, OnnxModel.Initializer init) {
    if (init.dims().length != 2) {
      return null;
    }
    for (OnnxModel.Node mm : g.consumers(init.name())) {
      if (!mm.opType().equals("MatMul") || mm.inputs().size() != 2 || !mm.inputs().get(1).equals(init.name())) {
        continue;
      }
      for (OnnxModel.Node add : g.consumers(mm.outputs().get(0))) {
        if (!add.opType().equals("Add")) {
          continue;
        }
        for (String in : add.inputs()) {
          if (in.endsWith(".bias") && g.initializers().containsKey(in) && BertNames.toPhaselab(in) != null) {
            return in.substring(0, in.length() - ".bias".length()) + ".weight";
          }
        }
      }
    }
    return null;
  }

  private static Safetensors.Entry transposed(OnnxModel.Initializer init) {
    int in = (int) init.dims()[0];
    int out = (int) init.dims()[1];
    float[] src = init.floats();
    float[] t = new float[src.length];
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        t[o * in + i] = src[i * out + o];
      }
    }
    return Safetensors.Entry.f32(t, out, in);
  }

  /** The position-id buffer must be 0, 1, 2, … (anything else would change what positions mean). */
  private static void checkPositionIds(String src, OnnxModel.Initializer init) throws ImportException {
    if (init.longs() == null) {
      return; // a float copy of a head, dropped by name
    }
    for (int i = 0; i < init.longs().length; i++) {
      if (init.longs()[i] != i) {
        throw new ImportException(src + ": '" + init.name() + "' is not 0, 1, 2, …; phaselab's encoder uses absolute positions");
      }
    }
  }

  /** Heads: the attention reshape (B, T, NH, HS) of the first query projection, from its constant dims. */
  private static int heads(OnnxModel g, String src, int width) throws ImportException {
    String queryOut = null;
    for (OnnxModel.Node n : g.nodes()) {
      if (n.opType().equals("Add") && n.inputs().contains("encoder.layer.0.attention.self.query.bias")) {
        queryOut = n.outputs().get(0);
      }
    }
    if (queryOut != null) {
      for (OnnxModel.Node r : g.consumers(queryOut)) {
        if (!r.opType().equals("Reshape")) {
          continue;
        }
        List<Long> dims = constantInts(g, r.inputs().get(1));
        for (int i = 0; i + 1 < dims.size(); i++) {
          if (dims.get(i) > 0 && dims.get(i + 1) > 0 && dims.get(i) * dims.get(i + 1) == width) {
            return dims.get(i).intValue();
          }
        }
      }
    }
    throw new ImportException(src + ": cannot find the number of attention heads (no reshape of the first query projection into "
        + "heads × head size); this is not a BERT export phaselab reads");
  }

  /** The known integer values making up a shape: a Constant, or a Concat of Constants and dynamic parts (-1 for those). */
  private static List<Long> constantInts(OnnxModel g, String value) {
    List<Long> out = new ArrayList<>();
    OnnxModel.Node w = g.writer(value);
    if (w == null) {
      OnnxModel.Initializer init = g.initializers().get(value);
      if (init != null && init.longs() != null) {
        for (long v : init.longs()) {
          out.add(v);
        }
      }
    } else if (w.opType().equals("Constant") && w.value() != null && w.value().longs() != null) {
      for (long v : w.value().longs()) {
        out.add(v);
      }
    } else if (w.opType().equals("Concat")) {
      for (String in : w.inputs()) {
        List<Long> part = constantInts(g, in);
        out.addAll(part.isEmpty() ? List.of(-1L) : part);
      }
    }
    return out;
  }

  private static FeedForward.Activation activation(OnnxModel g, String src) throws ImportException {
    Set<String> ops = new TreeSet<>();
    g.nodes().forEach(n -> ops.add(n.opType()));
    if (ops.contains("Erf") || ops.contains("Gelu")) {
      return FeedForward.Activation.GELU_EXACT;
    }
    if (ops.contains("Tanh") || ops.contains("FastGelu")) {
      return FeedForward.Activation.GELU;
    }
    throw new ImportException(src + ": no GELU in the graph (operators: " + ops + "); phaselab imports BERTs with GELU");
  }

  /** ε: the scalar constant added to the variance (an Add fed by a ReduceMean) in every LayerNorm; 1e-12 if absent. */
  private static float lnEps(OnnxModel g, String src) throws ImportException {
    Set<Float> eps = new TreeSet<>();
    for (OnnxModel.Node add : g.nodes()) {
      if (!add.opType().equals("Add") || add.inputs().size() != 2) {
        continue;
      }
      OnnxModel.Node a = g.writer(add.inputs().get(0));
      OnnxModel.Node b = g.writer(add.inputs().get(1));
      if (a != null && b != null && a.opType().equals("ReduceMean") && b.opType().equals("Constant") && b.value() != null
          && b.value().floats() != null && b.value().floats().length == 1) {
        eps.add(b.value().floats()[0]);
      }
    }
    if (eps.size() > 1) {
      throw new ImportException(src + ": LayerNorms with different ε " + eps + "; phaselab's encoder uses one");
    }
    return eps.isEmpty() ? 1e-12f : eps.iterator().next();
  }

  private static Safetensors.Entry require(String src, Map<String, Safetensors.Entry> w, String name, String hf)
      throws ImportException {
    Safetensors.Entry e = w.get(name);
    if (e == null) {
      throw new ImportException(src + ": no '" + hf + "'; this is not a BERT encoder export phaselab reads");
    }
    return e;
  }

  private static int[] ints(long[] dims) {
    int[] r = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      r[i] = (int) dims[i];
    }
    return r;
  }
}
