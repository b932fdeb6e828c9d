/**
 * Dyck-(k, m): balanced strings over k bracket types with depth at most m (docs/research.md C.1), the
 * first structural-grokking task: a seeded sampler, a structural in-distribution / OOD split by
 * held-out segment patterns, and the closing-bracket accuracy.
 */
package phaselab.lab.task.dyck;
