# Shared by the benchmark scripts that time `sahelsim run` as a whole process (sourced, not
# run). After `cd` to the repository root:
#   bench_begin NAME         prints the JSON header (commit, CPU) and opens the results list
#   bench_run ARGS...        runs `$build/sahelsim run ARGS -q -o TMP` under /usr/bin/time and
#                            sets SECONDS_TAKEN and PEAK_MIB
#   bench_row TEXT           prints one JSON result object (commas between rows)
#   bench_end                closes the list and the object
bench_tmp=$(mktemp -d)
trap 'rm -rf "$bench_tmp"' EXIT
bench_first=1

bench_begin() {
  echo '{"benchmark": "'"$1"'", "commit": "'"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"'", "cpu": "'"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"'", "results": ['
}

bench_run() {
  /usr/bin/time -f '%e %M' -o "$bench_tmp/time" "$build/sahelsim" run "$@" -q -o "$bench_tmp/run.h5"
  local kib
  read -r SECONDS_TAKEN kib < "$bench_tmp/time"
  PEAK_MIB=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
}

bench_row() {
  [ $bench_first -eq 1 ] || echo ','
  bench_first=0
  printf '  %s' "$1"
}

bench_end() {
  echo
  echo ']}'
}
