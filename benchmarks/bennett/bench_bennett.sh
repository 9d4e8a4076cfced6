#!/usr/bin/env bash
# Throughput of Bennett's (2008) insurgency model at the paper's size (50 x 50, 500
# civilians, 100 soldiers) and at 100 times that size (500 x 500, 50,000 civilians, 10,000
# soldiers, 1,000 insurgents), through `sahelsim run` at the sloppy end (accuracy 0.5, so that
# fighting goes on), 200 steps each. Prints JSON: agent-steps per second and peak memory.
#   benchmarks/bennett/bench_bennett.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
source benchmarks/run_timing.sh
bench_begin bennett
for scale in 1 100; do
  side=$((scale == 1 ? 50 : 500)); civilians=$((500 * scale)); soldiers=$((100 * scale))
  insurgents=$((10 * scale)); steps=$((scale == 1 ? 20000 : 200))
  bench_run scenarios/reproductions/bennett/baseline.yaml --steps $steps --set params.size=$side \
    --set params.civilians=$civilians --set params.soldiers=$soldiers \
    --set params.insurgents=$insurgents --set params.accuracy=0.5 --set output.every=$steps
  bench_row "$(awk -v a=$((civilians + soldiers)) -v t=$steps -v s="$SECONDS_TAKEN" -v p="$PEAK_MIB" -v x=$scale 'BEGIN {
    printf "{\"size\": \"%dx\", \"agents\": %d, \"steps\": %d, \"seconds\": %.3f, \"agent_steps_per_s\": %.3g, \"ns_per_agent_step\": %.1f, \"peak_rss_mib\": %.1f}", x, a, t, s, a * t / s, s / (a * t) * 1e9, p }')"
done
bench_end
