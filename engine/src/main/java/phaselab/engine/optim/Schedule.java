package phaselab.engine.optim;

/**
 * Learning rate as a pure function of the step (0-based), so a resumed run gets the same rates.
 */
@FunctionalInterface
public interface Schedule {
  float lr(long step);

  /** lr for every step. */
  static Schedule constant(float lr) {
    return step -> lr;
  }

  /**
   * Linear warm-up from 0 to {@code peak} over {@code warmup} steps (lr = peak·(s+1)/warmup),
   * then linear decay to 0 at {@code total} (HF's {@code get_linear_schedule_with_warmup}, shifted
   * so the first step is not wasted at lr 0). With total ≤ warmup the rate stays at peak.
   */
  static Schedule linearWarmupDecay(float peak, long warmup, long total) {
    return step -> {
      if (step < warmup) {
        return peak * (step + 1) / warmup;
      }
      if (total <= warmup) {
        return peak;
      }
      return peak * Math.max(0f, (float) (total - step) / (total - warmup));
    };
  }

  /** Linear warm-up, then half-cosine from peak down to {@code floor} at {@code total}. */
  static Schedule cosine(float peak, long warmup, long total, float floor) {
    return step -> {
      if (step < warmup) {
        return peak * (step + 1) / warmup;
      }
      if (step >= total) {
        return floor;
      }
      double progress = (double) (step - warmup) / Math.max(1, total - warmup);
      return (float) (floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress)));
    };
  }
}
