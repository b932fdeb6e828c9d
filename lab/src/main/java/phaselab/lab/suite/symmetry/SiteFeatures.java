package phaselab.lab.suite.symmetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.autograd.Tape;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.nn.Dropout;
import phaselab.engine.nn.Hooks;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.text.MlmData;
import phaselab.lab.task.text.RelationEncoding;
import phaselab.lab.workload.MlmWorkload;
import phaselab.lab.workload.RelationWorkload;
import phaselab.lab.workload.SupervisedWorkload;
import phaselab.lab.workload.Workload;

/**
 * Frozen activations of an analysis site (docs/research.md A.1 step 2), one row per example, with the
 * output each row should produce, and the readout that turns them into fields.
 *
 * <p>Sites: "classifier" (relation runs: the input of the fine-tuned classifier — the hidden states
 * at [E1] and [E2] concatenated, 2·d nodes, or at [CLS] with pool: cls), "mlm" (MLM runs: the input
 * of the MLM decoder), "L.z" (the per-head attention output of block L before the output
 * projection: heads × d_head nodes), "L.out" (block L's output, d_model nodes), "L.ffn" (block L's
 * feed-forward hidden layer). L may be negative (−1 = last block). "auto" is classifier for
 * relation runs and mlm for MLM runs.
 *
 * <p>Readouts: "model" reads the two sites that feed an output layer through that layer itself —
 * the trained classifier, or the MLM decoder over the whole vocabulary (tied embeddings + bias), so
 * the all-node accuracy is the model's own; "fitted" trains a softmax regression on the frozen
 * features (the only option for internal sites). "auto" is model where there is one.
 *
 * <p>Positions: relation runs read every classification position the classifier reads, concatenated
 * in its order ([E1] then [E2]); a head's nodes are its d_head nodes at each of those positions. MLM
 * runs read the masked positions of held-out text: the first half fits a readout (when one is fitted;
 * its means serve mean silencing), the second half tests. The {@code topTokens} most frequent
 * targets are the reported outputs; with the model readout every masked position is kept and the
 * argmax runs over the full vocabulary, with a fitted readout (a vocabulary-sized regression is not
 * fittable here) the rows are those whose target is a reported token and the argmax runs over them.
 *
 * @param heads each head's node indices (empty for sites without heads)
 * @param outputs names of the reported outputs
 * @param reported the readout's output index of each reported output
 * @param decoder the model's own readout, or null when one is to be fitted
 * @param readoutKind "model" or "fitted"
 */
