#!/usr/bin/env python3
"""Summarises scripts/embedded-linear.sh: for each family (sgd, sgd-wd, sgd-wd10, gd), linear CKA and debiased
CKA between the hidden layers of the two embedded nets (every pair: 2 × 3), at step 0 and at the end,
as the median over seeds of the mean and of the minimum over pairs.
Usage: scripts/embedded-linear.py runs/embedded"""
import glob
import json
import os
import statistics
import sys


def main(out):
    fam = {}
    for f in sorted(glob.glob(os.path.join(out, "*-a-s*", "probes", "align-*.json"))):
        run = os.path.basename(os.path.dirname(os.path.dirname(f)))
        family = run.rsplit("-a-s", 1)[0]
        fam.setdefault(family, []).append(json.load(open(f)))
    finals = {}
    print("| family | seeds | step | CKA mean over hidden pairs | CKA min | debiased CKA mean | debiased min | CKA output |")
    print("|---|---|---|---|---|---|---|---|")
    for family, docs in sorted(fam.items()):
        for which in (0, -1):
            vals = {k: [] for k in ("mean", "min", "dmean", "dmin", "out")}
            step = None
            for d in docs:
                s = d["steps"][which]
                step = s["step"]
                ha = [i for i, n in enumerate(d["layers_a"]) if n != "output"]
                hb = [j for j, n in enumerate(d["layers_b"]) if n != "output"]
                pairs = [s["cka"][i][j] for i in ha for j in hb]
                dpairs = [s["debiased_cka"][i][j] for i in ha for j in hb]
                vals["mean"].append(sum(pairs) / len(pairs))
                vals["min"].append(min(pairs))
                vals["dmean"].append(sum(dpairs) / len(dpairs))
                vals["dmin"].append(min(dpairs))
                vals["out"].append(s["cka"][d["layers_a"].index("output")][d["layers_b"].index("output")])
            if which == -1:
                finals[family] = vals["mean"]
            cell = lambda v: f"{statistics.median(v):.3f} ({min(v):.3f}–{max(v):.3f})"
            print(f"| {family} | {len(docs)} | {step} | {cell(vals['mean'])} | {cell(vals['min'])} | {cell(vals['dmean'])} | "
                  f"{cell(vals['dmin'])} | {cell(vals['out'])} |")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    names = sorted(finals)
    for i, f in enumerate(names):
        ax.scatter([i] * len(finals[f]), finals[f], s=16, color="C0")
    ax.set_xticks(range(len(names)), names)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("mean linear CKA, hidden layer pairs")
    ax.set_title("Two embedded deep linear nets at the end (one dot per seed)")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "embedded.png"), dpi=130)


if __name__ == "__main__":
    main(sys.argv[1])
