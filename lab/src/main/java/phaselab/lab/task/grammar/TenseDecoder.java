package phaselab.lab.task.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import phaselab.engine.autograd.Tape;
import phaselab.engine.model.DecoderLM;
import phaselab.engine.nn.Dropout;
import phaselab.engine.tensor.Tensor;
import phaselab.lab.task.Batch;
import phaselab.lab.task.LmTask;

/**
 * The tense-inflection metric (docs/research.md C.1; McCoy et al. 2020): greedy decoding after the
 * task token; an output is correct iff its part-of-speech sequence equals the target's and its
 * main verb has the target's form ("sequence_acc").
 */
final class TenseDecoder {
  private TenseDecoder() {}

  static void score(GrammarTask task, DecoderLM model, List<int[]> batch, Map<String, long[]> counts) {
    long[] c = counts.computeIfAbsent("sequence_acc", k -> new long[2]);
    int n = batch.size();
    List<List<Integer>> gen = new ArrayList<>();
    int[] promptLen = new int[n];
    int longest = 0;
    for (int b = 0; b < n; b++) {
      int[] seq = batch.get(b);
      promptLen[b] = task.taskPosition(seq) + 1;
      List<Integer> g = new ArrayList<>();
      for (int i = 0; i < promptLen[b]; i++) {
        g.add(seq[i]);
      }
      gen.add(g);
      longest = Math.max(longest, seq.length - promptLen[b]);
    }
    boolean[] done = new boolean[n];
    try (Tape.NoGrad ignored = Tape.noGrad()) {
      for (int step = 0; step < longest + 4; step++) {
        List<int[]> cur = new ArrayList<>();
        for (List<Integer> g : gen) {
          int[] s = new int[g.size() + 1]; // Batch drops the last token as a target
          for (int i = 0; i < g.size(); i++) {
            s[i] = g.get(i);
          }
          cur.add(s);
        }
        Batch bt = Batch.of(cur);
        if (bt.seq() > model.config.maxSeq()) {
          break;
        }
        Tensor logits = model.forward(bt.inputs(), bt.size(), bt.seq(), Dropout.EVAL);
        int v = logits.dim(2);
        boolean all = true;
        for (int b = 0; b < n; b++) {
          if (done[b]) {
            continue;
          }
          int pos = gen.get(b).size() - 1;
          int best = phaselab.lab.task.Argmax.range(logits.data, (b * bt.seq() + pos) * v, 0, v);
          gen.get(b).add(best);
          done[b] = best == LmTask.EOS;
          all &= done[b];
        }
        if (all) {
          break;
        }
      }
    }
    for (int b = 0; b < n; b++) {
      int[] seq = batch.get(b);
      List<String> expected = new ArrayList<>();
      for (int i = promptLen[b]; i + 1 < seq.length; i++) {
        expected.add(task.word(seq[i]));
      }
      List<String> got = new ArrayList<>();
      List<Integer> g = gen.get(b);
      for (int i = promptLen[b]; i < g.size() && g.get(i) != LmTask.EOS; i++) {
        got.add(task.word(g.get(i)));
      }
      c[0] += correct(expected, got) ? 1 : 0;
      c[1]++;
    }
  }

  /** Same parts of speech and the same main-verb form. */
  static boolean correct(List<String> expected, List<String> got) {
    if (expected.size() != got.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!tag(expected.get(i)).equals(tag(got.get(i)))) {
        return false;
      }
    }
    int main = mainVerbIndex(expected);
    return expected.get(main).equals(got.get(main));
  }

  private static String tag(String w) {
    return w.equals(".") || w.equals("?") ? w : Lexicon.pos(w);
  }

  /**
   * Index of the main verb in a tense-grammar sentence: after the subject NP, which is D N,
   * optionally followed by P D N, or by a relative clause REL V | REL D N V | REL V D N.
   */
  static int mainVerbIndex(List<String> w) {
    int i = 2;
    if (i < w.size() && Lexicon.pos(w.get(i)).equals("P")) {
      i += 3;
    } else if (i < w.size() && Lexicon.pos(w.get(i)).equals("REL")) {
      if (Lexicon.pos(w.get(i + 1)).equals("D")) {
        i += 4; // REL D N V
      } else {
        i += Lexicon.pos(w.get(i + 2)).equals("D") ? 4 : 2; // REL V D N, or REL V
      }
    }
    return i;
  }
}
