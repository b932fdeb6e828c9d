package phaselab.engine.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /** Runs {@code body.accept(i)} for every i in [0, n), in parallel when worth it. */
  public static void forEach(int n, IntConsumer body) {
    // Nested calls (a kernel inside a parallel task) run inline: the outer level already
    // keeps every thread busy, and the result does not depend on where a task runs. So does a
    // call from a second thread while the pool is busy with another's.
    int helpers = IN_TASK.get() ? 0 : Math.min(threads, n) - 1;
    if (helpers <= 0 || !BUSY.compareAndSet(false, true)) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    IN_TASK.set(true);
    try {
      Pool.INSTANCE.run(n, body, helpers);
    } finally {
      IN_TASK.set(false);
      BUSY.set(false);
    }
  }

  private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> false);
  private static final AtomicBoolean BUSY = new AtomicBoolean();

  /**
   * Persistent workers that spin briefly between jobs before parking: a training step forks a
   * few hundred times, and handing each fork to a parked executor thread cost 15-50 µs, a tenth
   * of a small model's step. One job at a time ({@link #BUSY}).
   */
  private static final class Pool {
    static final Pool INSTANCE = new Pool();
    /** How long an idle worker (or the waiting caller) spins before parking. */
    static final long SPIN_NANOS = Long.getLong("phaselab.spin_us", 100) * 1000;

    private final List<Thread> workers = new ArrayList<>();
    /** The newest job; each worker runs every job it has not seen yet, once. */
    private volatile Job current = new Job(0, 0, null, 0, null);

    /** One fork: its own counters, so a slow worker can never count towards the next job. */
    private record Job(long generation, int size, IntConsumer body, int helpers, Thread caller,
        AtomicInteger next, AtomicInteger running, AtomicReference<Throwable> failure) {
      Job(long generation, int size, IntConsumer body, int helpers, Thread caller) {
        this(generation, size, body, helpers, caller, new AtomicInteger(), new AtomicInteger(helpers), new AtomicReference<>());
      }
    }

    void run(int n, IntConsumer body, int wanted) {
      synchronized (workers) {
        while (workers.size() < wanted) {
          int index = workers.size();
          Thread t = new Thread(() -> work(index), "phaselab-worker-" + index);
          t.setDaemon(true);
          workers.add(t);
          t.start();
        }
      }
      Job job = new Job(current.generation() + 1, n, body, wanted, Thread.currentThread());
      current = job;
      for (int i = 0; i < wanted; i++) {
        LockSupport.unpark(workers.get(i));
      }
      drain(n, body, job.next(), job.failure());
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (job.running().get() > 0) {
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      current = new Job(job.generation(), 0, null, 0, null); // drop the body's references
      Throwable t = job.failure().get();
      if (t instanceof RuntimeException re) {
        throw re;
      } else if (t instanceof Error e) {
        throw e;
      } else if (t != null) {
        throw new RuntimeException(t);
      }
    }

    private void work(int index) {
      IN_TASK.set(true);
      long seen = 0;
      while (true) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        Job job;
        while ((job = current).generation() == seen) {
          if (System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
          } else {
            LockSupport.park(this);
          }
        }
        seen = job.generation();
        if (index < job.helpers()) {
          drain(job.size(), job.body(), job.next(), job.failure());
          if (job.running().decrementAndGet() == 0) {
            LockSupport.unpark(job.caller());
          }
        }
      }
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
