#!/usr/bin/env python3
"""Summarises scripts/symmetry-twins.sh: for each family (linear-sgd, linear-gd, mlp-sgd, mlp-gd),
the twin scale gap (median over neurons of |ln a_j| left between a net and its rescaled twin) and
the CKA / debiased CKA / Huh et al. mutual k-NN of matching hidden layers, as median (min–max) over
seeds at the first, middle and last common checkpoint; draws the gap over training to OUT/twins.png.
Usage: scripts/symmetry-twins.py runs/twins"""
import glob
import json
import os
import statistics
import sys


def load(out):
    fam = {}
    for f in sorted(glob.glob(os.path.join(out, "*", "probes", "align-*-twin-s*.json"))):
        doc = json.load(open(f))
        run = os.path.basename(os.path.dirname(os.path.dirname(f)))
        family, seed = run.rsplit("-s", 1)
        fam.setdefault(family, {})[int(seed)] = doc
    return fam


def cell(values):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def main(out):
    fam = load(out)
    series = {}
    print("| family | seeds | step | twin scale gap (layer 0) | CKA hidden 0 | debiased CKA hidden 0 | mutual k-NN (Huh) hidden 0 |")
    print("|---|---|---|---|---|---|---|")
    for family, docs in sorted(fam.items()):
        steps = sorted(set.intersection(*[set(s["step"] for s in d["steps"]) for d in docs.values()]))
        for step in [steps[0], steps[len(steps) // 2], steps[-1]]:
            rows = [next(s for s in d["steps"] if s["step"] == step) for d in docs.values()]
            gap = [r["neuron_scale_gap"]["neurons.0"] if r.get("neuron_scale_gap") else None for r in rows]
            cka = [r["cka"][0][0] for r in rows]
            dcka = [r["debiased_cka"][0][0] if r.get("debiased_cka") else None for r in rows]
            knn = [r["mutual_knn_reference"][0][0] if r.get("mutual_knn_reference") else None for r in rows]
            print(f"| {family} | {len(rows)} | {step} | {cell(gap)} | {cell(cka)} | {cell(dcka)} | {cell(knn)} |")
        series[family] = [(st, statistics.median(
            next(s for s in d["steps"] if s["step"] == st)["neuron_scale_gap"]["neurons.0"] for d in docs.values())) for st in steps]
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    for ax, prefix in zip(axes, ["linear", "mlp"]):
        for family, pts in sorted(series.items()):
            if family.startswith(prefix):
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", ms=3, label=family)
        ax.set_xlabel("step")
        ax.set_ylabel("twin scale gap, median |ln a_j| (layer 0)")
        ax.set_title({"linear": "linear net 20→32→5", "mlp": "ReLU MLP, Fashion-MNIST"}[prefix])
        ax.set_ylim(bottom=0)
        ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "twins.png"), dpi=130)


if __name__ == "__main__":
    main(sys.argv[1])
