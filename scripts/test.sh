#!/usr/bin/env bash
# Installs every dependency, builds, and runs the whole test suite: unit tests,
# HTTP integration tests (real server, curl and EventSource clients) and the
# dashboard in headless Chromium (dev preset); then the unit tests again under
# ASan+UBSan and under TSan. ACOUSTREAM_SANITIZERS=0 skips the sanitizer runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm ci --no-audit --no-fund --loglevel=error
jobs=$(nproc)

cmake --preset dev
cmake --build --preset dev -j "$jobs"
ctest --preset dev -j "$jobs"

if [ "${ACOUSTREAM_SANITIZERS:-1}" != 0 ]; then
  for preset in asan tsan; do
    cmake --preset "$preset"
    cmake --build --preset "$preset" -j "$jobs" --target unit_tests
    ctest --preset "$preset" -j "$jobs" -L unit
  done
fi
echo "all tests passed"
