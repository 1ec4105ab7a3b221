#!/usr/bin/env bash
# Recording under load: a 384 kHz stereo simulated source recorded (FLAC and
# WAV, to the real disk under /var/tmp) while N clients stream it through
# sse_loadgen. Prints, per format, what the recorder wrote and lost, the
# server's CPU and the clients' figures. Results: docs/benchmarks.md.
#
#   bench/record_load.sh [--build DIR] [--clients 500] [--duration 60]
#                        [--formats "flac wav"] [--path TARGET]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
build="$repo/build/h-perf"
clients=500
duration=60
formats="flac wav"
# A dashboard-like view of a 384 kHz source: every 32nd sample, base64 f32.
path="/api/audio/stream/audio?encoding=f32&decimate=32"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --formats) formats=$2; shift 2 ;;
    --path) path=$2; shift 2 ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done
source "$here/server.sh"
server_bin="$build/acoustream"
loadgen_bin="$build/bench/sse_loadgen"
for b in "$server_bin" "$loadgen_bin"; do
  [[ -x "$b" ]] || { echo "record_load.sh: build the acoustream and sse_loadgen targets in $build" >&2; exit 2; }
done
command -v jq >/dev/null || { echo "record_load.sh: jq is required" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /var/tmp/record-load.XXXXXX)
secret="record-bench-secret-$(date +%s)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
token=$(ACOUSTREAM_JWT_SECRET="$secret" "$server_bin" token --sub bench --ttl 2h --scope "read:api write:api")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "| format | clients | audio | frames written | frames lost | gaps | bytes | server CPU | client events/s | delivered | p99 latency |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for format in $formats; do
  cat > "$work/server.yaml" <<YAML
server: { address: 127.0.0.1, port: 0, max_connections: 20000, threads: 2 }
auth: { hmac_secret: "$secret" }
acquisition: { source: simulated, sample_rate: 384000, target_fps: 30 }
recording: { directory: "$work/rec-$format", format: $format, rotate_secs: 30 }
logging: { level: warn }
YAML
  start_acoustream "$server_bin" "$work/server.yaml" "$work"
  api="http://127.0.0.1:$port/api/audio/recordings"
  id=$(curl -sf -X POST -H "Authorization: Bearer $token" "$api" | jq -r .id)
  t0=$(cpu_ticks "$server_pid")
  line=$("$loadgen_bin" --port "$port" --path "$path" --token "$token" --clients "$clients" \
           --duration "$duration" --warmup 2 --threads 1 --label "$format")
  t1=$(cpu_ticks "$server_pid")
  rec=$(curl -sf -X POST -H "Authorization: Bearer $token" "$api/$id/stop")
  hz=$(getconf CLK_TCK)
  window=$(( duration + 2 ))
  cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v w="$window" 'BEGIN { printf "%.0f %%", 100 * (b - a) / hz / w }')
  echo "| $format | $clients | $(jq -r '.frames / 30 | floor' <<<"$rec") s | $(jq -r .frames <<<"$rec") | $(jq -r .frames_lost <<<"$rec") | $(jq -c .gaps <<<"$rec") | $(jq -r .bytes <<<"$rec") | $cpu | $(jq -r .events_per_s <<<"$line") | $(jq -r .delivered_pct <<<"$line") % | $(jq -r '.latency_ms.p99 // "?"' <<<"$line") ms |"
  echo "$line" > "$work/loadgen-$format.json"
  stop_acoustream
  server_pid=""
done
