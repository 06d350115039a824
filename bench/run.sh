#!/bin/sh
# bench/run.sh — build bench_parser in Release (-O2 -DNDEBUG) into build-bench/ and run it.
#
#   bench/run.sh [run.sh options] [bench_parser options...]     e.g. bench/run.sh --runs 7
#   bench/run.sh --sizes 1000 --format compact --peers swcalls,simdjson
#   CXX=clang++ BUILD_DIR=build-bench-clang bench/run.sh
#
# run.sh options (the rest goes to bench_parser; `bench/run.sh --help` lists those):
#   --native           also -march=native, for every peer and swcalls alike (default build dir build-bench-native).
#                      simdjson On Demand is compiled into this program for one kernel, picked at compile time
#                      from the target flags: without -march it is simdjson's portable "fallback" kernel, with
#                      -march=native on an AVX2 machine its "haswell" one. (simdjson DOM lives in libsimdjson and
#                      picks its kernel at run time either way.)
#   --with-boost-json  adds the Boost.JSON row: Debian's Boost 1.81 headers are fetched once with
#                      `apt-get download` and unpacked (dpkg -x) into BUILD_DIR/peers/boost181, and Boost.JSON is
#                      compiled header-only from there. Without network access the row is skipped.
#
# Peers found at configure time (libsimdjson-dev, rapidjson-dev, nlohmann-json3-dev) are built in; missing ones
# are skipped with a message. Uses the top-level CMakeLists.txt with SWCALLS_BUILD_BENCH=ON (tests, tools and
# install rules off, so nothing else has to compile); configures bench/ on its own if that option is absent.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
native=
boost=
for arg in "$@"; do
    case $arg in
        --native) native=1 ;;
        --with-boost-json) boost=1 ;;
    esac
done
# Drop run.sh's own options from the arguments (POSIX sh: rebuild "$@" in place).
n=$#
while [ "$n" -gt 0 ]; do
    arg=$1
    shift
    case $arg in --native|--with-boost-json) ;; *) set -- "$@" "$arg" ;; esac
    n=$((n - 1))
done

if [ -n "$native" ]; then
    build=${BUILD_DIR:-"$root/build-bench-native"}
    flags="-O2 -DNDEBUG -march=native"
else
    build=${BUILD_DIR:-"$root/build-bench"}
    flags="-O2 -DNDEBUG"
fi
case $build in /*) ;; *) build="$root/$build" ;; esac

boost_dir=
if [ -n "$boost" ]; then
    boost_dir=$build/peers/boost181/usr/include
    if [ ! -f "$boost_dir/boost/json/src.hpp" ]; then
        echo "run.sh: fetching Boost 1.81 headers (libboost1.81-dev, libboost-json1.81-dev, libboost-container1.81-dev)"
        mkdir -p "$build/peers/debs"
        if (cd "$build/peers/debs" &&
            timeout 300 apt-get download libboost1.81-dev libboost-json1.81-dev libboost-container1.81-dev >/dev/null 2>&1); then
            for deb in "$build"/peers/debs/*.deb; do dpkg -x "$deb" "$build/peers/boost181"; done
        fi
    fi
    if [ ! -f "$boost_dir/boost/json/src.hpp" ]; then
        echo "run.sh: could not fetch Boost.JSON's headers; the Boost.JSON row is skipped" >&2
        boost_dir=
    fi
fi

if grep -q SWCALLS_BUILD_BENCH "$root/CMakeLists.txt" 2>/dev/null; then
    source_dir=$root
    options="-DSWCALLS_BUILD_BENCH=ON -DSWCALLS_BUILD_TESTS=OFF -DSWCALLS_BUILD_TOOLS=OFF -DSWCALLS_INSTALL=OFF"
else
    source_dir=$root/bench
    options=
fi

# shellcheck disable=SC2086  # $options is a list of words without spaces
cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=$flags" \
      "-DSWCALLS_BOOST_JSON_INCLUDE_DIR=$boost_dir" $options >/dev/null
cmake --build "$build" --target bench_parser -j1

exe=$(find "$build" -name bench_parser -type f -perm -u+x | head -n 1)
if [ -z "$exe" ]; then
    echo "run.sh: bench_parser was not built (see the configure output)" >&2
    exit 1
fi
echo "+ $exe $*   (built with $flags)"
exec "$exe" "$@"
