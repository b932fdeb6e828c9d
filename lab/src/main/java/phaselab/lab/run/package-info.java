/**
 * Run directories, the project's database: {@code config.yaml} (resolved), {@code metrics.jsonl}
 * (one JSON object a line: step, metric, value), {@code log.txt}, {@code checkpoints/}. Everything
 * a report shows is recomputed from these files.
 */
package phaselab.lab.run;
