package phaselab.lab.suite.entropic;

import java.util.List;
import java.util.Map;

/**
 * One continuous symmetry of the loss: scaling the {@code in} parameters by a and the {@code out}
 * parameters by 1/a (or, for a rotation, W_Q A and W_K A^{-T}) leaves the function unchanged. Its
 * charge ‖in‖² − ‖out‖² is conserved by gradient flow; the balance ratio compares the gradient
 * energies of the two sides (1 at balance).
 */
public record SymmetryPair(String name, List<Slice> in, List<Slice> out) {
  public double inSq(Map<String, float[]> v) {
    return in.stream().mapToDouble(s -> s.squaredNorm(v)).sum();
  }

  public double outSq(Map<String, float[]> v) {
    return out.stream().mapToDouble(s -> s.squaredNorm(v)).sum();
  }

  /** ‖in‖² − ‖out‖² of the given values. */
  public double charge(Map<String, float[]> v) {
    return inSq(v) - outSq(v);
  }

  public double inSqD(Map<String, double[]> v) {
    return in.stream().mapToDouble(s -> s.squaredNormD(v)).sum();
  }

  public double outSqD(Map<String, double[]> v) {
    return out.stream().mapToDouble(s -> s.squaredNormD(v)).sum();
  }
}
