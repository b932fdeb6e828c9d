/**
 * Activation patching (causal tracing; Meng et al. 2022, Wang et al. 2023, TransformerLens's
 * {@code patching}): which layer, position and head of a decoder carries the information that
 * separates a clean input from a corrupted one.
 */
package phaselab.lab.probe.patching;
