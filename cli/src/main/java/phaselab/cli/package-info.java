/**
 * The {@code phaselab} command (picocli): train, resume, eval, runs, data, report, demo, bench.
 * Exit codes: 0 success, 1 runtime failure (named in the message), 2 bad input (config key,
 * value, file), 130 stopped by SIGINT/SIGTERM after writing a checkpoint.
 */
package phaselab.cli;
