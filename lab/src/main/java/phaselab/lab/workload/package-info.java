/**
 * Workloads: a model with its data, the loss of any set of training examples and the evaluation
 * (decoder LMs on sequence tasks, BERT MLM and relation classification, MLPs); and the models a
 * config describes, freshly initialised ({@link phaselab.lab.workload.Models}).
 */
package phaselab.lab.workload;
