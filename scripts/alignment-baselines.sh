#!/usr/bin/env bash
# Representation alignment with its baselines (docs/entropic-forces.md): CKA and mutual k-NN at
# initialisation and after training for two SGD nets (seeds 1, 2), two GD nets (seeds 1, 2), SGD
# against GD, two widths (256 vs 128), and a net trained on shuffled labels. Writes the runs under
# OUT (default runs/align) and each pair's JSON under RUN_A/probes/align-RUN_B.json.
#   scripts/alignment-baselines.sh [OUT] [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-runs/align}"
STEPS="${2:-3000}"
train() { # name config seed [--set ...]
  local name=$1 config=$2 seed=$3
  shift 3
  [ -f "$OUT/$name/checkpoints/step-$(printf %06d "$STEPS").safetensors" ] && return
  bin/phaselab train "configs/entropic/$config" --out "$OUT/$name" --threads 1 --set seed="$seed" \
    --set train.steps="$STEPS" --set probes.names=[weight_norm] "$@"
}
train sgd-s1 mlp-fashion-sgd.yaml 1
train sgd-s2 mlp-fashion-sgd.yaml 2
train narrow-s2 mlp-fashion-narrow.yaml 2
train shuffled-s2 mlp-fashion-sgd.yaml 2 --set task.shuffle_labels=true
train gd-s1 mlp-fashion-gd.yaml 1
train gd-s2 mlp-fashion-gd.yaml 2
for pair in "sgd-s1 sgd-s2" "gd-s1 gd-s2" "sgd-s1 gd-s1" "sgd-s1 narrow-s2" "sgd-s1 shuffled-s2"; do
  set -- $pair
  bin/phaselab probe align "$OUT/$1" "$OUT/$2"
done
