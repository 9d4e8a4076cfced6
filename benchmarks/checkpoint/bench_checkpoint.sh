#!/usr/bin/env bash
# What checkpoints cost, on the built-in default scenario (the Sahel model on Mali, 800,000
# person agents, 520 weekly steps, maps every 4 weeks) at 2 threads: the run without and
# with a checkpoint every 52 steps (time, peak memory, checkpoint sizes), then resuming from
# the checkpoint after step 260 (time, peak memory), and whether the resumed results equal
# the uninterrupted run's (h5diff of every dataset). Prints JSON.
#   benchmarks/checkpoint/bench_checkpoint.sh [BUILD_DIR] [EVERY]
set -euo pipefail
build=${1:-build}
every=${2:-52}
cd "$(dirname "$0")/../.."
source benchmarks/run_timing.sh
bench_begin checkpoint

bench_run --threads 2
cp "$bench_tmp/run.h5" "$bench_tmp/plain.h5"
bench_row "$(printf '{"case": "no checkpoints", "seconds": %s, "peak_rss_mib": %s}' \
  "$SECONDS_TAKEN" "$PEAK_MIB")"

/usr/bin/time -f '%e %M' -o "$bench_tmp/time" "$build/sahelsim" run --threads 2 -q \
  -o "$bench_tmp/ck.h5" --checkpoint-every "$every" --keep-checkpoints
read -r seconds kib < "$bench_tmp/time"
sizes=$(for f in "$bench_tmp"/ck.*.ckpt; do
  step=${f##*/ck.}; step=${step%.ckpt}
  printf '%s %s\n' "$step" "$(stat -c %s "$f")"
done | sort -n | awk '{ printf "%s\"%s\": %.1f", (NR > 1 ? ", " : ""), $1, $2 / 1048576 }')
bench_row "$(awk -v s="$seconds" -v k="$kib" -v e="$every" -v z="$sizes" 'BEGIN {
  printf "{\"case\": \"checkpoint every %d steps\", \"seconds\": %s, \"peak_rss_mib\": %.1f, \"checkpoint_mib_by_step\": {%s}}", e, s, k / 1024, z }')"

half=$(ls "$bench_tmp"/ck.*.ckpt | sed 's/.*ck\.\([0-9]*\)\.ckpt/\1/' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
/usr/bin/time -f '%e %M' -o "$bench_tmp/time" "$build/sahelsim" run --threads 2 -q \
  --resume "$bench_tmp/ck.$half.ckpt" -o "$bench_tmp/resumed.h5"
read -r seconds kib < "$bench_tmp/time"
same=false
# h5diff's exit code, and the same datasets with the same shapes (h5diff calls datasets of
# different shapes "not comparable" and may still exit with 0).
if h5diff --exclude-attribute / "$bench_tmp/plain.h5" "$bench_tmp/resumed.h5" > /dev/null &&
  [ "$(h5ls -r "$bench_tmp/plain.h5")" = "$(h5ls -r "$bench_tmp/resumed.h5")" ]; then
  same=true
fi
bench_row "$(awk -v s="$seconds" -v k="$kib" -v h="$half" -v same="$same" 'BEGIN {
  printf "{\"case\": \"resume from step %d\", \"seconds\": %s, \"peak_rss_mib\": %.1f, \"identical_to_uninterrupted\": %s}", h, s, k / 1024, same }')"
bench_end
