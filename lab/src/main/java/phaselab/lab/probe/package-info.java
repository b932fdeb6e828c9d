/**
 * Probes: read-only measurements of a model at a training step, written as metric rows. They use
 * only parameters and hook points.
 */
package phaselab.lab.probe;
