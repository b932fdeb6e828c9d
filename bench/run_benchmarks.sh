#!/usr/bin/env bash
# Runs phaselab's benchmarks and the PyTorch twin in one session, on this machine, and prints the
# BENCHMARKS.md tables: the FMA limit measured here, GEMM and training steps beside PyTorch, each
# as a ratio and as a fraction of the limit. Needs /usr/bin/python3 with python3-torch and
# libopenblas0-pthread (Debian).
#   bench/run_benchmarks.sh [STEPS]       (default 30 timed steps after 30 warm-up steps)
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${1:-30}"
PY=/usr/bin/python3
TWIN=bench/src/main/python/train_twin.py
num() { sed -n "s/.*\"$1\": *\([0-9.]*\).*/\1/p"; }
pct() { awk "BEGIN{printf \"%.0f%%\", 100 * $1 / $2}"; }

echo "CPU: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(nproc) cores; $(bin/phaselab --version 2>/dev/null | head -1)"
echo "GEMM plan: $(cat "${PHASELAB_CACHE:-$HOME/.cache/phaselab}"/gemm/*.properties 2>/dev/null | grep -v '^#' | tr '\n' ' ')"
echo
peak1=$(bin/phaselab bench peak --threads 1 --json | num gflops)
peak2=$(bin/phaselab bench peak --threads 2 --json | num gflops)
echo "## fp32 FMA limit (bin/phaselab bench peak): $peak1 GFLOP/s on 1 thread, $peak2 on 2"
echo
echo "## GEMM, n = 512 (best of repeated calls)"
echo
echo "| layout | threads | phaselab GFLOP/s | % of limit | OpenBLAS (PyTorch) GFLOP/s | ratio |"
echo "|---|---|---|---|---|---|"
for layout in nn nt tn; do
  for t in 1 2; do
    ours=$(bin/phaselab bench gemm --n 512 --threads "$t" --layout "$layout" --json | num gflops)
    theirs=$(OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" "$PY" - "$layout" <<'PYEOF'
import sys, time, torch
lay = sys.argv[1]
torch.set_num_threads(1)
a, b = torch.randn(512, 512), torch.randn(512, 512)
f = {"nn": lambda: a @ b, "nt": lambda: a @ b.t(), "tn": lambda: a.t() @ b}[lay]
for _ in range(100): f()
best = 1e9
for _ in range(2000):
    t = time.perf_counter(); f(); best = min(best, time.perf_counter() - t)
print('{"gflops": %.2f}' % (2 * 512**3 / best / 1e9))
PYEOF
)
    theirs=$(echo "$theirs" | num gflops)
    limit=$([ "$t" = 1 ] && echo "$peak1" || echo "$peak2")
    echo "| $layout | $t | $ours | $(pct "$ours" "$limit") | $theirs | $(awk "BEGIN{printf \"%.2f\", $ours / $theirs}")x |"
  done
done
echo
echo "## Training step (forward, logits + cross-entropy at every position, backward, clip, AdamW), 2 cores"
echo
echo "| config | phaselab tokens/s | ms/step | MB allocated/step | GEMM GFLOP/s (% of limit) | PyTorch tokens/s | ms/step | PyTorch setting | ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
for cfg in dyck-small grok-paper bert-mini; do
  j=$(bin/phaselab bench train --config "$cfg" --threads 2 --steps "$STEPS" --warmup 30 --json)
  jt=$(echo "$j" | num tokens_per_s); jm=$(echo "$j" | num ms_per_step)
  ja=$(echo "$j" | num alloc_mb_per_step); jg=$(echo "$j" | num gemm_gflops)
  # the two fair PyTorch settings measured best on 2 cores; keep the faster
  a=$(OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=1 "$PY" "$TWIN" --config "$cfg" --threads 1 --steps "$STEPS" --warmup 5)
  b=$(OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=2 "$PY" "$TWIN" --config "$cfg" --threads 2 --steps "$STEPS" --warmup 5)
  at=$(echo "$a" | num tokens_per_s); bt=$(echo "$b" | num tokens_per_s)
  if awk "BEGIN{exit !($at >= $bt)}"; then best="$a"; setting="torch 1 thread, OpenBLAS 2, OMP 1"; else best="$b"; setting="torch 2 threads, OMP_WAIT_POLICY=PASSIVE"; fi
  pt=$(echo "$best" | num tokens_per_s); pm=$(echo "$best" | num ms_per_step)
  ratio=$(awk "BEGIN{printf \"%.2f\", $jt / $pt}")
  echo "| $cfg | $jt | $jm | $ja | $jg ($(pct "$jg" "$peak2")) | $pt | $pm | $setting | **${ratio}x** |"
done
