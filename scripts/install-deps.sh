#!/usr/bin/env bash
# Installs every system dependency of acoustream from Debian's packages.
# Idempotent and non-interactive; run as root (or with sudo available).
set -euo pipefail

# libclang-rt-14-dev: clang's sanitizer and libFuzzer runtimes (scripts/fuzz.sh);
# clang only recommends it, and recommends are not installed here.
# faketime: libfaketime, which steps the wall clock of one test server
# (tests/http/clock.test.mjs).
# python3-numpy: a lab script's parser, reading samples from the real server
# (tests/http/samples.test.mjs).
# openssl: makes the X.509 certificate an RS256 key may come as (tests/http/cli.test.mjs).
# e2fsprogs, util-linux, mount: the recorder tests stall a loop-mounted ext4 (fsfreeze)
# and fill a small tmpfs (tests/http/recordings-disk.test.mjs).
# prometheus: provides promtool, which checks the /metrics exposition (tests/http/metrics.test.mjs).
# nginx-light, haproxy, caddy: the reverse proxies the sub-path and Basic-auth tests put in front
# of the server with the configurations of docs/deploy.md (tests/e2e/proxy.test.mjs).
# redis-server, libhiredis-dev: Redis Streams between an instrument's server and edge servers.
# systemd: systemd-analyze verify of the installed unit (tests/http/install.test.mjs).
# python3-httpx: the example Python client (examples/python/client.py), run by the suite.
packages=(
  build-essential cmake ninja-build ccache pkg-config git clang lld libclang-rt-14-dev clang-format
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libjwt-dev libssl-dev libfftw3-dev portaudio19-dev libasound2-dev libasound2-plugins
  libsndfile1-dev zlib1g-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcurl4-openssl-dev curl
  alsa-utils sox procps faketime python3-numpy prometheus openssl e2fsprogs util-linux mount
  chromium nginx-light haproxy caddy systemd redis-server libhiredis-dev python3-httpx
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "install-deps: all ${#packages[@]} packages present"
