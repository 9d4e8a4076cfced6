#!/usr/bin/env bash
# Throughput of Epstein's (2002) Model II at the paper's size (40 x 40 torus, about 1,120
# agents) and at 100 times that size (400 x 400, about 112,000 agents), Run 8's settings
# (legitimacy 0.8, peacekeepers 0.04), through `sahelsim run`. Prints JSON: agent-steps per
# second (agents counted at the start) and peak memory.
#   benchmarks/epstein2/bench_epstein2.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
source benchmarks/run_timing.sh
bench_begin epstein2
for side in 40 400; do
  steps=$((side == 40 ? 5000 : 50))
  bench_run scenarios/reproductions/epstein/run8.yaml --steps $steps --set params.width=$side \
    --set params.height=$side --set output.maps_every=0 --set output.every=$steps
  bench_row "$(awk -v side=$side -v t=$steps -v s="$SECONDS_TAKEN" -v p="$PEAK_MIB" 'BEGIN {
    a = int(0.7 * side * side + 0.5)
    printf "{\"side\": %d, \"agents\": %d, \"steps\": %d, \"seconds\": %.3f, \"agent_steps_per_s\": %.3g, \"ns_per_agent_step\": %.1f, \"peak_rss_mib\": %.1f}", side, a, t, s, a * t / s, s / (a * t) * 1e9, p }')"
done
bench_end
