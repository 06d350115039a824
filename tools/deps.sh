#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the build and tests need, but only those missing (checked with dpkg -s),
# and only when run as root; otherwise it lists what is missing and leaves it to you.
# Used by .ci/run and tools/test.sh. Set SWCALLS_SKIP_DEPS=1 to skip it.
set -euo pipefail

# clang's runtimes (libclang-rt-dev: ASan, UBSan, libFuzzer; only recommended by clang), valgrind, and the
# test-only oracles nlohmann-json3-dev and rapidjson-dev (the fuzzers' and the benchmarks' peers).
# The adapters' stacks: Boost (Beast, header-only), libcurl, OpenSSL (TLS for Beast, POSIX and the mock; the
# openssl command makes the test certificates).
packages=(cmake ninja-build meson g++ clang libclang-rt-dev valgrind doctest-dev rapidjson-dev nlohmann-json3-dev python3 pkg-config
          libboost-dev libcurl4-openssl-dev libssl-dev openssl)

[ "${SWCALLS_SKIP_DEPS:-0}" = 1 ] && exit 0
if ! command -v dpkg >/dev/null 2>&1; then
    echo "deps: no dpkg here; make sure these are installed: ${packages[*]}"
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing packages: ${missing[*]} (not root, so not installing them)" >&2
    exit 0
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
