#!/usr/bin/env bash
# The project's test command (CI runs it through .ci/run).
#
#   tools/test.sh            CMake + g++ (Release, -Werror): every test, variant and consumer check
#                            the suite with -fno-exceptions -fno-rtti: g++ C++20, clang++ C++17 and C++20
#                            valgrind memcheck: the suite (the g++ build)
#                            CMake + clang++ (Debug, ASan+UBSan, assertions on): the suite and the CLI tests
#                            Meson + ninja: the suite, its -fno-exceptions variant and the CLI tests
#                            libFuzzer: each target of tests/fuzz/ for SWCALLS_FUZZ_SECONDS (60) s (tools/fuzz.sh)
#   tools/test.sh --quick    only the first (CMake + g++)
#   tools/test.sh --clean    remove the build trees first (combine with --quick if you like)
#
# Build trees live in build/test-*; they are reused, so a second run only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
clean=0
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        --clean) clean=1 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "tools/test.sh: unknown argument '$arg' (try --help)" >&2; exit 1 ;;
    esac
done

section() { printf '\n==================== %s ====================\n' "$*"; }

jobs=2
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)

if [ $clean = 1 ]; then
    rm -rf build/test-gcc build/test-clang build/test-meson build/test-*-noexcept build/fuzz
fi

# cmake_pass NAME COMPILER BUILD_TYPE [cmake options...]
cmake_pass() {
    local dir=build/test-$1 compiler=$2 type=$3
    shift 3
    section "CMake: $compiler, $type $*"
    cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_CXX_COMPILER="$compiler" -DCMAKE_BUILD_TYPE="$type" "$@"
    cmake --build "$dir" -j "$jobs"
    (cd "$dir" && ctest --output-on-failure -j "$jobs")
}

# .ci/run has done these two already. The check fails in a second rather than after the builds.
if [ "${SWCALLS_PREFLIGHT_DONE:-0}" != 1 ]; then
    section "dependencies"
    tools/deps.sh
    section "single header is current"
    python3 tools/amalgamate.py --check
fi

cmake_pass gcc g++ Release -DSWCALLS_WERROR=ON

# noexcept_pass NAME COMPILER STANDARD: only the suite, with -fno-exceptions -fno-rtti (swcalls_tests_noexcept).
noexcept_pass() {
    local dir=build/test-$1 compiler=$2 standard=$3
    section "CMake: $compiler, C++$standard, -fno-exceptions -fno-rtti: the suite"
    cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_CXX_COMPILER="$compiler" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_STANDARD="$standard" -DSWCALLS_WERROR=ON -DSWCALLS_TEST_VARIANTS=ON
    cmake --build "$dir" -j "$jobs" --target swcalls_tests_noexcept
    "$dir/tests/swcalls_tests_noexcept"
}

if [ $quick = 0 ]; then
    # The g++ pass built the suite's C++17 -fno-exceptions variant; these add C++20 and clang.
    noexcept_pass gcc20-noexcept g++ 20
    noexcept_pass clang17-noexcept clang++ 17
    noexcept_pass clang20-noexcept clang++ 20

    # The suite once under valgrind's memcheck (uninitialised reads, leaks, invalid accesses), as the g++
    # pass built it. --show-mismatched-frees=no: the suite's counting operator new/delete (tests/
    # test_allocations.cpp) use malloc/free, and valgrind replaces the operator new that libstdc++ itself
    # calls, so it would pair them wrongly; for the same reason the counter's self-test (which counts
    # libstdc++'s own allocations) is left out here. It runs in every other pass.
    section "valgrind memcheck: the suite (g++ build)"
    valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-mismatched-frees=no -q build/test-gcc/tests/swcalls_tests \
        --test-case-exclude="the counting operator new/delete count*"

    cmake_pass clang clang++ Debug -DSWCALLS_WERROR=ON -DSWCALLS_SANITIZE=ON -DSWCALLS_TEST_VARIANTS=OFF

    section "Meson: g++, release"
    if [ -d build/test-meson/meson-info ]; then
        meson setup --reconfigure build/test-meson
    else
        CXX=g++ meson setup build/test-meson --buildtype=release -Dwerror=true
    fi
    meson compile -C build/test-meson -j "$jobs"
    meson test -C build/test-meson --print-errorlogs --num-processes "$jobs"

    section "Fuzzing: clang libFuzzer + ASan/UBSan, ${SWCALLS_FUZZ_SECONDS:-60} s per target"
    tools/fuzz.sh
fi

section "All passes succeeded"
