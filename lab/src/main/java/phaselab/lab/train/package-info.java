/**
 * The deterministic, crash-safe training loop: optimizer and schedule, micro-batches, the
 * evaluation and probe cadences, checkpoints, and the run's lock and closing log line. It trains a
 * {@link phaselab.lab.workload.Workload} and calls {@link phaselab.lab.train.Progress}; it knows
 * no task, probe or registry by name.
 */
package phaselab.lab.train;
