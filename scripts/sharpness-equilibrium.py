#!/usr/bin/env python3
"""Sharpness against flatness for the two-layer linear net (docs/entropic-forces.md), from the final
checkpoint and metrics of every run of linear-sharpness-sweep.yaml. For a run's learnt map M = UW it
computes, with the population input covariance Σ = diag(λ), λ_i ∝ i^−α with mean 1:
  * where the run sits: the SGD noise-equilibrium residual tr(Σ)·tr(UᵀU) / (d_out·tr(WΣWᵀ)) (1 at
    SGD's fixed point tr(Σ)UᵀU = d_out WΣWᵀ) and the norm balance tr(WWᵀ)/tr(UᵀU) (1 where weight
    decay leaves GD);
  * the Gauss-Newton sharpness (top eigenvalue of (2/d_out)·JᵀΣJ, exact at a minimum of the
    training loss) at the run's own point, at the SGD-equilibrium point and at the norm-balanced
    point of the same map's orbit (the matrix version, solved as a Riccati equation on GL(h)), and
    the flattest per-neuron rescaling of the run's point (Nelder-Mead over the h scale factors);
and prints each beside the measured sharpness (Lanczos on the training loss, probe/entropic/sharpness).
Σ is the population covariance; the 512 training inputs' own covariance differs by O(√(d/N)),
which is the accuracy to expect of "own point" against "measured".
Usage: scripts/sharpness-equilibrium.py runs/sweeps/linear-sharpness"""
import glob
import json
import os
import statistics
import struct
import sys

import numpy as np
from scipy.linalg import sqrtm
from scipy.optimize import minimize


def checkpoint(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k.startswith("param."):
            a, b = v["data_offsets"]
            out[k[6:]] = np.frombuffer(data[a:b], dtype=np.float32).reshape(v["shape"]).astype(np.float64)
    return out, header["__metadata__"]["config"]


def sharpness(u, w, lam, d_out):
    """Top eigenvalue of the Gauss-Newton Hessian (2/d_out)·E‖(δU W + U δW) x‖², x ~ N(0, Σ)."""
    h, d_in = w.shape
    # J maps (δU, δW) to the output change per input direction: rows (output o, input k)
    n = d_out * h + h * d_in
    rows = []
    for idx in range(n):
        du = np.zeros((d_out, h))
        dw = np.zeros((h, d_in))
        if idx < d_out * h:
            du.flat[idx] = 1
        else:
            dw.flat[idx - d_out * h] = 1
        rows.append((du @ w + u @ dw) * np.sqrt(lam)[None, :])
    j = np.array([r.reshape(-1) for r in rows])  # n × (d_out·d_in), columns whitened by √Σ
    hess = 2.0 / d_out * j @ j.T
    return float(np.linalg.eigvalsh(hess)[-1])


def orbit_point(u, w, g):
    """(U A⁻¹, A W) with AᵀA = G (A = G^{1/2})."""
    a = np.real(sqrtm(g))
    return u @ np.linalg.inv(a), a @ w


def riccati(p0, r0, c):
    """G with G P0 G = c R0 (SPD)."""
    s = np.real(sqrtm(p0))
    si = np.linalg.inv(s)
    return si @ np.real(sqrtm(s @ (c * r0) @ s)) @ si


def main(sweep):
    rows = {}
    for run in sorted(glob.glob(os.path.join(sweep, "*", "checkpoints"))):
        run_dir = os.path.dirname(run)
        last = sorted(glob.glob(os.path.join(run, "step-*.safetensors")))[-1]
        p, cfg = checkpoint(last)
        alpha = float(cfg.split("input_spectrum: ")[1].split()[0])
        wd = float(cfg.split("weight_decay: ")[1].split()[0])
        sampling = cfg.split("sampling: ")[1].split()[0]
        family = "SGD B=4" if sampling == "random" else ("GD + wd" if wd > 0 else "GD")
        w = p["layers.0.linear.weight"]
        u = p["layers.1.linear.weight"]
        d_out, h = u.shape
        d_in = w.shape[1]
        lam = np.array([(i + 1) ** -alpha for i in range(d_in)])
        lam /= lam.mean()
        sigma = np.diag(lam)
        measured = None
        for line in open(os.path.join(run_dir, "metrics.jsonl")):
            j = json.loads(line)
            if j["metric"] == "probe/entropic/sharpness":
                measured = j["value"]
        p0 = w @ sigma @ w.T
        r0 = u.T @ u
        equilibrium = np.trace(sigma) * np.trace(r0) / (d_out * np.trace(p0))
        norm_balance = np.trace(w @ w.T) / np.trace(r0)
        sgd_u, sgd_w = orbit_point(u, w, riccati(p0, r0, np.trace(sigma) / d_out))
        bal_u, bal_w = orbit_point(u, w, riccati(w @ w.T, r0, 1.0))

        def at(log_diag):
            a = np.diag(np.exp(log_diag))
            return sharpness(u @ np.linalg.inv(a), a @ w, lam, d_out)

        flattest = minimize(at, np.zeros(h), method="Nelder-Mead", options={"maxiter": 4000, "xatol": 1e-6, "fatol": 1e-9}).fun
        rows.setdefault((alpha, family), []).append(dict(measured=measured, own=sharpness(u, w, lam, d_out),
            sgd=sharpness(sgd_u, sgd_w, lam, d_out), balanced=sharpness(bal_u, bal_w, lam, d_out), flattest=flattest,
            equilibrium=equilibrium, norm_balance=norm_balance))

    plot(rows, os.path.join(sweep, "sharpness.png"))

    def cell(v):
        return f"{statistics.median(v):.2f} ({min(v):.2f}–{max(v):.2f})"

    print("| α | run | seeds | measured sharpness | at own point (Σ) | at SGD equilibrium | at norm balance | flattest rescaling"
          " (per-neuron) | tr Σ·tr UᵀU / (d_out tr WΣWᵀ) | tr WWᵀ / tr UᵀU |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (alpha, family), rs in sorted(rows.items()):
        col = lambda k: cell([r[k] for r in rs])
        print(f"| {alpha:g} | {family} | {len(rs)} | {col('measured')} | {col('own')} | {col('sgd')} | {col('balanced')} | {col('flattest')}"
              f" | {col('equilibrium')} | {col('norm_balance')} |")


def plot(rows, out):
    """Measured sharpness relative to GD + weight decay, per α and optimizer, one dot per seed."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    alphas = sorted({a for a, _ in rows})
    families = ["SGD B=4", "GD", "GD + wd"]
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    for k, family in enumerate(families):
        for i, alpha in enumerate(alphas):
            ref = statistics.median(r["measured"] for r in rows[(alpha, "GD + wd")])
            ys = [r["measured"] / ref for r in rows.get((alpha, family), [])]
            ax.scatter([i + (k - 1) * 0.22] * len(ys), ys, s=14, color=f"C{k}", label=family if i == 0 else None)
    ax.axhline(1, color="#777", lw=0.8, ls="--")
    ax.set_xticks(range(len(alphas)), [f"α = {a:g}" for a in alphas])
    ax.set_ylabel("sharpness / GD + weight decay's")
    ax.set_title("Top Hessian eigenvalue at the end of training (5 seeds)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=130)


if __name__ == "__main__":
    main(sys.argv[1])
