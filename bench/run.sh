#!/bin/sh
# bench/run.sh — build bench_parser in Release (-O2 -DNDEBUG) into build-bench/ and run it.
#
#   bench/run.sh [bench_parser options...]      e.g. bench/run.sh --runs 9 --no-pretty
#   CXX=clang++ BUILD_DIR=build-bench-clang bench/run.sh
#
# Needs RapidJSON (rapidjson-dev). Uses the top-level CMakeLists.txt with SWCALLS_BUILD_BENCH=ON (tests, tools
# and install rules off, so nothing else has to compile); configures bench/ on its own if that option is absent.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-"$root/build-bench"}
case $build in /*) ;; *) build="$root/$build" ;; esac

if grep -q SWCALLS_BUILD_BENCH "$root/CMakeLists.txt" 2>/dev/null; then
    source_dir=$root
    set -- -DSWCALLS_BUILD_BENCH=ON -DSWCALLS_BUILD_TESTS=OFF -DSWCALLS_BUILD_TOOLS=OFF -DSWCALLS_INSTALL=OFF -- "$@"
else
    source_dir=$root/bench
    set -- -- "$@"
fi

# Configure arguments come before the "--"; bench_parser's arguments after it.
configure=
while [ "$1" != "--" ]; do configure="$configure $1"; shift; done
shift

# shellcheck disable=SC2086  # $configure is a list of words without spaces
cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Release \
      "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" $configure >/dev/null
cmake --build "$build" --target bench_parser -j2

exe=$(find "$build" -name bench_parser -type f -perm -u+x | head -n 1)
if [ -z "$exe" ]; then
    echo "run.sh: bench_parser was not built (is RapidJSON installed? see the configure output)" >&2
    exit 1
fi
echo "+ $exe $*"
exec "$exe" "$@"
