package phaselab.lab.probe.nodes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.autograd.Tape;
import phaselab.engine.nn.BertEncoder;
import phaselab.engine.nn.Dropout;
import phaselab.engine.nn.Hooks;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.text.MlmData;
import phaselab.lab.task.text.RelationEncoding;
import phaselab.lab.train.MlmWorkload;
import phaselab.lab.train.RelationWorkload;
import phaselab.lab.train.Workload;

/**
 * Frozen activations of an analysis site (RESEARCH.md A.1 step 2), one row per example, with the
 * output each row should produce. Sites: "L.z" (the per-head attention output of block L before the
 * output projection: heads × d_head nodes), "L.out" (block L's output, d_model nodes), "L.ffn"
 * (block L's feed-forward hidden layer) and, for MLM runs, "mlm" (the input of the MLM decoder, whose
 * readout is the decoder itself). L may be negative (−1 = last block). Positions: the first
 * classification position for relation runs ([E1], or [CLS] with pool: cls); the masked positions
 * of held-out text for MLM runs, keeping those whose target is among the {@code topTokens} most
 * frequent targets (ours: a vocabulary-sized label matrix is neither computable nor readable).
 */
public record SiteFeatures(String site, int nodes, int headSize, List<String> outputs, float[] train, int[] yTrain, float[] test,
    int[] yTest, Readout decoder) {

  public int nTrain() {
    return yTrain.length;
  }

  public int nTest() {
    return yTest.length;
  }

  public static SiteFeatures extract(Workload work, String site, int limit, int topTokens) {
    BertEncoder model;
    if (work instanceof RelationWorkload r) {
      model = r.model();
    } else if (work instanceof MlmWorkload m) {
      model = m.model();
    } else {
      throw new IllegalArgumentException("the node probe reads BERT encoders (tasks mlm and relation); this run trains " + work.describe());
    }
    String hook = hookName(model, site);
    int headSize = site.endsWith(".z") ? model.config.width() / model.config.heads() : 0;
    if (work instanceof RelationWorkload r) {
      Rows train = relationRows(r, r.train(), hook, limit);
      Rows test = relationRows(r, r.test(), hook, limit);
      return new SiteFeatures(site, train.d, headSize, r.data().labels(), train.h, train.y, test.h, test.y, null);
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
    Map<Integer, Integer> label = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (int t : top) {
      label.put(t, names.size());
      names.add(m.data().vocab().token(t));
    }
    // first half of the held-out rows fits a readout (when one is fitted), the second half tests
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < all.y.length; i++) {
      if (label.containsKey(all.y[i])) {
        keep.add(i);
      }
    }
    int half = keep.size() / 2;
    Rows train = all.select(keep.subList(0, half), label);
    Rows test = all.select(keep.subList(half, keep.size()), label);
    Readout decoder = null;
    if (site.equals("mlm")) {
      Map<String, Tensor> p = model.namedParameters();
      float[] emb = p.get("embed.weight").data;
      float[] bias = p.get("mlm.bias").data;
      int c = model.config.width();
      double[] w = new double[top.size() * c];
      double[] b = new double[top.size()];
      for (int k = 0; k < top.size(); k++) {
        for (int i = 0; i < c; i++) {
          w[k * c + i] = emb[top.get(k) * c + i];
        }
        b[k] = bias[top.get(k)];
      }
      decoder = new Readout(top.size(), c, w, b);
    }
    return new SiteFeatures(site, all.d, headSize, names, train.h, train.y, test.h, test.y, decoder);
  }

  static String hookName(BertEncoder model, String site) {
    if (site.equals("mlm")) {
      return "mlm.ln";
    }
    String[] p = site.split("\\.");
    if (p.length != 2 || !List.of("z", "out", "ffn").contains(p[1])) {
      throw new IllegalArgumentException("site '" + site + "' is not one of L.z, L.out, L.ffn (L a block index, −1 = last) or mlm");
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
      int seq = t.dim(1);
      d = t.dim(2);
      for (int i = 0; i < ex.length; i++) {
        int pos = set.positions().get(ex[i])[0];
        float[] row = new float[d];
        System.arraycopy(t.data, (i * seq + pos) * d, row, 0, d);
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

  private static Rows mlmRows(MlmWorkload m, List<MlmData.Masked> held, String hook) {
    List<float[]> rows = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    int d = m.model().config.width();
    for (int from = 0; from < held.size(); from += 32) {
      List<MlmData.Masked> batch = held.subList(from, Math.min(held.size(), from + 32));
      Tensor[] seen = new Tensor[1];
      int seq = batch.get(0).input().length;
      List<Integer> positions = new ArrayList<>();
      for (int s = 0; s < batch.size(); s++) {
        int[] tg = batch.get(s).target();
        for (int t = 0; t < tg.length; t++) {
          if (tg[t] >= 0) {
            positions.add(s * seq + t);
            ys.add(tg[t]);
          }
        }
      }
      int[] ids = new int[batch.size() * seq];
      for (int s = 0; s < batch.size(); s++) {
        System.arraycopy(batch.get(s).input(), 0, ids, s * seq, seq);
      }
      try (Hooks hooks = m.model().hooks(); Tape.NoGrad ignored = Tape.noGrad()) {
        hooks.forward(hook, (name, x) -> {
          seen[0] = x;
          return x;
        });
        Tensor hidden = m.model().encode(ids, null, null, batch.size(), seq, Dropout.EVAL);
        m.model().mlmLogits(hidden, positions.stream().mapToInt(Integer::intValue).toArray());
      }
      Tensor t = seen[0];
      boolean perPosition = t.rank() == 2; // mlm.ln sees only the masked rows
      d = t.dim(t.rank() - 1);
      for (int i = 0; i < positions.size(); i++) {
        float[] row = new float[d];
        System.arraycopy(t.data, (perPosition ? i : positions.get(i)) * d, row, 0, d);
        rows.add(row);
      }
    }
    float[] h = new float[rows.size() * d];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, h, i * d, d);
    }
    return new Rows(h, ys.stream().mapToInt(Integer::intValue).toArray(), d);
  }
}
