#!/usr/bin/env bash
# Throughput of the relative agreement model (Deffuant et al. 2002) at the paper's size
# (N = 200) and at 100 times that size (N = 20,000): meetings per second and peak memory,
# through `sahelsim run`: 40 million meetings in steps of N, recorded only at the end, so
# that the start of the program is a small part of the time. Prints JSON.
#   benchmarks/deffuant/bench_deffuant.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo '{"benchmark": "deffuant", "commit": "'"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"'", "cpu": "'"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"'", "results": ['
first=1
for n in 200 20000; do
  steps=$((40000000 / n))
  /usr/bin/time -f '%e %M' -o "$out/time" "$build/sahelsim" run \
    scenarios/reproductions/deffuant/both-extremes.yaml --set params.agents=$n \
    --steps $steps --set output.every=$steps -q -o "$out/run.h5"
  read -r seconds kib < "$out/time"
  meetings=$((n * steps))
  [ $first -eq 1 ] || echo ','
  first=0
  awk -v n=$n -v m=$meetings -v s="$seconds" -v k="$kib" 'BEGIN {
    printf "  {\"agents\": %d, \"meetings\": %d, \"seconds\": %.3f, \"meetings_per_s\": %.3g, \"ns_per_meeting\": %.1f, \"peak_rss_mib\": %.1f}", n, m, s, m / s, s / m * 1e9, k / 1024 }'
done
echo
echo ']}'
