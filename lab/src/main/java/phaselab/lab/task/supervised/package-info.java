/**
 * Supervised data for the MLPs and linear nets of the entropic-force experiments (docs/research.md
 * B.2): Fashion-MNIST read from Debian's IDX files, and a seeded teacher-network regression.
 */
package phaselab.lab.task.supervised;
