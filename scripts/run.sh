#!/usr/bin/env bash
# Installs every dependency, builds the release binary and serves the built-in
# simulated source on http://127.0.0.1:8080 (extra arguments go to `serve`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm ci --no-audit --no-fund --loglevel=error
cmake --preset release
cmake --build --preset release --target acoustream
exec ./build/release/acoustream serve --source simulated "$@"
