#!/usr/bin/env bash
# Trains short slices of nine shipped configs with one phaselab jar into OUT_DIR, probes every 10
# steps and checkpoints every 20: the before/after check of a refactor that must not change bits.
#   cp cli/target/phaselab.jar /tmp/before.jar    # on the old commit, after ./mvnw -DskipTests package
#   scripts/train-slices.sh /tmp/before.jar /tmp/before
#   scripts/train-slices.sh cli/target/phaselab.jar /tmp/after    # on the new commit
#   scripts/compare-runs.py /tmp/before /tmp/after
# Needs data/corpus (phaselab data corpus) and the FewRel cache (phaselab data fetch). MLM_FROM=DIR
# fine-tunes the relation slice from another folder's MLM run (to compare fine-tuning alone).
set -euo pipefail
JAR="$(realpath "$1")"; OUT="$2"
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
run() { name=$1; shift
  "$JAVA" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Dphaselab.gemm.tune=off -jar "$JAR" train "$@" \
    --set train.eval_every=10 --set train.checkpoint_every=20 --set train.log_every=5 --set probes.every=10 \
    --out "$OUT/$name" > "$OUT/$name.log" 2>&1 || { echo "FAILED $name (see $OUT/$name.log)"; return 1; }; }
mkdir -p "$OUT"
run dyck configs/grokking/dyck-cpu.yaml --set train.steps=40 --set task.train_size=5000 --set probes.tree_projection.sentences=20
run question configs/grokking/question-cpu.yaml --set train.steps=20 --set task.train_size=2000 --set probes.tree_projection.sentences=20 \
  --set train.eval_size=50
run tense configs/grokking/tense-cpu.yaml --set train.steps=20 --set task.train_size=2000 --set train.eval_size=50
run fashion configs/entropic/mlp-fashion-sgd.yaml --set train.steps=20 --set task.train_size=2000 --set task.val_size=500 \
  --set probes.entropic.samples=32 --set probes.entropic.sharpness_iterations=5
run linear configs/entropic/linear-sgd.yaml --set train.steps=40
run dyckbal configs/entropic/dyck-balance-sgd.yaml --set train.steps=20 --set task.train_size=2000 --set probes.entropic.samples=8 \
  --set probes.entropic.sharpness_iterations=3
run mlm configs/symmetry/bert-mlm-cpu.yaml --set train.steps=20 --set train.eval_size=64 --set model.layers=2
run fewrel configs/symmetry/fewrel-cpu.yaml --set train.steps=20 --set model.layers=2 --set "model.init_from=${MLM_FROM:-$OUT/mlm}" \
  --set probes.nodes.limit=50 --set train.eval_size=64
