#!/usr/bin/env python3
"""Gen and ID accuracy of several runs (one per seed) beside Murty et al.'s released curves.

Usage: scripts/seed-table.py TASK LAYERS RUN_DIR [RUN_DIR ...]
  e.g. scripts/seed-table.py question 6 runs/question-paper-s1 runs/question-paper-s2

Prints a Markdown table: for every reference step our runs reached, our median, range and count
>= 0.9 over seeds beside the reference's median, 10-90 % range, min/max and count >= 0.9, plus each
run's own value, so that no seed is read as a mean. Reads each run's metrics.jsonl and
cli/src/main/resources/reference/murty2023-accuracy-by-step.csv.
"""
import csv
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "cli/src/main/resources/reference/murty2023-accuracy-by-step.csv"
METRIC = {"question": "first_word_acc", "tense": "sequence_acc", "dyck": "closing_acc"}


def series(run, split, metric):
    out = {}
    for line in (Path(run) / "metrics.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row.get("metric") == f"eval/{split}/{metric}":
            out[int(row["step"])] = float(row["value"])
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    task, layers, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
    metric = METRIC[task]
    ref = {}
    with open(REFERENCE) as f:
        for r in csv.DictReader(f):
            if r["task"] == task and r["layers"] == layers:
                ref[(r["split"], int(r["step"]))] = r
    print(f"| split | step | our seeds | our median | our min–max | ours ≥ 0.9 | per seed | ref median (10–90 %, min–max) | ref ≥ 0.9 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for split, ref_split in (("ood", "gen"), ("id", "id")):
        ours = [series(run, split, metric) for run in runs]
        steps = sorted({s for (sp, s) in ref if sp == ref_split} & set().union(*[set(o) for o in ours]))
        for step in steps:
            values = [o[step] for o in ours if step in o]
            r = ref[(ref_split, step)]
            n_ref = int(r["seeds"])
            print(f"| {ref_split} | {step:,} | {len(values)} | {statistics.median(values):.3f} | {min(values):.3f}–{max(values):.3f} | "
                  f"{sum(v >= 0.9 for v in values)}/{len(values)} | {' / '.join(f'{v:.3f}' for v in values)} | "
                  f"{float(r['median']):.3f} ({float(r['p10']):.3f}–{float(r['p90']):.3f}, {float(r['min']):.3f}–{float(r['max']):.3f}) | "
                  f"{round(float(r['frac_ge_0.9']) * n_ref)}/{n_ref} |")


if __name__ == "__main__":
    main()
