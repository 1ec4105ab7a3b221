#!/usr/bin/env bash
# Fan-out benchmark driver: for each row (fps, encoding, clients) it starts
# a fresh acoustream server, lets sse_loadgen connect the clients and read
# for --duration seconds while sampling the server's CPU time (/proc/PID/stat)
# and peak RSS, appends the loadgen's JSON line to --out, and prints a
# markdown table. Optionally runs the same rows against nginx + nchan fed
# pre-serialised frames (--nchan), as the reference of docs/benchmarks.md.
#
#   bench/fanout.sh [--build DIR] [--duration S] [--clients "1 100 1000"]
#                   [--fps "30 10"] [--kinds "json f32 spectral"] [--nchan]
#                   (kinds: json f32 i16 spectral spectral-db, each also as KIND-gzip)
#                   [--slow-fraction F] [--loadgen-threads K] [--out FILE]
#                   [--server-threads K] [--label PREFIX] [--boost]
#                   [--trace-dir DIR]
#
# --trace-dir DIR has the load generator write each acoustream row's frame
# events to DIR/LABEL.trace (spaces as '-'); bench/trace_frames.py reads them.
#
# --boost runs the whole benchmark in a session of its own whose autogroup
# has nice -10 (root only). With autogroup scheduling, nice inside one
# session does nothing against other sessions' builds: each session's group
# gets an equal share, so on a shared 2-core machine the server and the
# load generator would get one core between them. Boosting lends them what a
# quiet machine would give; the load average is still recorded per row.
#
# Results and how to read them: docs/benchmarks.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
build="$repo/build/h-perf"
duration=10
clients_list="1 100 1000"
fps_list="30 10"
kinds="json f32 spectral"
nchan=0
slow_fraction=0
loadgen_threads=1
server_threads=2
out=""
label_prefix=""
boost=0
trace_dir=""
args=("$@")

usage() { sed -n '2,25p' "$0"; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --clients) clients_list=$2; shift 2 ;;
    --fps) fps_list=$2; shift 2 ;;
    --kinds) kinds=$2; shift 2 ;;
    --nchan) nchan=1; shift ;;
    --slow-fraction) slow_fraction=$2; shift 2 ;;
    --loadgen-threads) loadgen_threads=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    --label) label_prefix=$2; shift 2 ;;
    --boost) boost=1; shift ;;
    --out) out=$2; shift 2 ;;
    --trace-dir) trace_dir=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "fanout.sh: unknown option $1" >&2; usage 2 >&2 ;;
  esac
done

source "$here/server.sh"
[[ $boost == 1 ]] && bench_boost FANOUT_BOOSTED "$0" "${args[@]}"

server_bin="$build/acoustream"
loadgen_bin="$build/bench/sse_loadgen"
[[ -x "$server_bin" ]] || server_bin=$(find "$build" -type f -name acoustream -perm -u+x | head -1)
for b in "$server_bin" "$loadgen_bin"; do
  [[ -n "$b" && -x "$b" ]] || { echo "fanout.sh: missing binary under $build (build the acoustream and sse_loadgen targets)" >&2; exit 2; }
done
command -v jq >/dev/null || { echo "fanout.sh: jq is required" >&2; exit 2; }
if [[ -n "$trace_dir" ]]; then
  mkdir -p "$trace_dir" || { echo "fanout.sh: --trace-dir: cannot create $trace_dir" >&2; exit 2; }
fi

# 1000+ sockets on each side.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/fanout.XXXXXX)
[[ -n "$out" ]] || out="$work/results.jsonl"
: > "$out"
secret="fanout-bench-secret-$(date +%s)"
server_pid=""
nginx_pid=""
publisher_pid=""

cleanup() {
  [[ -n "$publisher_pid" ]] && kill "$publisher_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  if [[ -n "$nginx_pid" ]]; then kill "$nginx_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT

start_server() {  # fps
  cat > "$work/server.yaml" <<EOF
server: { address: 127.0.0.1, port: 0, max_connections: 20000, threads: $server_threads }
auth: { hmac_secret: "$secret" }
acquisition: { source: simulated, sample_rate: 48000, target_fps: $1 }
streaming: { broadcast_buffer_size: 100 }
logging: { level: warn }
EOF
  start_acoustream "$server_bin" "$work/server.yaml" "$work"
}

token=$(ACOUSTREAM_JWT_SECRET="$secret" "$server_bin" token --sub bench --ttl 2h)

# A kind is an encoding, with "-gzip" for clients that ask for gzip.
path_for() {
  case "${1%-gzip}" in
    json) echo "/api/audio/stream/audio" ;;
    f32) echo "/api/audio/stream/audio?encoding=f32" ;;
    i16) echo "/api/audio/stream/audio?encoding=i16" ;;
    spectral) echo "/api/audio/stream/spectral" ;;
    spectral-db) echo "/api/audio/stream/spectral?format=db" ;;
    *) echo "fanout.sh: unknown kind $1 (json, f32, i16, spectral, spectral-db, each optionally -gzip)" >&2; exit 2 ;;
  esac
}

