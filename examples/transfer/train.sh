#!/bin/sh
# The training half of docs/transfer.md: 5 seeds of (source on the synthetic Jinan-like intersection,
# fine-tune on Jinan intersection_2_2 from it, train from scratch on the same Jinan intersection), one
# process at a time under nice. Run from the repository root after `npm run build`.
set -e
OUT=${OUT:-runs/transfer}
SRC_STEPS=${SRC_STEPS:-10000}
TGT_STEPS=${TGT_STEPS:-4000}
TSGYM="nice -n 5 node dist/src/cli/main.js"
for s in 0 1 2 3 4; do
  [ -f "$OUT/source/s$s/policy.json" ] || $TSGYM train --env TrafficSignal-v0 --algo dqn --steps "$SRC_STEPS" --seed "$s" --config examples/configs/transfer.source.yaml --out "$OUT/source/s$s" --json
done
for s in 0 1 2 3 4; do
  [ -f "$OUT/finetune/s$s/policy.json" ] || $TSGYM train --env TrafficNetwork-v0 --algo dqn --steps "$TGT_STEPS" --seed "$s" --config examples/configs/transfer.finetune.yaml --init-from "$OUT/source/s$s" --out "$OUT/finetune/s$s" --json
  [ -f "$OUT/scratch/s$s/policy.json" ] || $TSGYM train --env TrafficNetwork-v0 --algo dqn --steps "$TGT_STEPS" --seed "$s" --config examples/configs/transfer.jinan.yaml --out "$OUT/scratch/s$s" --json
done
