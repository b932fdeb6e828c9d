/**
 * Optimizers (SGD with momentum/Nesterov, AdamW), learning-rate schedules and global-norm
 * gradient clipping. Each optimizer's Javadoc states its exact update rule; state is a map of
 * named float arrays so checkpoints can hold it.
 */
package phaselab.engine.optim;
