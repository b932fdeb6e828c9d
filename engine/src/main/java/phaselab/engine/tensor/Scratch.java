package phaselab.engine.tensor;

/**
 * A per-thread work array that grows to the largest length asked for and is then reused (its
 * contents are whatever the last user left): packing buffers, one row of a softmax, one head's
 * gradient block. Kernels run on the worker pool's threads, so each thread gets its own.
 */
public final class Scratch {
  private final ThreadLocal<float[]> holder = ThreadLocal.withInitial(() -> new float[0]);

  /** This thread's array, at least n long. */
  public float[] atLeast(int n) {
    float[] a = holder.get();
    if (a.length < n) {
      a = new float[n];
      holder.set(a);
    }
    return a;
  }
}
