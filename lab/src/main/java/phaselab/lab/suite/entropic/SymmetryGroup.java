package phaselab.lab.suite.entropic;

import java.util.List;

/**
 * Symmetries measured together: one layer pair ("layer", a single pair), the hidden neurons of
 * one layer ("neuron"), or the heads of one attention block ("qk" rotation, "vo" rescaling).
 */
public record SymmetryGroup(String name, String kind, List<SymmetryPair> pairs) {}
