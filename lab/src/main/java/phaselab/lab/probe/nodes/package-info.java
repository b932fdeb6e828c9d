/**
 * Single-node spontaneous symmetry breaking (docs/research.md A.1; Rosner, Gross, Koresh, Kanter,
 * Physica A 2026): a linear readout on a frozen site, silencing of all nodes but a subset, label ×
 * label matrices, learned sets, order parameters, the crossover curve and convex-hull bounds.
 */
package phaselab.lab.probe.nodes;
