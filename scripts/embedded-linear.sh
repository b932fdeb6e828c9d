#!/usr/bin/env bash
# Embedded deep linear networks (Ziyin & Chuang 2025, arXiv 2507.01098; docs/entropic-forces.md):
# two deep linear nets of different widths and depths (20 → 32 → 32 → 5 and 20 → 24 → 24 → 24 → 5)
# learn the teacher of linear-sgd.yaml from different linear views of the same inputs
# (task.view_seed 1 and 2), under SGD (batch 4), SGD with weight decay 0.001 and 0.01, and full-batch GD, at the
# same η. Theory: SGD alone drives every pair of hidden layers of the two nets to the same
# representation up to rotation (linear CKA → 1); weight decay and GD do not. Every pair of nets
# is compared with `phaselab probe align` at step 0 and at the end; scripts/embedded-linear.py
# prints the table.
#   scripts/embedded-linear.sh [OUT] [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-runs/embedded}"
SEEDS="${2:-1 2 3}"
PHASELAB="${PHASELAB:-bin/phaselab}"
STEPS=20000
train() { # name seed view hidden [--set ...]
  local name=$1 seed=$2 view=$3 hidden=$4
  shift 4
  [ -f "$OUT/$name/checkpoints/step-$(printf %06d $STEPS).safetensors" ] && return
  rm -rf "${OUT:?}/$name"
  $PHASELAB train configs/entropic/linear-sgd.yaml --out "$OUT/$name" --threads 1 --set seed="$seed" --set task.view_seed="$view" \
    --set model.hidden="$hidden" --set optimizer.lr=0.05 --set train.steps=$STEPS --set train.checkpoint_every=$STEPS \
    --set train.eval_every=1000 --set probes.names=[norm_balance] --set probes.every=1000 "$@"
}
for s in $SEEDS; do
  for family in sgd sgd-wd sgd-wd10 gd; do
    case $family in
      sgd) opts=() ;;
      sgd-wd) opts=(--set optimizer.weight_decay=0.001) ;;
      sgd-wd10) opts=(--set optimizer.weight_decay=0.01) ;;
      gd) opts=(--set train.sampling=full --set train.batch_size=512) ;;
    esac
    train "$family-a-s$s" "$s" 1 "[32,32]" "${opts[@]}"
    train "$family-b-s$s" "$((s + 100))" 2 "[24,24,24]" "${opts[@]}"
    $PHASELAB probe align "$OUT/$family-a-s$s" "$OUT/$family-b-s$s" --samples 500
  done
done
/usr/bin/python3 scripts/embedded-linear.py "$OUT"
