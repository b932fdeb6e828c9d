/**
 * float32 tensors and their kernels.
 *
 * <p>Dimension vocabulary used in every shape comment of the engine:
 * {@code B} batch, {@code T} sequence length (time), {@code C} model width (channels),
 * {@code NH} number of heads, {@code HS} head size ({@code C = NH * HS}), {@code F} feed-forward
 * width, {@code V} vocabulary size, {@code L} number of layers, {@code N} rows of a flattened
 * batch ({@code N = B * T}).
 *
 * <p>Every kernel exists twice: {@link phaselab.engine.tensor.ScalarKernels} (obvious loops, the
 * reference) and {@link phaselab.engine.tensor.VectorKernels} (Vector API). {@link
 * phaselab.engine.tensor.Kernels#get()} picks one from {@code -Dphaselab.simd=on|off}. Parallel
 * loops ({@link phaselab.engine.tensor.Parallel}) split work into chunks whose boundaries do not
 * depend on the thread count, and each output element is written by one chunk only, so results
 * are bit-identical for any number of threads.
 */
package phaselab.engine.tensor;
