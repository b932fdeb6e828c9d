/**
 * Tree projections (Murty et al., ICLR 2023): how tree-structured a model's computation is
 * (tscore) and how close its projected trees are to the gold ones (tparseval).
 */
package phaselab.lab.probe.structure;
