#!/usr/bin/env bash
# The sanitizer stage of `./dev.sh test` (CI runs it): builds the unit and model tests with
# AddressSanitizer + UndefinedBehaviorSanitizer and with ThreadSanitizer (CMake presets asan
# and tsan, in build-asan/ and build-tsan/), then runs
#   ASan+UBSan: every unit test, and the model tests of determinism (1, 2, 4 threads),
#               invariants and checkpoints (resume and fork, every model);
#   TSan:       the parallel core: the determinism tests and the checkpoint tests (which
#               resume at 2 threads), with the parallel loops on std::threads TSan follows.
# A sanitizer report fails the test that triggered it (halt_on_error, no recovery).
# The whole suite under the sanitizers takes too long for CI's time on two cores; this subset
# is the one docs/reliability.md describes. `cmake --preset asan && ctest --preset asan` runs
# everything.
#
#   tools/sanitize.sh [asan|tsan]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(asan tsan)

for preset in "${stages[@]}"; do
  dir=build-$preset
  case "$preset" in
    asan)
      labels=unit
      regex='identical results|invariants hold|checkpoints:'
      export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
      export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
      ;;
    tsan)
      labels=
      regex='identical results|checkpoints: a'
      export TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/tests/tsan.supp"
      ;;
    *)
      echo "usage: tools/sanitize.sh [asan|tsan]..." >&2
      exit 2
      ;;
  esac
  echo "== sanitizer build: $preset ($dir)" >&2
  [ -f "$dir/CMakeCache.txt" ] || cmake --preset "$preset" >/dev/null
  cmake --build "$dir" -j "$JOBS" --target unit_tests model_tests
  [ -n "$labels" ] && ctest --test-dir "$dir" --output-on-failure -j "$JOBS" -L "$labels"
  ctest --test-dir "$dir" --output-on-failure -j "$JOBS" -L model -R "$regex"
done
