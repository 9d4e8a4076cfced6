#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets (`cmake --preset fuzz`: clang 14, ASan + UBSan),
# makes their seed corpora (benchmarks/fuzz/corpora.sh), runs each target for SECONDS
# (default 120) and prints JSON: per target, executions, executions per second, coverage
# (libFuzzer's cov: edges and ft: features at the end), corpus size, peak memory and the
# crashes found (crash-, leak-, timeout-, oom- files, kept in build-fuzz/fuzz-artifacts/).
#   benchmarks/fuzz/run.sh [SECONDS] [TARGET...]
# SAHELSIM=path/to/sahelsim uses that executable to write the results seeds (default: the
# one built in build-fuzz); JOBS=N builds with N jobs (default 2).
# A target stops at its first finding, unless KEEP_GOING=1: then libFuzzer runs in fork mode
# (-fork=1, ignoring crashes, timeouts and out-of-memory) and every finding is kept.
# Reproduce one with `build-fuzz/fuzz/TARGET FILE`.
# The corpora grow in build-fuzz/fuzz-corpus/TARGET across runs.
set -euo pipefail
seconds=${1:-120}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_scenario fuzz_sweep fuzz_overrides fuzz_results)
cd "$(dirname "$0")/../.."
build=build-fuzz
jobs=${JOBS:-2}

cmake --preset fuzz > /dev/null
if [ -n "${SAHELSIM:-}" ]; then
  cmake --build "$build" -j "$jobs" --target sahelsim_fuzzers > /dev/null
else
  cmake --build "$build" -j "$jobs" --target sahelsim_fuzzers sahelsim > /dev/null
  SAHELSIM=$build/sahelsim
fi
benchmarks/fuzz/corpora.sh "$SAHELSIM" "$build/fuzz-seeds" 2> /dev/null
mkdir -p "$build/fuzz-artifacts" "$build/fuzz-logs"

echo '{"benchmark": "fuzz", "commit": "'"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"'", "cpu": "'"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"'", "compiler": "'"$(clang++-14 --version | head -1)"'", "seconds_per_target": '"$seconds"', "results": ['
first=1
for target in "${targets[@]}"; do
  kind=${target#fuzz_}
  corpus="$build/fuzz-corpus/$target"
  artifacts="$build/fuzz-artifacts/$target"
  log="$build/fuzz-logs/$target.log"
  mkdir -p "$corpus" "$artifacts"
  dict=()
  case $kind in
    scenario | sweep | overrides) dict=(-dict=fuzz/yaml.dict) ;;
    results) dict=(-dict=fuzz/hdf5.dict) ;;
  esac
  keep_going=()
  [ "${KEEP_GOING:-0}" = 1 ] && keep_going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  before=$(ls "$artifacts" | wc -l)
  start=$(date +%s.%N)
  # ASan: leaks are findings too (but those inside libhdf5: fuzz/lsan.supp); UBSan stops at
  # the first report (halt_on_error).
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    LSAN_OPTIONS=suppressions=$PWD/fuzz/lsan.supp \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "${keep_going[@]}" \
    "$corpus" "$build/fuzz-seeds/$kind" > "$log" 2>&1 || true
  end=$(date +%s.%N)
  after=$(ls "$artifacts" | wc -l)
  [ $first -eq 1 ] || echo ','
  first=0
  /usr/bin/python3 - "$target" "$log" "$start" "$end" $((after - before)) "$artifacts" <<'PY'
import json, re, sys, os
target, log, start, end, found, artifacts = sys.argv[1:]
text = open(log, errors="replace").read()
def stat(name):
    m = re.search(r"stat::" + name + r":\s+(\d+)", text)
    return int(m.group(1)) if m else None
last = [l for l in text.splitlines() if " cov: " in l]
cov = ft = corp = None
if last:
    m = re.search(r"cov: (\d+) ft: (\d+) corp: (\d+)", last[-1])
    if m: cov, ft, corp = map(int, m.groups())
seconds = float(end) - float(start)
runs = stat("number_of_executed_units")
rate = stat("average_exec_per_sec")
if runs is None and last:  # stopped by a finding, or fork mode: the last status line
    runs = int(re.match(r"#(\d+)", last[-1]).group(1))
    m = re.search(r"exec/s: (\d+)", last[-1])
    rate = int(m.group(1)) if m else None
    m = re.search(r" time: (\d+)s", last[-1])  # fork mode: exec/s there is the last job's
    if m and int(m.group(1)) > 0:
        rate = round(runs / int(m.group(1)))
print("  " + json.dumps({
    "target": target, "seconds": round(seconds, 1), "executions": runs,
    "exec_per_s": rate, "cov": cov, "ft": ft, "corpus": corp,
    "new_units": stat("new_units_added"), "peak_rss_mb": stat("peak_rss_mb"),
    "crashes": int(found),
    "artifacts": sorted(os.listdir(artifacts), key=lambda f: os.path.getmtime(os.path.join(artifacts, f)))[-int(found):] if int(found) else [],
    "log": log}), end="")
PY
done
echo
echo ']}'
