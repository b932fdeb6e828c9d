/**
 * The entropic-forces suite (docs/research.md B; Ziyin, Xu, Chuang 2025): how SGD breaks continuous
 * parameter symmetries and drives gradient balance across layers and neurons. Here: the symmetries
 * of a model and their charges and balance ratios, the modified (entropic) loss, sharpness by
 * Lanczos, and representation alignment (CKA, mutual k-NN) between runs. Lanczos, per-example
 * gradients and the alignment measures are reusable outside the suite.
 *
 * <p>The suite's other parts, all named "entropic": its configs in {@code configs/entropic/}, its
 * report parts in {@code cli.report.EntropicReport} and {@code RelaxationReport}, the commands
 * {@code phaselab probe entropic} and {@code phaselab probe align}, its documentation in
 * docs/entropic-forces.md, and its tests (run alone
 * as CONTRIBUTING.md shows).
 */
package phaselab.lab.suite.entropic;
