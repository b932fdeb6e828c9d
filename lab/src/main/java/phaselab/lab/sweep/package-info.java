/**
 * Sweeps: a grid of config overrides (e.g. depths × seeds), one run directory per point, run by
 * a local pool of worker processes. Runs are deterministic and resumable, so re-running a sweep
 * skips finished points and resumes interrupted ones.
 */
package phaselab.lab.sweep;
