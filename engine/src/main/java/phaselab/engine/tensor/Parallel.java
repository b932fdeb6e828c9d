package phaselab.engine.tensor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The one worker pool shared by all kernels, sized by {@code --threads}.
 *
 * <p>{@link #forEach(int, IntConsumer)} runs tasks {@code 0..n-1}; which thread runs a task is
 * not fixed, but a task's work is, so the result does not depend on the thread count. Callers
 * choose task boundaries from the problem size only (never from {@link #threads()}).
 */
public final class Parallel {
  private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
  private static ExecutorService pool;

  private Parallel() {}

  /** Number of threads kernels may use (the caller counts as one). */
  public static int threads() {
    return threads;
  }

  /** Sets the number of threads; 1 runs everything inline on the caller. */
  public static synchronized void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + n);
    }
    threads = n;
  }

  private static synchronized ExecutorService pool() {
    if (pool == null) {
      pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "phaselab-worker");
        t.setDaemon(true);
        return t;
      });
    }
    return pool;
  }

  /** Runs {@code body.accept(i)} for every i in [0, n), in parallel when worth it. */
  public static void forEach(int n, IntConsumer body) {
    // Nested calls (a kernel inside a parallel task) run inline: the outer level already
    // keeps every thread busy, and the result does not depend on where a task runs.
    int helpers = IN_TASK.get() ? 0 : Math.min(threads, n) - 1;
    if (helpers <= 0) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    IN_TASK.set(true);
    try {
      forkJoin(n, body, helpers);
    } finally {
      IN_TASK.set(false);
    }
  }

  private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> false);

  private static void forkJoin(int n, IntConsumer body, int helpers) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger running = new AtomicInteger(helpers);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller = Thread.currentThread();
    Runnable worker = () -> {
      try {
        IN_TASK.set(true);
        drain(n, body, next, failure);
      } finally {
        if (running.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    };
    ExecutorService p = pool();
    for (int h = 0; h < helpers; h++) {
      p.execute(worker);
    }
    drain(n, body, next, failure);
    while (running.get() > 0) {
      LockSupport.park(Parallel.class);
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    } else if (t instanceof Error e) {
      throw e;
    } else if (t != null) {
      throw new RuntimeException(t);
    }
  }

  private static void drain(int n, IntConsumer body, AtomicInteger next, AtomicReference<Throwable> failure) {
    int i;
    while ((i = next.getAndIncrement()) < n && failure.get() == null) {
      try {
        body.accept(i);
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    }
  }

  /**
   * Runs {@code body(start, end)} over [0, total) in chunks of {@code grain} (the last may be
   * shorter). The chunk boundaries depend on total and grain only.
   */
  public static void forChunks(int total, int grain, ChunkBody body) {
    int chunks = (total + grain - 1) / grain;
    forEach(chunks, c -> body.run(c * grain, Math.min(total, (c + 1) * grain)));
  }

  /** Work on the half-open range [start, end). */
  @FunctionalInterface
  public interface ChunkBody {
    void run(int start, int end);
  }
}
