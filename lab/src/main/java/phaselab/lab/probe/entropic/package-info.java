/**
 * Entropic forces and gradient balance (docs/research.md B; Ziyin, Xu, Chuang 2025): the continuous
 * parameter symmetries of a model, their charges and balance ratios, the entropic loss, sharpness
 * by power iteration, and representation alignment (CKA, mutual k-NN) between runs.
 */
package phaselab.lab.probe.entropic;
