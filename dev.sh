#!/usr/bin/env bash
# One entry point on a fresh Debian 12 machine (as root): installs the Debian packages that
# are missing, configures and builds (Release), then does what you asked.
#
#   ./dev.sh run [ARGS...]   build, then `sahelsim run ARGS` (no ARGS: the built-in default
#                            scenario, then its HTML report results/report.html)
#   ./dev.sh test            build, then run every test with ctest, then the unit and
#                            model tests under ASan+UBSan and TSan (tools/sanitize.sh;
#                            SANITIZERS=0 leaves that stage out)
#   ./dev.sh bench           build, then run the benchmarks (figures as JSON)
#   ./dev.sh build           install and build only
#
# Environment: BUILD_DIR (default build), JOBS (default: number of cores).
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}

packages=(
  build-essential cmake ninja-build git pkg-config
  libeigen3-dev libtbb-dev libyaml-cpp-dev libhdf5-dev hdf5-tools doctest-dev
  librandom123-dev libcli11-dev libgdal-dev gdal-bin libopenmpi-dev openmpi-bin
  chromium
  python3 python3-numpy python3-h5py python3-xarray python3-pandas python3-h5netcdf netcdf-bin
  python3-matplotlib
)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "dev.sh: missing Debian packages: ${missing[*]}" >&2
    echo "dev.sh: run as root, or install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "dev.sh: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  install_missing
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
  fi
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

command=${1:-run}
[ $# -gt 0 ] && shift
case "$command" in
  build) build ;;
  run)
    build
    if [ $# -eq 0 ]; then
      # The main job: the built-in default scenario, then its report.
      "$BUILD_DIR/sahelsim" run -o results/default.h5
      exec "$BUILD_DIR/sahelsim" report results/default.h5 -o results/report.html
    fi
    exec "$BUILD_DIR/sahelsim" run "$@"
    ;;
  test)
    build
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" "$@"
    # Then the sanitizer stage (ASan+UBSan and TSan builds of the unit and model tests,
    # tools/sanitize.sh), unless ctest was given a selection or SANITIZERS=0.
    if [ $# -eq 0 ] && [ "${SANITIZERS:-1}" != 0 ]; then
      exec tools/sanitize.sh
    fi
    ;;
  bench)
    build
    exec benchmarks/run.sh "$BUILD_DIR" "$@"
    ;;
  *)
    echo "usage: ./dev.sh run|test|bench|build [ARGS...]" >&2
    exit 2
    ;;
esac
