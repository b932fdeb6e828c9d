package phaselab.lab.task.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Relation examples as encoder inputs: [CLS] pieces-of-marked-words [SEP], cut to a window of at
 * most T tokens that keeps both entities (centred on them when the sentence is longer), and the
 * positions the classifier reads: [E1] and [E2] ("markers", Baldini Soares et al. 2019) or [CLS].
 *
 * @param ids token ids per example
 * @param positions per example the positions read by the classifier
 * @param labels label per example
 */
public record RelationEncoding(List<int[]> ids, List<int[]> positions, int[] labels) {

  public static RelationEncoding of(List<RelationExample> examples, WordPiece vocab, int maxSeq, boolean markers) {
    List<int[]> ids = new ArrayList<>();
    List<int[]> pos = new ArrayList<>();
    int[] labels = new int[examples.size()];
    int e1 = vocab.id(RelationExample.E1);
    int e2 = vocab.id(RelationExample.E2);
    int e1End = vocab.id(RelationExample.E1_END);
    int e2End = vocab.id(RelationExample.E2_END);
    for (int n = 0; n < examples.size(); n++) {
      RelationExample ex = examples.get(n);
      List<Integer> pieces = new ArrayList<>();
      for (String w : ex.marked()) {
        for (String b : vocab.words(w)) {
          vocab.encodeWord(b, pieces);
        }
      }
      int lo = Integer.MAX_VALUE;
      int hi = -1;
      for (int i = 0; i < pieces.size(); i++) {
        int t = pieces.get(i);
        if (t == e1 || t == e2 || t == e1End || t == e2End) {
          lo = Math.min(lo, i);
          hi = Math.max(hi, i);
        }
      }
      int room = maxSeq - 2;
      int from = 0;
      if (pieces.size() > room) {
        int span = hi - lo + 1;
        from = span >= room ? lo : Math.max(0, Math.min(pieces.size() - room, lo - (room - span) / 2));
      }
      int to = Math.min(pieces.size(), from + room);
      int[] seq = new int[to - from + 2];
      seq[0] = vocab.id(WordPiece.CLS);
      int p1 = -1;
      int p2 = -1;
      for (int i = from; i < to; i++) {
        seq[i - from + 1] = pieces.get(i);
        if (pieces.get(i) == e1) {
          p1 = i - from + 1;
        } else if (pieces.get(i) == e2) {
          p2 = i - from + 1;
        }
      }
      seq[seq.length - 1] = vocab.id(WordPiece.SEP);
      ids.add(seq);
      // an entity cut off by an over-long span is read at [CLS]
      pos.add(markers ? new int[] {Math.max(0, p1), Math.max(0, p2)} : new int[] {0});
      labels[n] = ex.label();
    }
    return new RelationEncoding(ids, pos, labels);
  }
}
