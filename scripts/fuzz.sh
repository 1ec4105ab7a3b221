#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) in build/fuzz and runs
# each for SECONDS (default 20) on a scratch copy of its seed corpus, so new
# corpus files never land in the repo. Exits non-zero if any target crashes;
# the crashing inputs are left in the scratch directory, whose path is printed.
#
#   scripts/fuzz.sh [SECONDS]
#   FUZZ_TARGETS="fuzz_jwt fuzz_config" FUZZ_BUILD_DIR=build/x scripts/fuzz.sh 60
# The libraries get -fsanitize=fuzzer-no-link (coverage instrumentation without
# libFuzzer's main): without it the fuzzer sees only the harness's own edges.
set -euo pipefail

seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: SECONDS must be a positive integer, got '$seconds'" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(realpath -m "${FUZZ_BUILD_DIR:-$root/build/fuzz}")"
targets=(${FUZZ_TARGETS:-fuzz_config fuzz_jwt fuzz_stream_query fuzz_last_event_id fuzz_audio_file})

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DACOUSTREAM_BUILD_FUZZ=ON -DACOUSTREAM_BUILD_TESTS=OFF -DACOUSTREAM_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fsanitize=fuzzer-no-link" \
  -DCMAKE_C_FLAGS="-fsanitize=address,undefined -fsanitize=fuzzer-no-link" >/dev/null
cmake --build "$build" -j "${FUZZ_JOBS:-$(nproc)}" --target "${targets[@]}"

work="$(mktemp -d "${TMPDIR:-/tmp}/acoustream-fuzz.XXXXXX")"
echo "fuzz.sh: scratch corpora and any crash inputs in $work"

# UBSan findings must stop the run like ASan ones do.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

failed=()
for t in "${targets[@]}"; do
  corpus="$work/$t/corpus"
  artifacts="$work/$t/artifacts"
  mkdir -p "$corpus" "$artifacts"
  if [[ -d "$root/fuzz/corpus/$t" ]]; then cp -r "$root/fuzz/corpus/$t/." "$corpus/"; fi
  echo "=== $t (${seconds}s)"
  # timeout: libFuzzer's own out-of-memory exit was seen to hang on a busy machine.
  if (cd "$work/$t" && timeout -k 10 $((seconds + 60)) "$build/fuzz/$t" "$corpus" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=10 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 2>"$work/$t/log"); then
    grep -E '^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' \
      "$work/$t/log" || true
    echo "corpus: $(find "$corpus" -type f | wc -l) files ($(find "$root/fuzz/corpus/$t" -type f 2>/dev/null | wc -l) seeds)"
  else
    tail -n 60 "$work/$t/log"
    echo "=== $t FAILED; inputs: $(ls "$artifacts")" >&2
    failed+=("$t")
  fi
done

if ((${#failed[@]})); then
  echo "fuzz.sh: crashes in: ${failed[*]} (artifacts under $work)" >&2
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets ran ${seconds}s without a crash"
