package phaselab.engine.rng;

import java.nio.charset.StandardCharsets;

/**
 * xoshiro256** (Blackman and Vigna 2018, https://prng.di.unimi.it/) seeded through SplitMix64
 * from (seed, purpose). The whole state is four longs: {@link #state()} / {@link #restore}.
 * Never use {@code Math.random} or {@code ThreadLocalRandom} in phaselab: pass a stream down.
 */
public final class RngStream {
  private final String purpose;
  private long s0;
  private long s1;
  private long s2;
  private long s3;

  /** The stream for {@code purpose} ("init", "data", "mask", "dropout", …) under {@code seed}. */
  public RngStream(long seed, String purpose) {
    this.purpose = purpose;
    long x = seed ^ fnv1a(purpose);
    s0 = splitMix(x += 0x9E3779B97F4A7C15L);
    s1 = splitMix(x += 0x9E3779B97F4A7C15L);
    s2 = splitMix(x += 0x9E3779B97F4A7C15L);
    s3 = splitMix(x + 0x9E3779B97F4A7C15L);
  }

  public String purpose() {
    return purpose;
  }

  /** A child stream, e.g. one per layer, that does not consume this stream. */
  public RngStream derive(String child) {
    return new RngStream(s0 ^ Long.rotateLeft(s2, 17), purpose + "/" + child);
  }

  private static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** 64 random bits. */
  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform in [0, 1) with 24 random bits (every float in the grid equally likely). */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xffffffffL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xffffffffL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Standard normal by Box–Muller (one value per two uniforms, no cached spare). */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // in (0, 1], so log is finite
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** Fisher–Yates shuffle of {@code a} in place. */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** The state, for checkpoints. */
  public long[] state() {
    return new long[] {s0, s1, s2, s3};
  }

  /** Restores a state from {@link #state()}. */
  public void restore(long[] state) {
    if (state.length != 4) {
      throw new IllegalArgumentException("RNG state of stream '" + purpose + "' needs 4 longs, got " + state.length);
    }
    s0 = state[0];
    s1 = state[1];
    s2 = state[2];
    s3 = state[3];
  }
}
