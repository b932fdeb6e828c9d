package phaselab.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import phaselab.engine.autograd.Losses;
import phaselab.engine.autograd.OpProfile;
import phaselab.engine.autograd.Pointwise;
import phaselab.engine.model.BertEncoder;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.nn.Dropout;
import phaselab.engine.nn.Module;
import phaselab.engine.model.TransformerConfig;
import phaselab.engine.optim.AdamW;
import phaselab.engine.optim.GradClip;
import phaselab.engine.optim.GradientStep;
import phaselab.engine.optim.Optimizer;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Arena;
import phaselab.engine.tensor.Parallel;
import phaselab.engine.tensor.Tensor;

/**
 * One full training step (forward, vocabulary logits and cross-entropy at every position,
 * backward, clip, AdamW) at fixed shapes, through the trainer's own {@link GradientStep}; {@code train_twin.py} does the same in PyTorch.
 * Models: post-LN blocks, GELU, learned positions, untied output.
 */
public final class TrainBench {
  private static final float[] ONE_MICRO_BATCH = {1f};

  private TrainBench() {}

  /** A benchmark shape. */
  public record Shape(String name, int vocab, int width, int heads, int hidden, int layers, int seq, int batch, boolean causal) {
    public long tokensPerStep() {
      return (long) seq * batch;
    }

    /**
     * Multiply-add FLOPs of one training step's matrix products (2 per multiply-add): per layer
     * the Q, K, V and output projections, the two FFN layers and the two attention products, then
     * the vocabulary logits (and BERT's MLM transform); backward costs twice the forward. What a
     * step's GFLOP/s and its fraction of the FMA limit are computed from.
     */
    public double gemmFlopsPerStep() {
      double n = tokensPerStep();
      double perLayer = 2 * n * (4.0 * width * width + 2.0 * width * hidden) + 2 * 2.0 * batch * seq * seq * width;
      double head = 2 * n * width * vocab + (causal ? 0 : 2 * n * width * width);
      return 3 * (layers * perLayer + head);
    }
  }

  public static final Map<String, Shape> SHAPES = Map.of(
      "dyck-small", new Shape("dyck-small", 44, 128, 4, 512, 4, 64, 32, true),
      "grok-paper", new Shape("grok-paper", 100, 512, 8, 2048, 6, 32, 8, true),
      "bert-mini", new Shape("bert-mini", 8000, 256, 4, 1024, 6, 128, 16, false));

  /** Runs {@code warmup} untimed and {@code steps} timed steps; returns the JSON fields. */
  public static Map<String, Object> run(String name, int threads, int steps, int warmup) {
    return run(name, threads, steps, warmup, false);
  }

  /**
   * The same; with {@code profile} the timed steps also go through {@link OpProfile} and the result
   * holds "profile": the segments of a step (data, zero-grad, each op's forward and backward,
   * the tape walk, clipping, AdamW) with their time, GEMM FLOPs and output bytes per step.
   */
  public static Map<String, Object> run(String name, int threads, int steps, int warmup, boolean profile) {
    Shape s = SHAPES.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown bench config '" + name + "'; choose one of " + SHAPES.keySet());
    }
    Parallel.setThreads(threads);
    // the decoder defaults for both shapes: no segment embedding (the PyTorch twin has none), untied, no dropout
    TransformerConfig c = TransformerConfig.decoder(s.vocab(), s.width(), s.heads(), s.hidden(), s.layers(), s.seq());
    RngStream init = new RngStream(1, "init");
    Module model;
    java.util.function.Function<int[], Tensor> logits;
    if (s.causal()) {
      DecoderLM lm = new DecoderLM(c).initialize(init);
      model = lm;
      logits = ids -> lm.forward(ids, s.batch(), s.seq(), Dropout.EVAL);
    } else {
      BertEncoder bert = new BertEncoder(c, 0, 0).initialize(init);
      model = bert;
      logits = ids -> bert.mlmLogits(bert.encode(ids, null, null, s.batch(), s.seq(), Dropout.EVAL), null);
    }
    Map<String, Tensor> params = model.namedParameters();
    Optimizer opt = new AdamW(params, 0.9f, 0.999f, 1e-8f, 0.01f, Optimizer.decayMatrices(params));
    RngStream data = new RngStream(1, "data");
    Arena arena = new Arena();
    int n = s.batch() * s.seq();
    double lastLoss = 0;
    long start = 0;
    long allocStart = 0;
    var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int step = 0; step < warmup + steps; step++) {
      if (step == warmup) {
        start = System.nanoTime();
        allocStart = mx.getTotalThreadAllocatedBytes();
        if (profile) {
          OpProfile.start();
        }
      }
      int[] ids = new int[n];
      int[] targets = new int[n];
      for (int i = 0; i < n; i++) {
        ids[i] = data.nextInt(s.vocab());
        targets[i] = data.nextInt(s.vocab());
      }
      OpProfile.mark("data");
      // the training step phaselab train takes: one micro-batch of weight 1, its activations in a reused arena
      lastLoss = GradientStep.accumulate(model, ONE_MICRO_BATCH, m -> arena,
          m -> Losses.crossEntropy(Pointwise.reshape(logits.apply(ids), n, s.vocab()), targets, -100, 0f));
      double norm = GradClip.globalNorm(params.values());
      OpProfile.mark("gradient norm");
      opt.step(1e-4f, GradClip.factor(norm, 1.0)); // clipping's scale applied inside the update, as the trainer does
      OpProfile.mark("AdamW (with clipping's scale)");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, OpProfile.Segment> segments = profile ? OpProfile.stop() : Map.of();
    // heap bytes allocated by all threads per step: the docs/architecture.md goal is (almost) none
    double allocMb = (mx.getTotalThreadAllocatedBytes() - allocStart) / 1e6 / steps;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bench", "train");
    out.put("config", name);
    out.put("impl", "phaselab");
    out.put("threads", threads);
    out.put("steps", steps);
    out.put("params", model.parameterCount());
    out.put("ms_per_step", GemmBench.round(seconds * 1e3 / steps));
    out.put("tokens_per_s", GemmBench.round(steps * s.tokensPerStep() / seconds));
    out.put("alloc_mb_per_step", GemmBench.round(allocMb));
    out.put("gflop_per_step", GemmBench.round(s.gemmFlopsPerStep() / 1e9));
    out.put("gemm_gflops", GemmBench.round(steps * s.gemmFlopsPerStep() / seconds / 1e9));
    out.put("final_loss", GemmBench.round(lastLoss));
    if (profile) {
      java.util.List<Map<String, Object>> rows = new java.util.ArrayList<>();
      segments.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos)).forEach(e -> {
        OpProfile.Segment g = e.getValue();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("segment", e.getKey());
        r.put("calls_per_step", GemmBench.round((double) g.calls / steps));
        r.put("ms_per_step", GemmBench.round(g.nanos / 1e6 / steps));
        r.put("share", Math.round(g.nanos / 1e9 / seconds * 1e4) / 1e4);
        r.put("gflops", g.flops == 0 ? 0 : GemmBench.round(g.flops / (double) g.nanos));
        r.put("out_gb_per_s", g.outBytes == 0 ? 0 : GemmBench.round(g.outBytes / (double) g.nanos));
        rows.add(r);
      });
      out.put("profile", rows);
    }
    return out;
  }
}
