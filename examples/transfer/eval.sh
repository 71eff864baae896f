#!/bin/sh
# The evaluation half of docs/transfer.md (after examples/transfer/train.sh): zero-shot on the 12 Jinan
# intersections, then fine-tuned / from scratch / baselines on the training intersection (with the
# checkpoints for the delay-vs-steps curve), then the tables and SVGs. Run from the repository root.
set -e
OUT=${OUT:-runs/transfer}
EVAL="nice -n 5 node dist/examples/transfer/evalTransfer.js"
$EVAL eval "$OUT/baselines.json" all program fixed-time max-pressure
$EVAL eval "$OUT/zeroshot.json" all "$OUT/source/s0" "$OUT/source/s1" "$OUT/source/s2" "$OUT/source/s3" "$OUT/source/s4"
T=intersection_2_2
for s in 0 1 2 3 4; do
  for g in finetune scratch; do
    CK=""
    for c in "$OUT/$g/s$s"/checkpoints/step-*; do CK="$CK ckpt:$c"; done
    $EVAL eval "$OUT/target.json" $T "$OUT/$g/s$s" $CK
  done
done
R=""
for g in finetune scratch; do for s in 0 1 2 3 4; do R="$R $OUT/$g/s$s"; done; done
$EVAL eval "$OUT/finetuned-all.json" all $R
$EVAL report "$OUT" all "$OUT/baselines.json" "$OUT/zeroshot.json" "$OUT/finetuned-all.json" > "$OUT/all12.md"
# the zero-shot chart last: each report over all intersections rewrites docs/transfer-zero-shot.svg
$EVAL report "$OUT" all "$OUT/baselines.json" "$OUT/zeroshot.json" > "$OUT/zeroshot.md"
$EVAL report "$OUT" $T "$OUT/baselines.json" "$OUT/zeroshot.json" "$OUT/target.json" > "$OUT/target.md"
