package phaselab.lab.task.dyck;

import phaselab.engine.rng.RngStream;

/**
 * The Dyck-(k, m) sampler of RESEARCH.md C.1: at an empty stack END with probability ½, else open
 * one of the k types uniformly; at depth m the top must close; otherwise close the top with
 * probability ½, else open one of k uniformly. Strings shorter than 4 are rejected; so are strings
 * longer than {@code maxLen} (our addition, so that every string fits the model's context).
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

  /** One string (rejection-sampled until 4 ≤ length ≤ maxLen). */
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
            break; // END
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
      if (!tooLong && len >= 4) {
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
