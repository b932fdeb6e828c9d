/**
 * The single-node symmetry-breaking suite (docs/research.md A.1; Rosner, Gross, Koresh, Kanter,
 * Physica A 2026): after a BERT is pre-trained and fine-tuned, whether each head, each small set of
 * nodes, even one node, learns only a few labels. Here: a linear readout on a frozen site, silencing
 * of all nodes but a subset, label × label field matrices, learned sets, order parameters, the
 * crossover curve and convex-hull bounds (phaselab's own protocol, {@code argmax}), and the Kanter
 * group's recipe with its null models in {@code kanter}. Silencing and the readout fit are reusable.
 *
 * <p>The suite's other parts, all named "symmetry": its configs in {@code configs/symmetry/}, its
 * report parts in {@code cli.report.SymmetryReport} and {@code SymmetryTimeline}, the command
 * {@code phaselab probe nodes} (the probe is named for what it measures, nodes), its documentation in
 * docs/symmetry-breaking.md, and its tests (run alone
 * as CONTRIBUTING.md shows).
 */
package phaselab.lab.suite.symmetry;
