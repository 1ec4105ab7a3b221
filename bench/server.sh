# Sourced by bench/fanout.sh and bench/soak.sh: what both drivers do around
# a benchmark (bash; the caller sets -euo pipefail).

# bench_boost VAR SCRIPT ARGS...: re-runs SCRIPT in a session of its own whose
# autogroup has nice -10 (root only), unless VAR is already set in the
# environment; see "Sharing the machine" in docs/benchmarks.md.
bench_boost() {
  local var=$1
  shift
  [[ -n ${!var:-} ]] && return 0
  exec setsid --wait env "$var=1" bash -c \
    'echo -10 > /proc/self/autogroup || exit 2; exec bash "$0" "$@"' "$@"
}

# start_acoustream BIN CONFIG DIR: starts the server on CONFIG with its output
# in DIR/server.{out,err}; sets server_pid and port (the ephemeral port it
# printed). Exits the script when the server dies or prints no port.
start_acoustream() {
  local bin=$1 config=$2 dir=$3
  "$bin" serve --port 0 --config "$config" > "$dir/server.out" 2> "$dir/server.err" &
  server_pid=$!
  for _ in $(seq 1 200); do
    grep -q '^listening on' "$dir/server.out" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$dir/server.err" >&2; exit 1; }
    sleep 0.05
  done
  port=$(sed -n 's|^listening on http://[^:]*:\([0-9]*\).*|\1|p' "$dir/server.out")
  [[ -n "$port" ]] || { echo "$(basename "$0"): the server did not print its port" >&2; exit 1; }
}

# stop_acoustream: SIGTERM to server_pid and wait for it.
stop_acoustream() {
  [[ -n ${server_pid:-} ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
