#!/usr/bin/env bash
# Installs every dependency, builds, and runs the whole test suite: unit tests,
# HTTP integration tests (real server, curl and EventSource clients) and the
# dashboard in headless Chromium, first with the dev preset, then again with
# the server and the tests built under ASan+UBSan (asan preset) and under TSan
# (tsan preset); then a short bounded run of every libFuzzer target. Before
# building, it checks that every C++ file is clang-formatted.
#
#   ACOUSTREAM_SANITIZERS=0   skip the asan and tsan runs (local use)
#   ACOUSTREAM_FUZZ_SECONDS=N seconds per fuzz target (default 20; 0 skips)
#
# The integration tests spend most of their time waiting on real-time
# streams, so while one preset's tests run, the next builds (asan, tsan, the
# fuzz targets, then the short fuzz run) go on in the background at nice 19:
# they only take CPU time the tests leave idle. Each phase prints its wall
# time ("test.sh: <phase> took N s"); logs of the background steps are in
# build/ci-logs/.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/.."
jobs=$(nproc)
logs="$PWD/build/ci-logs"

# ccache (the CMake launcher when ccache is installed) keyed on paths relative
# to the checkout, so a clone in another folder (CI) reuses earlier objects.
# Not hashing the build directory only affects DW_AT_comp_dir in debug info.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=true

sanitizers=()
if [ "${ACOUSTREAM_SANITIZERS:-1}" != 0 ]; then sanitizers=(asan tsan); fi
fuzz_seconds="${ACOUSTREAM_FUZZ_SECONDS:-20}"

# --- the background chain: test.sh --background STEP... -----------------------
# Runs each step in order at nice 19 and leaves build/ci-logs/STEP.log and
# STEP.done ("<exit status> <seconds>") for the foreground to wait on.
if [ "${1:-}" = --background ]; then
  shift
  for step in "$@"; do
    start=$SECONDS
    status=0
    case "$step" in
      fuzz) nice -n 19 bash scripts/fuzz.sh "$fuzz_seconds" >"$logs/$step.log" 2>&1 || status=$? ;;
      *) nice -n 19 bash -c "cmake --preset $step >/dev/null && cmake --build --preset $step -j $jobs" \
           >"$logs/$step.log" 2>&1 || status=$? ;;
    esac
    echo "$status $((SECONDS - start))" >"$logs/$step.done"
  done
  exit 0
fi

total_start=$SECONDS
phase() {
  local name=$1 start=$SECONDS
  shift
  echo "test.sh: --- $name"
  "$@"
  echo "test.sh: $name took $((SECONDS - start)) s"
}

# Waits for a background step; prints its log (all of it if it failed).
await() {
  local step=$1 start=$SECONDS status seconds
  echo "test.sh: --- waiting for background step: $step"
  until [ -f "$logs/$step.done" ]; do
    if ! kill -0 "$chain" 2>/dev/null; then
      echo "test.sh: the background steps ended before $step" >&2
      exit 1
    fi
    sleep 2
  done
  read -r status seconds <"$logs/$step.done"
  if [ "$status" != 0 ]; then
    cat "$logs/$step.log"
    echo "test.sh: background step $step failed (exit $status)" >&2
    exit 1
  fi
  tail -n 15 "$logs/$step.log"
  echo "test.sh: $step took $seconds s in the background (waited $((SECONDS - start)) s for it)"
}

phase "install-deps" bash scripts/install-deps.sh
phase "npm ci" npm ci --no-audit --no-fund --loglevel=error
phase "clang-format" bash scripts/check-format.sh

phase "dev: configure+build" bash -c "cmake --preset dev >/dev/null && cmake --build --preset dev -j $jobs"

steps=("${sanitizers[@]}")
if [ "$fuzz_seconds" != 0 ]; then steps+=(fuzz); fi
chain=""
if ((${#steps[@]})); then
  rm -rf "$logs"
  mkdir -p "$logs"
  # Its own process group, so an early exit stops the builds too.
  setsid bash "$self" --background "${steps[@]}" &
  chain=$!
  trap 'kill -- -"$chain" 2>/dev/null || true' EXIT
fi

phase "dev: ctest (all)" ctest --preset dev -j "$jobs"

# The whole suite under each sanitizer: the unit tests, and the server binary
# the integration and e2e tests start (ACOUSTREAM_BIN points at the preset's
# build). A report fails the test: halt_on_error in the test presets, and
# tests/node/server.mjs checks the stderr of every server it started.
for preset in "${sanitizers[@]}"; do
  await "$preset"
  phase "$preset: ctest (all)" ctest --preset "$preset" -j "$jobs"
done

if [ "$fuzz_seconds" != 0 ]; then
  await fuzz
fi

echo "test.sh: total $((SECONDS - total_start)) s"
echo "all tests passed"
