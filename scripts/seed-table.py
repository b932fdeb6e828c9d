#!/usr/bin/env python3
"""Gen and ID accuracy of several runs (one per seed) beside Murty et al.'s released curves.

Usage: scripts/seed-table.py TASK LAYERS RUN_DIR [RUN_DIR ...]
  e.g. scripts/seed-table.py question 6 runs/question-paper-s1 runs/question-paper-s2

Prints a Markdown table: for every reference step our runs reached, our median, range and count
>= 0.9 over seeds beside the reference's median, 10-90 % range, min/max and count >= 0.9, plus each
run's own value, so that no seed is read as a mean. Then, where the runs have tree projections
(measured during training or afterwards with `phaselab probe run`), tscore (± its standard error)
and tparseval per seed beside the reference's 10 seeds. Reads each run's metrics.jsonl and
probes/checkpoints.jsonl, and cli/src/main/resources/reference/murty2023-{accuracy,tree-projections}-by-step.csv.
"""
import csv
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "cli/src/main/resources/reference/murty2023-accuracy-by-step.csv"
TREES = ROOT / "cli/src/main/resources/reference/murty2023-tree-projections-by-step.csv"
METRIC = {"question": "first_word_acc", "tense": "sequence_acc", "dyck": "closing_acc"}


def rows(run):
    """metrics.jsonl, then probes/checkpoints.jsonl (rows measured later on checkpoints replace the trainer's)."""
    for name in ("metrics.jsonl", "probes/checkpoints.jsonl"):
        f = Path(run) / name
        if f.exists():
            for line in f.read_text().splitlines():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    pass  # a line cut short by a crash


def series(run, split, metric):
    return metric_series(run, f"eval/{split}/{metric}")


def metric_series(run, name):
    out = {}
    for row in rows(run):
        if row.get("metric") == name:
            out[int(row["step"])] = float(row["value"])
    return out


def tree_table(task, layers, runs):
    ref = {}
    with open(TREES) as f:
        for r in csv.DictReader(f):
            if r["task"] == task and r["layers"] == layers:
                ref[int(r["step"])] = r
    tscore = [metric_series(run, "probe/tscore") for run in runs]
    se = [metric_series(run, "probe/tscore_se") for run in runs]
    parse = [metric_series(run, "probe/tparseval") for run in runs]
    right = [metric_series(run, "probe/tparseval_right_branching") for run in runs]
    steps = sorted(set().union(*[set(t) for t in tscore]))
    if not steps:
        return
    print()
    print("| step | our seeds | tscore per run, in the order given (± se) | our tscore median | ref tscore mean (median) | tparseval per seed "
          "| right-branching | ref tparseval mean |")
    print("|---|---|---|---|---|---|---|---|")
    for step in steps:
        have = [i for i in range(len(runs)) if step in tscore[i]]
        values = [tscore[i][step] for i in have]
        r = ref.get(step)
        ref_t = f"{float(r['tscore_mean']):.3f} ({float(r['tscore_median']):.3f})" if r else "—"
        ref_p = f"{float(r['tparseval_mean']):.3f}" if r and r["tparseval_mean"] else "—"
        # every run in the order given, "—" where it has no projection at this step
        per = " / ".join(f"{tscore[i][step]:.3f} (± {se[i].get(step, float('nan')):.3f})" if step in tscore[i] else "—"
                         for i in range(len(runs)))
        pp = " / ".join(f"{parse[i][step]:.3f}" if step in parse[i] else "—" for i in range(len(runs)))
        rb = " / ".join(f"{right[i][step]:.3f}" if step in right[i] else "—" for i in range(len(runs)))
        print(f"| {step:,} | {len(have)} | {per} | {statistics.median(values):.3f} | {ref_t} | {pp} | {rb} | {ref_p} |")


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
    tree_table(task, layers, runs)


if __name__ == "__main__":
    main()
