package phaselab.lab.task.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learns a WordPiece vocabulary from word counts by greedy merging: start from the characters (a
 * word's first character plain, the others as "##c"), then repeatedly merge the most frequent
 * adjacent pair until the vocabulary has the requested size; ties break by the merged string, so
 * training is deterministic. This is the procedure of Hugging Face's WordPieceTrainer. (The
 * likelihood score count(ab) / (count(a)·count(b)) of Schuster & Nakajima was tried first: on
 * this corpus it spends the vocabulary on rare words letter by letter, since two symbols seen
 * only together score highest.) Words seen fewer than
 * {@code minCount} times do not vote (they are still encodable from the pieces), and the alphabet
 * keeps the {@code maxAlphabet} most frequent characters.
 */
public final class WordPieceTrainer {
  private final int vocabSize;
  private final int minCount;
  private final int maxAlphabet;

  public WordPieceTrainer(int vocabSize, int minCount, int maxAlphabet) {
    if (vocabSize < WordPiece.SPECIALS.size() + 30) {
      throw new IllegalArgumentException("vocabulary size " + vocabSize + " is too small; use at least " + (WordPiece.SPECIALS.size() + 30));
    }
    this.vocabSize = vocabSize;
    this.minCount = minCount;
    this.maxAlphabet = maxAlphabet;
  }

  public WordPiece train(Map<String, Long> wordCounts) {
    // alphabet: most frequent characters (ties by character), in both plain and ## form
    Map<Character, Long> chars = new HashMap<>();
    wordCounts.forEach((w, c) -> {
      if (c >= minCount) {
        for (int i = 0; i < w.length(); i++) {
          chars.merge(w.charAt(i), c, Long::sum);
        }
      }
    });
    List<Character> alphabet = new ArrayList<>(chars.keySet());
    alphabet.sort((a, b) -> chars.get(a).equals(chars.get(b)) ? Character.compare(a, b) : Long.compare(chars.get(b), chars.get(a)));
    alphabet = alphabet.subList(0, Math.min(maxAlphabet, alphabet.size()));
    List<String> symbols = new ArrayList<>(WordPiece.SPECIALS);
    Map<String, Integer> symbolId = new HashMap<>();
    symbols.forEach(s -> symbolId.put(s, symbolId.size()));
    List<Character> sortedAlphabet = new ArrayList<>(alphabet);
    sortedAlphabet.sort(null);
    for (char ch : sortedAlphabet) {
      for (String s : new String[] {String.valueOf(ch), "##" + ch}) {
        if (!symbolId.containsKey(s)) {
          symbolId.put(s, symbols.size());
          symbols.add(s);
        }
      }
    }
    // words as symbol sequences (in sorted order, for determinism)
    List<int[]> words = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (var e : new TreeMap<>(wordCounts).entrySet()) {
      String w = e.getKey();
      if (e.getValue() < minCount || WordPiece.SPECIALS.contains(w)) {
        continue;
      }
      int[] seq = new int[w.length()];
      boolean ok = true;
      for (int i = 0; i < w.length() && ok; i++) {
        Integer id = symbolId.get(i == 0 ? String.valueOf(w.charAt(i)) : "##" + w.charAt(i));
        ok = id != null;
        seq[i] = ok ? id : -1;
      }
      if (ok) {
        words.add(seq);
        counts.add(e.getValue());
      }
    }
    long[] symCount = new long[vocabSize + symbols.size()];
    Map<Long, Long> pairCount = new HashMap<>();
    Map<Long, List<Integer>> pairWords = new HashMap<>();
    for (int w = 0; w < words.size(); w++) {
      addWord(words.get(w), counts.get(w), w, symCount, pairCount, pairWords);
    }
    while (symbols.size() < vocabSize) {
      long best = -1;
      double bestScore = -1;
      long bestCount = -1;
      String bestString = null;
      for (var e : pairCount.entrySet()) {
        long c = e.getValue();
        if (c <= 0) {
          continue;
        }
        int a = (int) (e.getKey() >>> 32);
        int b = (int) (long) e.getKey();
        double score = c;
        if (score > bestScore || (score == bestScore && (c > bestCount
            || (c == bestCount && merged(symbols, a, b).compareTo(bestString) < 0)))) {
          best = e.getKey();
          bestScore = score;
          bestCount = c;
          bestString = merged(symbols, a, b);
        }
      }
      if (best < 0) {
        break; // every word is a single symbol: nothing left to merge
      }
      int a = (int) (best >>> 32);
      int b = (int) best;
      String m = merged(symbols, a, b);
      int id = symbolId.computeIfAbsent(m, k -> {
        symbols.add(k);
        return symbols.size() - 1;
      });
      if (symCount.length <= id) {
        symCount = Arrays.copyOf(symCount, id * 2);
      }
      for (int w : new ArrayList<>(new java.util.TreeSet<>(pairWords.getOrDefault(best, List.of())))) {
        int[] seq = words.get(w);
        removeWord(seq, counts.get(w), symCount, pairCount);
        int[] next = apply(seq, a, b, id);
        words.set(w, next);
        addWord(next, counts.get(w), w, symCount, pairCount, pairWords);
      }
      pairCount.remove(best);
      pairWords.remove(best);
    }
    return new WordPiece(symbols);
  }

  private static String merged(List<String> symbols, int a, int b) {
    String sb = symbols.get(b);
    return symbols.get(a) + (sb.startsWith("##") ? sb.substring(2) : sb);
  }

  private static int[] apply(int[] seq, int a, int b, int id) {
    int[] out = new int[seq.length];
    int n = 0;
    for (int i = 0; i < seq.length; i++) {
      if (i + 1 < seq.length && seq[i] == a && seq[i + 1] == b) {
        out[n++] = id;
        i++;
      } else {
        out[n++] = seq[i];
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }

  private static void addWord(int[] seq, long c, int w, long[] symCount, Map<Long, Long> pairCount, Map<Long, List<Integer>> pairWords) {
    for (int i = 0; i < seq.length; i++) {
      symCount[seq[i]] += c;
      if (i + 1 < seq.length) {
        long k = key(seq[i], seq[i + 1]);
        pairCount.merge(k, c, Long::sum);
        List<Integer> ws = pairWords.computeIfAbsent(k, x -> new ArrayList<>());
        if (ws.isEmpty() || ws.get(ws.size() - 1) != w) {
          ws.add(w);
        }
      }
    }
  }

  private static void removeWord(int[] seq, long c, long[] symCount, Map<Long, Long> pairCount) {
    for (int i = 0; i < seq.length; i++) {
      symCount[seq[i]] -= c;
      if (i + 1 < seq.length) {
        pairCount.merge(key(seq[i], seq[i + 1]), -c, Long::sum);
      }
    }
  }
}
