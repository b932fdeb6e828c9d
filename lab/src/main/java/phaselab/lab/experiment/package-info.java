/**
 * The assembly point: the registries that turn a config into a workload, its probes and their
 * context, and a trainer ({@link phaselab.lab.experiment.Experiment#trainer}). The only package
 * that names every task and probe; nothing below depends on it (PackageCyclesTest).
 */
package phaselab.lab.experiment;
