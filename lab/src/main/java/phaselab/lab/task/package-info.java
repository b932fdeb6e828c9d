/**
 * Tasks: seeded data generators, their text formats, and their metrics. A {@link
 * phaselab.lab.task.LmTask} turns examples into token sequences for a causal language model.
 */
package phaselab.lab.task;
