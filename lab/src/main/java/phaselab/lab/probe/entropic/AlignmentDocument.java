package phaselab.lab.probe.entropic;

import java.util.List;

/**
 * The file {@code phaselab probe align} writes (probes/align-NAME.json, through RunJson): CKA,
 * debiased CKA, mutual k-NN and Huh et al.'s mutual k-NN (with its best layer pair) between every
 * layer of run A (rows) and of run B (columns) at each common step. Files written before the
 * debiased and reference columns existed read them as null.
 */
public record AlignmentDocument(String runA, String runB, int samples, int k, List<String> layersA, List<String> layersB, List<Step> steps) {
  public record Step(long step, double[][] cka, double[][] mutualKnn, double[][] debiasedCka, double[][] mutualKnnReference,
      Double bestMutualKnnReference) {}
}
