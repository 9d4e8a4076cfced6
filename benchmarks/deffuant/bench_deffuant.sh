#!/usr/bin/env bash
# Throughput of the relative agreement model (Deffuant et al. 2002) at the paper's size
# (N = 200) and at 100 times that size (N = 20,000): meetings per second and peak memory,
# through `sahelsim run`: 40 million meetings in steps of N, recorded only at the end, so
# that the start of the program is a small part of the time. Prints JSON.
#   benchmarks/deffuant/bench_deffuant.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
source benchmarks/run_timing.sh
bench_begin deffuant
for n in 200 20000; do
  steps=$((40000000 / n))
  bench_run scenarios/reproductions/deffuant/both-extremes.yaml --set params.agents=$n \
    --steps $steps --set output.every=$steps
  meetings=$((n * steps))
  bench_row "$(awk -v n=$n -v m=$meetings -v s="$SECONDS_TAKEN" -v p="$PEAK_MIB" 'BEGIN {
    printf "{\"agents\": %d, \"meetings\": %d, \"seconds\": %.3f, \"meetings_per_s\": %.3g, \"ns_per_meeting\": %.1f, \"peak_rss_mib\": %.1f}", n, m, s, m / s, s / m * 1e9, p }')"
done
bench_end
