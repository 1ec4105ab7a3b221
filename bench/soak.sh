#!/usr/bin/env bash
# Soak benchmark: one acoustream server (simulated source) under N SSE
# clients for a long time, with churn (clients closed and reconnected with
# Last-Event-ID) and a share of clients that never read. sse_loadgen prints an
# interval line every --report-every seconds: frames delivered and missing,
# lag notices, latency p50/p99/max, reconnects, errors, and the server's CPU,
# RSS, open descriptors and threads. The script records the server's RSS and
# descriptors before the load and after the clients have gone, writes every
# line to --out (JSON lines) and prints a markdown table.
#
#   bench/soak.sh [--build DIR] [--clients N] [--duration S] [--report-every S]
#                 [--churn-per-s R] [--slow-fraction F] [--fps N] [--path P]
#                 [--out FILE] [--boost]
#
# Defaults: 500 clients, 1800 s, a report every 60 s, 5 reconnects a second,
# 10 % of clients never reading, 30 fps JSON audio frames.
# --boost: as in fanout.sh (a session whose autogroup has nice -10; root).
# Not part of the test suite. Results: docs/benchmarks.md, "Soak".
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
build="$repo/build/h-perf"
clients=500
duration=1800
report_every=60
churn=5
slow_fraction=0.1
fps=30
path="/api/audio/stream/audio"
out=""
boost=0
args=("$@")

usage() { sed -n '2,18p' "$0"; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --report-every) report_every=$2; shift 2 ;;
    --churn-per-s) churn=$2; shift 2 ;;
    --slow-fraction) slow_fraction=$2; shift 2 ;;
    --fps) fps=$2; shift 2 ;;
    --path) path=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --boost) boost=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "soak.sh: unknown option $1" >&2; usage 2 >&2 ;;
  esac
done

source "$here/server.sh"
[[ $boost == 1 ]] && bench_boost SOAK_BOOSTED "$0" "${args[@]}"

server_bin="$build/acoustream"
loadgen_bin="$build/bench/sse_loadgen"
for b in "$server_bin" "$loadgen_bin"; do
  [[ -x "$b" ]] || { echo "soak.sh: missing $b (build the acoustream and sse_loadgen targets)" >&2; exit 2; }
done
command -v jq >/dev/null || { echo "soak.sh: jq is required" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/soak.XXXXXX)
[[ -n "$out" ]] || out="$work/soak.jsonl"
mkdir -p "$(dirname "$out")"
: > "$out"
secret="soak-bench-secret-$(date +%s)-$$"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

cat > "$work/server.yaml" <<EOF
server: { address: 127.0.0.1, port: 0, max_connections: 20000 }
auth: { hmac_secret: "$secret" }
acquisition: { source: simulated, sample_rate: 48000, target_fps: $fps }
streaming: { broadcast_buffer_size: 100 }
logging: { level: warn }
EOF
start_acoustream "$server_bin" "$work/server.yaml" "$work"
token=$(ACOUSTREAM_JWT_SECRET="$secret" "$server_bin" token --sub soak --ttl 24h)

sample() {  # phase -> one JSON line: the server's RSS, descriptors, threads
  local rss fds threads
  rss=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$server_pid/status")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status")
  fds=$(ls "/proc/$server_pid/fd" | wc -l)
  echo "{\"phase\":\"$1\",\"server_rss_mib\":$rss,\"server_fds\":$fds,\"server_threads\":$threads,\"load_avg\":$(cut -d' ' -f1 /proc/loadavg)}" | tee -a "$out"
}

sleep 2
sample baseline
"$loadgen_bin" --port "$port" --path "$path" --token "$token" --clients "$clients" \
  --duration "$duration" --warmup 2 --report-every "$report_every" --churn-per-s "$churn" \
  --slow-fraction "$slow_fraction" --server-pid "$server_pid" --connect-timeout 60 \
  --label "soak ${clients}c ${fps}fps churn ${churn}/s" | tee -a "$out"
sleep 3  # the server notices the closed sockets
sample after
kill -0 "$server_pid" 2>/dev/null || { echo "soak.sh: the server died" >&2; cat "$work/server.err" >&2; exit 1; }
tail -n 5 "$work/server.err" >&2 || true

echo
echo "| t (s) | streaming | delivered | missing | lag msgs | reconnects | errors | p50 ms | p99 ms | max ms | server CPU % | RSS MiB | fds | threads | load |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
jq -r 'select(.interval == true) | "| \(.t_s) | \(.streaming)/\(.readers) | \(.delivered_pct)% | \(.missing_frames) | \(.lag_messages) | \(.reconnects) | \(.errors) | \(.latency_ms.p50) | \(.latency_ms.p99) | \(.latency_ms.max) | \(.server_cpu_pct // "-") | \(.server_rss_mib // "-") | \(.server_fds // "-") | \(.server_threads // "-") | \(.load_avg) |"' "$out"
echo
jq -r 'select(.phase != null) | "\(.phase): RSS \(.server_rss_mib) MiB, \(.server_fds) fds, \(.server_threads) threads"' "$out"
jq -r 'select(.interval == null and .phase == null) | "whole run: \(.events) frames, \(.delivered_pct)% delivered, \(.missing_frames) missing, \(.reconnects) reconnects, p50 \(.latency_ms.p50) / p99 \(.latency_ms.p99) / max \(.latency_ms.max) ms, server CPU \(.server_cpu_pct)%, peak RSS \(.server_peak_rss_mib) MiB"' "$out"
echo "raw results: $out"
