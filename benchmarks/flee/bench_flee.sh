#!/usr/bin/env bash
# Throughput of Flee on its Mali 2012 case (300 days) at the paper's size (one agent per
# refugee: about 90,000 agents at the end under flee3, 157,000 under flee2017) and at 100
# times that size (params.agents_per_refugee=100), on 1 and 2 threads, through `sahelsim
# run`. Agent-steps = the agents alive summed over the days. Prints JSON.
#   benchmarks/flee/bench_flee.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
source benchmarks/run_timing.sh
bench_begin flee
for rules in flee3 flee2017; do
  for scale in 1 100; do
    for threads in 1 2; do
      bench_run scenarios/reproductions/flee/mali2012.yaml --set params.rules=$rules \
        --set params.agents_per_refugee=$scale --threads $threads
      # Agents alive each day (records 1..300), in agents (refugees x scale).
      h5dump -y -o "$bench_tmp/refugees.txt" -d /series/refugees "$bench_tmp/run.h5" > /dev/null
      agent_steps=$(tr -s ' ,' '\n' < "$bench_tmp/refugees.txt" |
        awk -v x=$scale '/^[0-9.e+-]+$/ { n++; if (n > 1) s += $1 } END { printf "%.0f", s * x }')
      bench_row "$(awk -v r=$rules -v x=$scale -v th=$threads -v a="$agent_steps" -v s="$SECONDS_TAKEN" -v p="$PEAK_MIB" 'BEGIN {
        printf "{\"rules\": \"%s\", \"size\": \"%dx\", \"threads\": %d, \"agent_steps\": %.0f, \"seconds\": %.3f, \"agent_steps_per_s\": %.3g, \"ns_per_agent_step\": %.1f, \"peak_rss_mib\": %.1f}", r, x, th, a, s, a / s, s / a * 1e9, p }')"
    done
  done
done
bench_end