public record SiteFeatures(String site, int nodes, List<int[]> heads, List<String> outputs, int[] reported, float[] train, int[] yTrain,
    float[] test, int[] yTest, Readout decoder, String readoutKind) {

  public int nTrain() {
    return yTrain.length;
  }

  public int nTest() {
    return yTest.length;
  }

  /** Number of outputs the argmax runs over. */
  public int outputsCount() {
    return decoder != null ? decoder.outputs() : outputs.size();
  }

  public static SiteFeatures extract(Workload work, String site, int limit, int topTokens) {
    return extract(work, site, "auto", limit, topTokens);
  }

  /** {@code readout}: auto, model or fitted. */
  public static SiteFeatures extract(Workload work, String site, String readout, int limit, int topTokens) {
    if (work instanceof SupervisedWorkload sup) {
      return mlpSite(sup, site, readout, limit);
    }
    BertEncoder model;
    if (work instanceof RelationWorkload r) {
      model = r.model();
    } else if (work instanceof MlmWorkload m) {
      model = m.model();
    } else {
      throw new IllegalArgumentException("the node probe reads BERT encoders (tasks mlm and relation) and classifying MLPs; this run trains "
          + work.describe());
    }
    if (!List.of("auto", "model", "fitted").contains(readout)) {
      throw new IllegalArgumentException("readout '" + readout + "' is not one of auto, model, fitted");
    }
    boolean relation = work instanceof RelationWorkload;
    String at = site.equals("auto") ? (relation ? "classifier" : "mlm") : site;
    if (at.equals("classifier") && !relation || at.equals("mlm") && relation) {
      throw new IllegalArgumentException("site '" + at + "' belongs to " + (relation ? "MLM" : "relation") + " runs; this run trains "
          + work.describe() + " (use " + (relation ? "classifier" : "mlm") + ", or an internal site L.z, L.out, L.ffn)");
    }
    boolean outputSite = at.equals("classifier") || at.equals("mlm");
    if (readout.equals("model") && !outputSite) {
      throw new IllegalArgumentException("readout model needs the input of an output layer (site classifier or mlm); site '" + at
          + "' is internal: use readout fitted");
    }
    boolean useModel = outputSite && !readout.equals("fitted");
    String hook = hookName(model, at);
    Map<String, Tensor> params = model.namedParameters();
    if (work instanceof RelationWorkload r) {
      int positions = model.classPositions;
      Rows train = relationRows(r, r.train(), hook, limit);
      Rows test = relationRows(r, r.test(), hook, limit);
      List<int[]> heads = new ArrayList<>();
      if (at.endsWith(".z")) {
        int width = train.d / positions;
        int hs = width / model.config.heads();
        for (int h = 0; h < model.config.heads(); h++) {
          int[] nodes = new int[hs * positions];
          for (int p = 0; p < positions; p++) {
            for (int j = 0; j < hs; j++) {
              nodes[p * hs + j] = p * width + h * hs + j;
            }
          }
          heads.add(nodes);
        }
      }
      List<String> labels = r.data().labels();
      Readout decoder = null;
      if (useModel) {
        Tensor w = params.get("cls.classifier.weight");
        Tensor b = params.get("cls.classifier.bias");
        decoder = new Readout(labels.size(), train.d, toDouble(w.data), toDouble(b.data));
      }
      return new SiteFeatures(at, train.d, heads, labels, identity(labels.size()), train.h, train.y, test.h, test.y, decoder,
          useModel ? "model" : "fitted");
    }
    MlmWorkload m = (MlmWorkload) work;
    List<MlmData.Masked> held = m.heldOut(limit);
    Rows all = mlmRows(m, held, hook);
    Map<Integer, Integer> freq = new LinkedHashMap<>();
    for (int t : all.y) {
      freq.merge(t, 1, Integer::sum);
    }
    List<Integer> top = new ArrayList<>(freq.keySet());
    top.sort((a, b) -> freq.get(a).equals(freq.get(b)) ? Integer.compare(a, b) : Integer.compare(freq.get(b), freq.get(a)));
    top = top.subList(0, Math.min(topTokens, top.size()));
    List<String> names = new ArrayList<>();
    for (int t : top) {
      names.add(m.data().vocab().token(t));
    }
    List<int[]> heads = new ArrayList<>();
    if (at.endsWith(".z")) {
      int hs = all.d / model.config.heads();
      for (int h = 0; h < model.config.heads(); h++) {
        heads.add(java.util.stream.IntStream.range(h * hs, (h + 1) * hs).toArray());
      }
    }
    if (useModel) {
      // every masked position, targets as vocabulary ids, the decoder over the whole vocabulary
      int half = all.y.length / 2;
      Rows train = all.rows(0, half);
      Rows test = all.rows(half, all.y.length);
      int vocab = params.get("embed.weight").dim(0);
      Readout decoder = new Readout(vocab, all.d, toDouble(params.get("embed.weight").data), toDouble(params.get("mlm.bias").data));
      return new SiteFeatures(at, all.d, heads, names, top.stream().mapToInt(Integer::intValue).toArray(), train.h, train.y, test.h, test.y,
          decoder, "model");
    }
    Map<Integer, Integer> label = new LinkedHashMap<>();
    for (int t : top) {
      label.put(t, label.size());
    }
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < all.y.length; i++) {
      if (label.containsKey(all.y[i])) {
        keep.add(i);
      }
    }
    int half = keep.size() / 2;
    Rows train = all.select(keep.subList(0, half), label);
    Rows test = all.select(keep.subList(half, keep.size()), label);
    return new SiteFeatures(at, all.d, heads, names, identity(names.size()), train.h, train.y, test.h, test.y, null, "fitted");
  }

  /**
   * An MLP classifier's hidden layer ("hidden" = the last, "hidden.L" = layer L, after the
   * activation): the first {@code limit} training and test examples. Readout "model" (or auto) is
   * the next layer when it is the output layer; otherwise one is fitted.
   */
  private static SiteFeatures mlpSite(SupervisedWorkload w, String site, String readout, int limit) {
    if (!w.train().classification()) {
      throw new IllegalArgumentException("the node probe needs class labels; this run regresses (" + w.describe() + ")");
    }
    if (w.model() instanceof phaselab.engine.model.Cnn cnn) {
      return cnnSite(w, cnn, site, readout, limit);
    }
    phaselab.engine.model.Mlp mlp = (phaselab.engine.model.Mlp) w.model();
    int hiddenLayers = mlp.widths().length - 2;
    if (hiddenLayers < 1) {
      throw new IllegalArgumentException("this MLP has no hidden layer to analyse");
    }
    String at = site.equals("auto") ? "hidden" : site;
    int layer;
    if (at.equals("hidden")) {
      layer = hiddenLayers - 1;
    } else if (at.startsWith("hidden.")) {
      try {
        layer = Integer.parseInt(at.substring("hidden.".length()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("site '" + at + "': expected hidden or hidden.L with L a layer index");
      }
      layer = layer < 0 ? layer + hiddenLayers : layer;
      if (layer < 0 || layer >= hiddenLayers) {
        throw new IllegalArgumentException("site '" + at + "': the MLP has hidden layers 0.." + (hiddenLayers - 1));
      }
    } else {
      throw new IllegalArgumentException("site '" + at + "' is not a site of an MLP; use hidden (the last hidden layer) or hidden.L");
    }
    boolean last = layer == hiddenLayers - 1;
    if (readout.equals("model") && !last) {
      throw new IllegalArgumentException("readout model needs the last hidden layer (site hidden); site '" + at + "' is internal: use readout fitted");
    }
    String hook = "layers." + layer + ".post";
    Rows train = mlpRows(w, w.train(), hook, limit);
    Rows test = mlpRows(w, w.test(), hook, limit);
    int k = mlp.widths()[mlp.widths().length - 1];
    List<String> labels = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      labels.add(Integer.toString(c));
    }
    Readout decoder = null;
    if (last && !readout.equals("fitted")) {
      var out = mlp.layers().get(hiddenLayers);
      decoder = new Readout(k, train.d, toDouble(out.weight.data), out.bias == null ? new double[k] : toDouble(out.bias.data));
    }
    return new SiteFeatures(at, train.d, List.of(), labels, identity(k), train.h, train.y, test.h, test.y, decoder,
        decoder != null ? "model" : "fitted");
  }

  /**
   * A CNN's last block after pooling ("filters"), the input of its output layer: every filter is a
   * group of nodes (its h × w positions), as the Kanter group's single-filter measure reads it; the
   * readout is the output layer (model, the default) or a fitted one.
   */
  private static SiteFeatures cnnSite(SupervisedWorkload w, phaselab.engine.model.Cnn cnn, String site, String readout, int limit) {
    String at = site.equals("auto") ? "filters" : site;
    if (!at.equals("filters")) {
      throw new IllegalArgumentException("site '" + at + "' is not a site of a CNN; use filters (the last conv block's filters)");
    }
    String hook = cnn.namedHooks().keySet().stream().filter(h -> h.endsWith(".pool")).reduce((a, b) -> b).orElseThrow();
    Rows train = mlpRows(w, w.train(), hook, limit);
    Rows test = mlpRows(w, w.test(), hook, limit);
    int filters = cnn.lastFilters();
    int per = train.d / filters;
    List<int[]> groups = new ArrayList<>();
    for (int f = 0; f < filters; f++) {
      groups.add(java.util.stream.IntStream.range(f * per, (f + 1) * per).toArray());
    }
    var out = cnn.output();
    int k = out.out;
    List<String> labels = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      labels.add(Integer.toString(c));
    }
    Readout decoder = readout.equals("fitted") ? null
        : new Readout(k, train.d, toDouble(out.weight.data), out.bias == null ? new double[k] : toDouble(out.bias.data));
    return new SiteFeatures(at, train.d, groups, labels, identity(k), train.h, train.y, test.h, test.y, decoder,
        decoder != null ? "model" : "fitted");
  }

  private static Rows mlpRows(SupervisedWorkload w, phaselab.lab.task.supervised.Examples data, String hook, int limit) {
    int n = Math.min(limit, data.n());
    int[] rows = java.util.stream.IntStream.range(0, n).toArray();
    Tensor[] seen = new Tensor[1];
    try (Hooks hooks = w.model().hooks(); Tape.NoGrad ignored = Tape.noGrad()) {
      hooks.forward(hook, (name, x) -> {
        seen[0] = x;
        return x;
      });
      w.model().forward(data.inputs(rows));
    }
    int[] y = java.util.Arrays.copyOf(data.labels(), n);
    return new Rows(seen[0].data.clone(), y, seen[0].size() / n);
  }

  private static int[] identity(int k) {
    return java.util.stream.IntStream.range(0, k).toArray();
  }

  private static double[] toDouble(float[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i];
    }
    return out;
  }

  static String hookName(BertEncoder model, String site) {
    if (site.equals("mlm")) {
      return "mlm.ln";
    }
    if (site.equals("classifier")) {
      return "cls.pooled";
    }
    String[] p = site.split("\\.");
    if (p.length != 2 || !List.of("z", "out", "ffn").contains(p[1])) {
      throw new IllegalArgumentException("site '" + site + "' is not one of classifier, mlm, auto, L.z, L.out, L.ffn (L a block index, −1 = last)");
    }
    int layers = model.config.layers();
    int l;
    try {
      l = Integer.parseInt(p[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("site '" + site + "': '" + p[0] + "' is not a block index");
    }
    if (l < 0) {
      l += layers;
    }
    if (l < 0 || l >= layers) {
      throw new IllegalArgumentException("site '" + site + "': the encoder has blocks 0.." + (layers - 1));
    }
    return switch (p[1]) {
      case "z" -> "blocks." + l + ".attn.z";
      case "ffn" -> "blocks." + l + ".mlp.post";
      default -> "blocks." + l + (model.config.preLn() ? ".resid_post" : ".ln2");
    };
  }

  private record Rows(float[] h, int[] y, int d) {
    Rows rows(int from, int to) {
      return new Rows(java.util.Arrays.copyOfRange(h, from * d, to * d), java.util.Arrays.copyOfRange(y, from, to), d);
    }

    Rows select(List<Integer> rows, Map<Integer, Integer> label) {
      float[] out = new float[rows.size() * d];
      int[] ys = new int[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        System.arraycopy(h, rows.get(i) * d, out, i * d, d);
        ys[i] = label.get(y[rows.get(i)]);
      }
      return new Rows(out, ys, d);
    }
  }

  private static Rows relationRows(RelationWorkload r, RelationEncoding set, String hook, int limit) {
    int n = Math.min(limit, set.ids().size());
    List<float[]> rows = new ArrayList<>();
    int[] y = new int[n];
    int d = -1;
    for (int from = 0; from < n; from += 64) {
      int[] ex = java.util.stream.IntStream.range(from, Math.min(n, from + 64)).toArray();
      Tensor[] seen = new Tensor[1];
      try (Hooks hooks = r.model().hooks(); Tape.NoGrad ignored = Tape.noGrad()) {
        hooks.forward(hook, (name, x) -> {
          seen[0] = x;
          return x;
        });
        r.logits(set, ex, Dropout.EVAL);
      }
      Tensor t = seen[0];
      if (t.rank() == 2) { // cls.pooled: the classifier's input, one row per example
        d = t.dim(1);
        for (int i = 0; i < ex.length; i++) {
          rows.add(java.util.Arrays.copyOfRange(t.data, i * d, (i + 1) * d));
          y[ex[i]] = set.labels()[ex[i]];
        }
        continue;
      }
      int seq = t.dim(1);
      int width = t.dim(2);
      for (int i = 0; i < ex.length; i++) {
        int[] pos = set.positions().get(ex[i]);
        d = width * pos.length;
        float[] row = new float[d];
        for (int p = 0; p < pos.length; p++) {
          System.arraycopy(t.data, (i * seq + pos[p]) * width, row, p * width, width);
        }
        rows.add(row);
        y[ex[i]] = set.labels()[ex[i]];
      }
    }
    float[] h = new float[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows.get(i), 0, h, i * d, d);
    }
    return new Rows(h, y, d);
  }

  /** Activations at the masked positions, in the order of the workload's own MLM forward pass. */
  private static Rows mlmRows(MlmWorkload m, List<MlmData.Masked> held, String hook) {
    List<float[]> rows = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    int d = m.model().config.width();
    for (int from = 0; from < held.size(); from += 32) {
      List<MlmData.Masked> batch = held.subList(from, Math.min(held.size(), from + 32));
      Tensor[] seen = new Tensor[1];
      Tensor[] r;
      try (Hooks hooks = m.model().hooks(); Tape.NoGrad ignored = Tape.noGrad()) {
        hooks.forward(hook, (name, x) -> {
          seen[0] = x;
          return x;
        });
        r = m.forward(batch, Dropout.EVAL);
      }
      Tensor t = seen[0];
      d = t.dim(t.rank() - 1);
      if (t.rank() == 2) { // mlm.ln sees only the masked rows, in target order
        for (int i = 0; i < r[2].size(); i++) {
          rows.add(java.util.Arrays.copyOfRange(t.data, i * d, (i + 1) * d));
          ys.add((int) r[2].data[i]);
        }
        continue;
      }
      int seq = t.dim(1);
      for (int s = 0; s < batch.size(); s++) {
        int[] tg = batch.get(s).target();
        for (int p = 0; p < tg.length; p++) {
          if (tg[p] >= 0) {
            rows.add(java.util.Arrays.copyOfRange(t.data, (s * seq + p) * d, (s * seq + p + 1) * d));
            ys.add(tg[p]);
          }
        }
      }
    }
    float[] h = new float[rows.size() * d];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, h, i * d, d);
    }
    return new Rows(h, ys.stream().mapToInt(Integer::intValue).toArray(), d);
  }
}
