#!/usr/bin/env python3
"""The slow mode of a wide linear net's relaxation (docs/entropic-forces.md): fits
y∞ + A·exp(−(t − t₀)/τ) to ‖W₁‖² (norm_balance/layers.0|1/in_sq) of every run of a sweep, from 15% of
the run on, and prints τ beside τ_⊥ = B·d_out/(4η²σ²), the predicted decay time of the hidden
directions the teacher does not use (σ² the training MSE over the second half of the run).
Usage: scripts/relaxation-modes.py runs/sweeps/linear-relaxation-wide"""
import glob
import json
import os
import sys

import numpy as np


def fit(t, y):
    best = None
    for tau in np.exp(np.linspace(np.log(50), np.log(1e6), 2000)):
        e = np.exp(-(t - t[0]) / tau)
        a = np.vstack([np.ones_like(e), e]).T
        c = np.linalg.lstsq(a, y, rcond=None)[0]
        r = ((a @ c - y) ** 2).sum()
        if best is None or r < best[0]:
            best = (r, tau, c)
    return best[1], best[2]


def main(sweep):
    print("run\tτ(‖W1‖²)\tτ_⊥ predicted\tratio\tplateau ‖W1‖²")
    for run in sorted(glob.glob(os.path.join(sweep, "*", "metrics.jsonl"))):
        w1, loss = {}, {}
        for line in open(run):
            j = json.loads(line)
            if j["metric"].endswith("layers.0|1/in_sq"):
                w1[j["step"]] = j["value"]
            elif j["metric"] == "eval/train/loss":
                loss[j["step"]] = j["value"]
        cfg = open(os.path.join(os.path.dirname(run), "config.yaml")).read()
        lr = float(cfg.split("lr: ")[1].split()[0])
        batch = int(cfg.split("batch_size: ")[1].split()[0])
        d_out = int(cfg.split("output_dim: ")[1].split()[0])
        end = max(w1)
        sigma2 = float(np.median([v for k, v in loss.items() if k >= end / 2]))
        t = np.array(sorted(k for k in w1 if k >= 0.15 * end), dtype=float)
        tau, c = fit(t, np.array([w1[k] for k in t]))
        pred = batch * d_out / (4 * lr * lr * sigma2)
        print(f"{os.path.basename(os.path.dirname(run))}\t{tau:.0f}\t{pred:.0f}\t{tau / pred:.2f}\t{c[0]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
