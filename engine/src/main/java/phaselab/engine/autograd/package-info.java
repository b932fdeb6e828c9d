/**
 * Reverse-mode automatic differentiation, define-by-run.
 *
 * <p>Each op is a static factory (in {@link phaselab.engine.autograd.Linalg}, {@link
 * phaselab.engine.autograd.Pointwise}, {@link phaselab.engine.autograd.Norms}, {@link
 * phaselab.engine.autograd.AttentionOps}, {@link phaselab.engine.autograd.Losses}, {@link
 * phaselab.engine.autograd.Gather}) that computes its output with the kernels and, when any input
 * needs a gradient, appends a backward closure to the {@link phaselab.engine.autograd.Tape}. The
 * closures accumulate ({@code +=}) into input gradients. {@link
 * phaselab.engine.autograd.Tape#backward(phaselab.engine.tensor.Tensor)} replays the tape in
 * reverse order (a define-by-run tape is already topologically sorted).
 */
package phaselab.engine.autograd;
