#!/usr/bin/env bash
# Runs phaselab's benchmarks and the PyTorch twin in one session and prints the BENCHMARKS.md
# tables. Needs /usr/bin/python3 with python3-torch and libopenblas0-pthread (Debian).
#   bench/run_benchmarks.sh [STEPS]       (default 30 timed steps after 30 warm-up steps)
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${1:-30}"
PY=/usr/bin/python3
TWIN=bench/src/main/python/train_twin.py
field() { sed -n "s/.*\"$1\": *\([0-9.]*\).*/\1/p"; }

echo "## GEMM (n = 512, float32)"
echo
echo "| layout | threads | GFLOP/s (best) | GFLOP/s (median) |"
echo "|---|---|---|---|"
for layout in nn nt tn; do
  for t in 1 2; do
    line=$(bin/phaselab bench gemm --n 512 --threads "$t" --layout "$layout" --json)
    echo "| $layout | $t | $(echo "$line" | sed -n 's/.*"gflops":\([0-9.]*\).*/\1/p') | $(echo "$line" | sed -n 's/.*"gflops_median":\([0-9.]*\).*/\1/p') |"
  done
done
echo
echo "## Training step (forward, logits + cross-entropy at every position, backward, clip, AdamW), 2 cores"
echo
echo "| config | phaselab tokens/s | phaselab ms/step | PyTorch tokens/s | PyTorch ms/step | PyTorch setting | ratio |"
echo "|---|---|---|---|---|---|---|"
for cfg in dyck-small grok-paper bert-mini; do
  j=$(bin/phaselab bench train --config "$cfg" --threads 2 --steps "$STEPS" --warmup 30 --json)
  jt=$(echo "$j" | sed -n 's/.*"tokens_per_s":\([0-9.]*\).*/\1/p')
  jm=$(echo "$j" | sed -n 's/.*"ms_per_step":\([0-9.]*\).*/\1/p')
  # the two fair PyTorch settings measured best on 2 cores; keep the faster
  a=$(OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=1 "$PY" "$TWIN" --config "$cfg" --threads 1 --steps "$STEPS" --warmup 5)
  b=$(OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=2 "$PY" "$TWIN" --config "$cfg" --threads 2 --steps "$STEPS" --warmup 5)
  at=$(echo "$a" | field tokens_per_s); bt=$(echo "$b" | field tokens_per_s)
  if awk "BEGIN{exit !($at >= $bt)}"; then best="$a"; setting="torch 1 thread, OpenBLAS 2"; else best="$b"; setting="torch 2 threads, OMP_WAIT_POLICY=PASSIVE"; fi
  pt=$(echo "$best" | field tokens_per_s); pm=$(echo "$best" | field ms_per_step)
  ratio=$(awk "BEGIN{printf \"%.2f\", $jt / $pt}")
  echo "| $cfg | $jt | $jm | $pt | $pm | $setting | ${ratio}x |"
done
