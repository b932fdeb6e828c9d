#!/usr/bin/env bash
# Symmetry twins (docs/entropic-forces.md): each net is trained beside its twin, the same net with
# every hidden neuron rescaled by a factor in [1/4, 4] (model.rescale_neurons=4: the same function,
# the same seed, hence the same minibatch stream), under SGD and under full-batch GD at the same η.
# Theory (Ziyin et al. 2025): SGD's entropic force drives both to the same balanced point of the
# orbit, so the twin gap closes and their representations align; GD conserves the charges, so the
# gap stays. Every pair is compared with `phaselab probe align` at each checkpoint (CKA, mutual
# k-NN, twin scale gap) and the table is printed by scripts/symmetry-twins.py.
#   scripts/symmetry-twins.sh [OUT] [LINEAR_SEEDS] [MLP_SEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-runs/twins}"
LINEAR_SEEDS="${2:-1 2 3 4 5}"
MLP_SEEDS="${3-1 2 3}"  # an empty third argument skips the Fashion-MNIST pairs
PHASELAB="${PHASELAB:-bin/phaselab}"
train() { # name config seed [--set ...]
  local name=$1 config=$2 seed=$3
  shift 3
  [ -f "$OUT/$name/metrics.jsonl" ] && grep -q '"metric":"eval/test' "$OUT/$name/metrics.jsonl" && [ -f "$OUT/$name/.done" ] && return
  rm -rf "${OUT:?}/$name"
  $PHASELAB train "configs/entropic/$config" --out "$OUT/$name" --threads 1 --set seed="$seed" --set probes.names=[norm_balance] "$@"
  touch "$OUT/$name/.done"
}
pair() { # family config seed [--set ...]
  local family=$1 config=$2 seed=$3
  shift 3
  train "$family-s$seed" "$config" "$seed" "$@"
  train "$family-twin-s$seed" "$config" "$seed" --set model.rescale_neurons=4 "$@"
  $PHASELAB probe align "$OUT/$family-s$seed" "$OUT/$family-twin-s$seed" --samples 500
}
LINEAR=(--set optimizer.lr=0.05 --set train.steps=20000 --set train.checkpoint_every=1000 --set train.keep_checkpoints=100)
for s in $LINEAR_SEEDS; do
  pair linear-sgd linear-sgd.yaml "$s" "${LINEAR[@]}"
  pair linear-gd linear-gd.yaml "$s" "${LINEAR[@]}"
done
for s in $MLP_SEEDS; do
  pair mlp-sgd mlp-fashion-sgd.yaml "$s"
  pair mlp-gd mlp-fashion-gd.yaml "$s"
done
# SGD ten times longer (full-batch GD over 4,096 images for 30,000 steps would take hours here)
for s in $MLP_SEEDS; do
  pair mlp-sgd-long mlp-fashion-sgd.yaml "$s" --set train.steps=30000 --set train.checkpoint_every=5000
done
/usr/bin/python3 scripts/symmetry-twins.py "$OUT"
