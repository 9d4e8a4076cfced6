#!/usr/bin/env bash
# Runs every benchmark with its default configuration and prints their JSON.
#   benchmarks/run.sh [BUILD_DIR] [extra options for bench_epstein...]
set -euo pipefail
build=${1:-build}
[ $# -gt 0 ] && shift
"$build/benchmarks/bench_epstein" "$@"
"$build/benchmarks/bench_geo"
"$build/benchmarks/bench_sweep"
"$build/benchmarks/bench_sahel"
benchmarks/deffuant/bench_deffuant.sh "$build"
benchmarks/bennett/bench_bennett.sh "$build"
benchmarks/flee/bench_flee.sh "$build"
benchmarks/epstein2/bench_epstein2.sh "$build"
benchmarks/checkpoint/bench_checkpoint.sh "$build"