run_loadgen() {  # label port path clients pids [extra...]
  local label=$1 p=$2 path=$3 n=$4 pids=$5
  shift 5
  "$loadgen_bin" --port "$p" --path "$path" --token "$token" --clients "$n" \
    --duration "$duration" --warmup 1 --threads "$loadgen_threads" \
    --slow-fraction "$slow_fraction" --server-pid "$pids" --label "$label" "$@" | tee -a "$out"
}

# Compressions per frame of each row (acoustream_event_compressions_total over
# acoustream_frames_total at the end of the run): one per frame and variant
# whatever the client count, when compression is shared as it must be.
: > "$work/compressions.tsv"
record_compressions() {  # label clients port
  local metrics
  metrics=$(curl -s "http://127.0.0.1:$3/metrics" || true)
  local c f
  c=$(awk '$1 == "acoustream_event_compressions_total" {print $2}' <<<"$metrics")
  f=$(awk '$1 == "acoustream_frames_total" {print $2}' <<<"$metrics")
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "${c:-0}" "${f:-0}" >> "$work/compressions.tsv"
}

for fps in $fps_list; do
  for kind in $kinds; do
    for n in $clients_list; do
      start_server "$fps"
      label="${label_prefix}acoustream $kind ${fps}fps"
      trace_args=()
      [[ -n "$trace_dir" ]] && trace_args=(--trace "$trace_dir/${label// /-}-${n}.trace")
      [[ $kind == *-gzip ]] && trace_args+=(--gzip)
      run_loadgen "$label" "$port" "$(path_for "$kind")" "$n" "$server_pid" "${trace_args[@]}"
      record_compressions "$label" "$n" "$port"
      stop_acoustream
    done
  done
done

if [[ $nchan == 1 ]]; then
  # Reference: nginx + nchan (Debian libnginx-mod-nchan), fed the same JSON
  # frames (pre-serialised, timestamped at publish) by a small publisher.
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  [[ -x "$nginx_bin" ]] || { echo "fanout.sh: --nchan needs nginx-light and libnginx-mod-nchan" >&2; exit 2; }
  nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/nginx"
  cat > "$work/nginx/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_nchan_module.so;
worker_processes 2;
worker_rlimit_nofile 65536;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 20000; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  client_max_body_size 8m;
  client_body_buffer_size 1m;
  nchan_max_reserved_memory 256M;
  server {
    listen 127.0.0.1:$nport;
    location = /pub { nchan_publisher; nchan_channel_id bench; nchan_message_buffer_length 100; nchan_message_timeout 30s; }
    location = /sub { nchan_subscriber eventsource; nchan_channel_id bench; nchan_subscriber_first_message newest; }
  }
}
EOF
  for fps in $fps_list; do
    for n in $clients_list; do
      "$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx" 2> "$work/nginx/stderr" &
      nginx_pid=$!
      sleep 0.5
      kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/stderr" "$work/nginx/error.log" >&2; exit 1; }
      start_server "$fps"  # source of one real frame document
      python3 "$here/loadgen/nchan_publisher.py" --server "127.0.0.1:$port" --token "$token" \
        --nchan "127.0.0.1:$nport" --fps "$fps" &
      publisher_pid=$!
      sleep 1
      workers=$(pgrep -d, -P "$nginx_pid" || true)
      run_loadgen "${label_prefix}nchan json ${fps}fps" "$nport" "/sub" "$n" "${workers:-$nginx_pid}"
      kill "$publisher_pid" 2>/dev/null || true; wait "$publisher_pid" 2>/dev/null || true
      publisher_pid=""
      stop_acoustream
      kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true
      nginx_pid=""
    done
  done
fi

echo
# p50/p99/max: frame timestamp to the reader's receipt; kernel p99: to the
# kernel's receipt on the client socket (without the reader's own delay).
echo "| run | clients | delivered | events/s | MB/s | p50 ms | p99 ms | max ms | kernel p99 ms | lag msgs | server CPU % | server ms/MB | peak RSS MiB | loadgen CPU % | load avg | steal % |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
jq -r '"| \(.label) | \(.clients) | \(.delivered_pct)% | \(.events_per_s) | \(.mb_per_s) | \(.latency_ms.p50) | \(.latency_ms.p99) | \(.latency_ms.max) | \(.kernel_latency_ms.p99 // "-") | \(.lag_messages) | \(.server_cpu_pct // "-") | \(.server_cpu_ms_per_mb // "-") | \(.server_peak_rss_mib // "-") | \(.loadgen_cpu_pct) | \(.load_avg[0]) | \(.steal_pct // "-") |"' "$out"
echo
echo "| run | clients | frames published | event compressions | compressions per frame |"
echo "|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %.2f |\n", $1, $2, $4, $3, ($4 > 0 ? $3 / $4 : 0) }' "$work/compressions.tsv"
echo
echo "raw results: $out"
