package phaselab.lab.probe.entropic;

import java.util.List;

/**
 * The file {@code phaselab probe align} writes (probes/align-NAME.json, through RunJson): CKA and
 * mutual k-NN between every layer of run A (rows) and of run B (columns) at each common step.
 */
public record AlignmentDocument(String runA, String runB, int samples, int k, List<String> layersA, List<String> layersB, List<Step> steps) {
  public record Step(long step, double[][] cka, double[][] mutualKnn) {}
}
