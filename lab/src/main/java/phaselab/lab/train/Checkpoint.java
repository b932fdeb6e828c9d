package phaselab.lab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import phaselab.engine.io.Safetensors;
import phaselab.engine.io.SafetensorsException;
import phaselab.engine.optim.Optimizer;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Tensor;

/**
 * A training state as one safetensors file: {@code param.NAME} (F32, readable by PyTorch and
 * numpy users), {@code optim.KEY} (F32), {@code rng.PURPOSE} (I64 ×4), and metadata: format,
 * step, the resolved config, and the length metrics.jsonl had when the state was saved. Nothing
 * varies between identical runs (no timestamps), so identical states give identical files.
 */
public final class Checkpoint {
  public static final String FORMAT = "phaselab-checkpoint";
  public static final String VERSION = "1";

  private Checkpoint() {}

  /** What a checkpoint holds besides the tensors it restores in place. */
  public record Info(long step, long metricsLength, String config) {}

  public static void save(Path file, long step, Map<String, Tensor> params, Optimizer opt, Map<String, RngStream> rngs,
      String configYaml, long metricsLength) throws IOException {
    Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
    params.forEach((name, p) -> t.put("param." + name, Safetensors.Entry.f32(p.data, p.shape())));
    opt.state().forEach((k, v) -> t.put("optim." + k, Safetensors.Entry.f32(v, v.length)));
    rngs.forEach((k, r) -> t.put("rng." + k, Safetensors.Entry.i64(r.state(), 4)));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("version", VERSION);
    meta.put("step", Long.toString(step));
    meta.put("metrics_length", Long.toString(metricsLength));
    meta.put("config", configYaml);
    Safetensors.write(file, t, meta);
  }

  /** Reads only the metadata and parameters (for eval and probes). */
  public static Info loadParams(Path file, Map<String, Tensor> params) throws IOException {
    Safetensors.Contents c = Safetensors.read(file);
    try {
      return restoreParams(file, c, params);
    } catch (IllegalStateException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new SafetensorsException(file + ": " + e.getMessage() + "; the checkpoint is damaged or from another model: use an earlier one");
    }
  }

  private static Info restoreParams(Path file, Safetensors.Contents c, Map<String, Tensor> params) throws SafetensorsException {
    if (!FORMAT.equals(c.metadata().get("format"))) {
      throw new SafetensorsException(file + ": not a phaselab checkpoint (metadata format = " + c.metadata().get("format") + ")");
    }
    for (var e : params.entrySet()) {
      Safetensors.Entry entry = c.tensors().get("param." + e.getKey());
      if (entry == null) {
        throw new SafetensorsException(file + ": lacks parameter '" + e.getKey() + "'; it was written for a different model config");
      }
      float[] v = entry.floats();
      if (v.length != e.getValue().size()) {
        throw new SafetensorsException(file + ": parameter '" + e.getKey() + "' has " + v.length + " values, the model expects "
            + e.getValue().size() + "; it was written for a different model config");
      }
      System.arraycopy(v, 0, e.getValue().data, 0, v.length);
    }
    return new Info(count(file, c, "step", null), count(file, c, "metrics_length", "0"), c.metadata().get("config"));
  }

  /** A non-negative integer of the metadata; anything else names the key and the file. */
  private static long count(Path file, Safetensors.Contents c, String key, String fallback) throws SafetensorsException {
    String v = c.metadata().getOrDefault(key, fallback);
    try {
      long n = Long.parseLong(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new SafetensorsException(file + ": metadata '" + key + "' is " + (v == null ? "missing" : "'" + v + "'")
        + ", not a count; the checkpoint is damaged: use an earlier one");
  }

  /** Restores parameters, optimizer state and RNG streams in place. */
  public static Info load(Path file, Map<String, Tensor> params, Optimizer opt, Map<String, RngStream> rngs) throws IOException {
    Safetensors.Contents c = Safetensors.read(file);
    try {
      return restoreAll(file, c, params, opt, rngs);
    } catch (IllegalStateException | IllegalArgumentException | IndexOutOfBoundsException e) {
      // a tensor of the wrong dtype or length where the optimizer or an RNG stream reads its state
      throw new SafetensorsException(file + ": " + e.getMessage() + "; the checkpoint is damaged or from another model: use an earlier one");
    }
  }

  /**
   * Streams added after checkpoints were first written ("masking": MLM masks had drawn from the
   * dropout stream). A checkpoint without one resumes with the stream fresh from the seed.
   */
  private static final java.util.Set<String> ADDED_STREAMS = java.util.Set.of("masking");

  private static Info restoreAll(Path file, Safetensors.Contents c, Map<String, Tensor> params, Optimizer opt,
      Map<String, RngStream> rngs) throws SafetensorsException {
    Info info = restoreParams(file, c, params);
    Map<String, float[]> state = new LinkedHashMap<>();
    c.tensors().forEach((k, e) -> {
      if (k.startsWith("optim.")) {
        state.put(k.substring(6), e.floats());
      }
    });
    try {
      opt.loadState(state);
    } catch (IllegalArgumentException e) {
      throw new SafetensorsException(file + ": " + e.getMessage());
    }
    for (var e : rngs.entrySet()) {
      Safetensors.Entry entry = c.tensors().get("rng." + e.getKey());
      if (entry == null && ADDED_STREAMS.contains(e.getKey())) {
        continue; // never drawn by the run that wrote the file: its fresh state is the true one
      }
      if (entry == null) {
        throw new SafetensorsException(file + ": lacks the state of RNG stream '" + e.getKey() + "'");
      }
      e.getValue().restore(entry.longs());
    }
    return info;
  }
}
