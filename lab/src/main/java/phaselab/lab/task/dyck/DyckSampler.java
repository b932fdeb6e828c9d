package phaselab.lab.task.dyck;

import phaselab.engine.rng.RngStream;

/**
 * The Dyck-(k, m) sampler of docs/research.md C.1: at an empty stack END with probability ½, else open
 * one of the k types uniformly; at depth m the top must close; otherwise close the top with
 * probability ½, else open one of k uniformly. An END drawn before the minimum length 4 is drawn
 * again (the reference sampler, Murty et al.'s DyckPDFA, has no upper length cap); strings longer
 * than {@code maxLen} are rejected whole (our addition, so that every string fits the model's
 * context: choose maxLen well above the typical length, e.g. ≥ 62 for Dyck-(20, 10)).
 *
 * <p>A string is an int array of bracket codes: type t opens as t and closes as k + t.
 */
public final class DyckSampler {
  private final int k;
  private final int m;
  private final int maxLen;

  public DyckSampler(int k, int m, int maxLen) {
    this.k = k;
    this.m = m;
    this.maxLen = maxLen;
  }

  public int k() {
    return k;
  }

  /** The reference's minimum string length. */
  public static final int MIN_LEN = 4;

  /** One string (END re-drawn below MIN_LEN; rejection-sampled until length ≤ maxLen). */
  public int[] sample(RngStream rng) {
    int[] stack = new int[m];
    int[] out = new int[maxLen];
    while (true) {
      int len = 0;
      int depth = 0;
      boolean tooLong = false;
      while (true) {
        int next;
        if (depth == 0) {
          if (rng.nextDouble() < 0.5) {
            if (len >= MIN_LEN) {
              break; // END
            }
            continue; // too early: draw again
          }
          next = rng.nextInt(k);
        } else if (depth == m || rng.nextDouble() < 0.5) {
          next = k + stack[depth - 1];
        } else {
          next = rng.nextInt(k);
        }
        if (len == maxLen) {
          tooLong = true;
          break;
        }
        out[len++] = next;
        if (next < k) {
          stack[depth++] = next;
        } else {
          depth--;
        }
      }
      if (!tooLong) {
        return java.util.Arrays.copyOf(out, len);
      }
    }
  }

  /** True when {@code s} is balanced, correctly nested, and never deeper than m. */
  public boolean isValid(int[] s) {
    int[] stack = new int[s.length];
    int depth = 0;
    for (int c : s) {
      if (c < 0 || c >= 2 * k) {
        return false;
      }
      if (c < k) {
        stack[depth++] = c;
        if (depth > m) {
          return false;
        }
      } else if (depth == 0 || stack[--depth] != c - k) {
        return false;
      }
    }
    return depth == 0;
  }

  /**
   * The structure of a string: the open/close pattern of each top-level segment, bracket types
   * ignored ({@code (([]))} → "111000"), as a list in order.
   */
  public java.util.List<String> segmentPatterns(int[] s) {
    java.util.List<String> out = new java.util.ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    for (int c : s) {
      boolean open = c < k;
      cur.append(open ? '1' : '0');
      depth += open ? 1 : -1;
      if (depth == 0) {
        out.add(cur.toString());
        cur.setLength(0);
      }
    }
    return out;
  }
}
