package phaselab.engine.autograd;

import phaselab.engine.tensor.ShapeException;

/**
 * Which keys each query may attend to, for a batch of B sequences of length T. Three parts, all
 * optional and combined with AND: a causal mask (key j ≤ query i), a key-padding mask
 * ({@code keyValid[b·T + j]}, false for [PAD]), and an arbitrary per-query mask
 * ({@code allowed[(b·T + i)·T + j]}), which tree projections use to restrict attention to a span.
 * A query with no allowed key gets an all-zero attention row.
 */
public record AttentionMask(int batch, int seq, boolean causal, boolean[] keyValid, boolean[] allowed) {

  public AttentionMask {
    if (keyValid != null && keyValid.length != batch * seq) {
      throw new ShapeException("attention mask: keyValid has " + keyValid.length + " entries, expected B·T = " + batch * seq);
    }
    if (allowed != null && allowed.length != batch * seq * seq) {
      throw new ShapeException("attention mask: allowed has " + allowed.length + " entries, expected B·T·T = " + batch * seq * seq);
    }
  }

  /** No masking (bidirectional, no padding). */
  public static AttentionMask none(int batch, int seq) {
    return new AttentionMask(batch, seq, false, null, null);
  }

  /** Causal (decoder) masking. */
  public static AttentionMask causal(int batch, int seq) {
    return new AttentionMask(batch, seq, true, null, null);
  }

  /** This mask with a key-padding mask added. */
  public AttentionMask withKeyValid(boolean[] valid) {
    return new AttentionMask(batch, seq, causal, valid, allowed);
  }

  /** This mask with an arbitrary per-query mask added. */
  public AttentionMask withAllowed(boolean[] allow) {
    return new AttentionMask(batch, seq, causal, keyValid, allow);
  }

  /** May query i of sequence b attend to key j? */
  public boolean allows(int b, int i, int j) {
    if (causal && j > i) {
      return false;
    }
    if (keyValid != null && !keyValid[b * seq + j]) {
      return false;
    }
    return allowed == null || allowed[(b * seq + i) * seq + j];
  }
}
