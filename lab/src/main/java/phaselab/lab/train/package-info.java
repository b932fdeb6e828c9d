/**
 * The deterministic, crash-safe training loop and what it needs: model and optimizer factories,
 * batching, evaluation, checkpoints.
 */
package phaselab.lab.train;
