#!/usr/bin/env bash
# tools/fuzz.sh — builds the libFuzzer targets of tests/fuzz/ with clang (ASan + UBSan), replays the
# committed regression inputs, then fuzzes each target for a bounded time from seeds made of the test data.
#
#   tools/fuzz.sh                      every target, SWCALLS_FUZZ_SECONDS (default 60) each
#   tools/fuzz.sh page http            only these (page, page_size_first, http, request, number_date)
#   SWCALLS_FUZZ_SECONDS=600 tools/fuzz.sh page     a longer run
#
# Build, seeds, corpora and crash files live in build/fuzz/ (corpora grow across local runs; CI starts
# empty). A crash, leak, timeout or failed check stops the script with exit 1 and prints the input (base64)
# and how to replay it. Turn each finding into a doctest case (and keep the input under
# tests/fuzz/regressions/<target>/ so every later run replays it). tools/test.sh runs this script.
# Needs clang++ with libFuzzer (Debian: clang, libclang-rt-14-dev), nlohmann-json3-dev and rapidjson-dev
# (the page target's oracles), python3 (the request seeds). Runs one fuzzer at a time (2-core machines).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds=${SWCALLS_FUZZ_SECONDS:-60}
shared=${SWCALLS_SHARED_DATA:-$root/../shared/data}
out=$root/build/fuzz
all=(page page_size_first http request number_date)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

cxx=${FUZZ_CXX:-clang++}
flags=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -fsanitize-ignorelist="$root/tests/fuzz/sanitizer_ignore.txt" -std=c++17 -O1 -g -Wall -Wextra -Werror
       -I"$root/include")
if ! command -v "$cxx" >/dev/null 2>&1; then
    echo "fuzz: $cxx not found (apt-get install clang)" >&2
    exit 1
fi
mkdir -p "$out/bin"
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' |
        "$cxx" -x c++ -fsanitize=fuzzer - -o "$out/bin/probe" 2>"$out/probe.log"; then
    cat "$out/probe.log" >&2
    echo "fuzz: $cxx cannot link libFuzzer (Debian/Ubuntu: apt-get install libclang-rt-14-dev)" >&2
    exit 1
fi

source_of() {
    case $1 in
        page|page_size_first) echo tests/fuzz/fuzz_page_parser.cpp ;;
        http) echo tests/fuzz/fuzz_http_decoder.cpp ;;
        request) echo tests/fuzz/fuzz_request.cpp ;;
        number_date) echo tests/fuzz/fuzz_number_date.cpp ;;
        *) echo "fuzz: unknown target '$1' (targets: ${all[*]})" >&2; exit 1 ;;
    esac
}
# page_size_first: the page target built as a bare-metal -Os build compiles the parser (byte-at-a-time
# strings, listed keys, 32-bit steps); it shares the page target's seeds and regression inputs.
defines_of() {
    case $1 in
        page_size_first) echo "-DSWCALLS_SIZE_FIRST=1 -DSWCALLS_NATIVE_WORD64=0 -DSWCALLS_NO_SIMD" ;;
    esac
}
inputs_of() {
    case $1 in
        page_size_first) echo page ;;
        *) echo "$1" ;;
    esac
}
max_len_of() {
    case $1 in
        page|page_size_first) echo 16384 ;;
        http) echo 4096 ;;
        request) echo 2048 ;;
        number_date) echo 512 ;;
    esac
}

# ---- seeds ---------------------------------------------------------------------------------------------
# The test bodies: the reference pages and errors, the CLI's test pages, the example page.
bodies=()
for f in "$shared"/api/*.json tests/cli/data/*.json examples/*.json; do
    [ -f "$f" ] && bodies+=("$f")
done

make_seeds() {
    local target=$1 dir=$out/seeds/$1 f i=0
    rm -rf "$dir"
    mkdir -p "$dir"
    case $target in
        page)  # two parameter bytes (storage size and stop rule; chunking), then a body
            for f in "${bodies[@]}"; do
                for p in '\x0f\x00' '\x05\x47' '\x1d\x03' '\x09\xc5'; do
                    { printf "$p"; cat "$f"; } >"$dir/$(basename "$f")-$i"
                    i=$((i + 1))
                done
            done ;;
        http)  # two parameter bytes (chunking; flags), then a response, or a body (flags 0x80, 0xc0)
            printf '\x05\x00HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{"calls":[]}' >"$dir/length"
            printf '\x45\x01HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nX-T: 1\r\n\r\n' >"$dir/chunked"
            printf '\x07\x00HTTP/1.1 429 Too Many Requests\r\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\nConnection: close\r\n\r\n{}' >"$dir/retry-date"
            printf '\x07\x02HTTP/1.0 503 Service Unavailable\r\nRetry-After: 120\r\nConnection: keep-alive\r\n\r\nbody' >"$dir/retry-seconds"
            printf '\x01\x00HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n' >"$dir/interim"
            for f in "${bodies[@]}"; do
                { printf '\x13\x80'; cat "$f"; } >"$dir/chunked-$(basename "$f")"
                { printf '\x47\xc0'; cat "$f"; } >"$dir/length-$(basename "$f")"
            done ;;
        request)  # flag bytes, length-prefixed texts, then numbers (see fuzz_request.cpp)
            python3 - "$dir" <<'PY'
import struct, sys
d = sys.argv[1]
def t(b): return bytes([len(b)]) + b
common = (t(b"b3877c40-da60-4998-90ad-b792e98472af") + t(b"PTxxxxxxxxxxxxxxxx") + t(b"example.signalwire.com") +
          t(b"+15551234567") + t(b"sip:alice@example.com") + t(b"CA1234") + t(b"PA42"))
seeds = [
    struct.pack(">H", 0x1fff) + common + t(b"/api/laml/2010-04-01/Accounts/x/Calls?Page=1") +
        b"\x00\x00" + b"\x03" + b"\x00" * 7 + b"\x02" + b"\x00" * 7 + b"\x32" + b"\x01\x08\x26\x09\x13" * 6,
    struct.pack(">H", 0x8081) + common + t(b"https://example.signalwire.com/api/x?y=1") + b"\x00\x00" +
        b"\x00" + struct.pack(">q", 1537387200) + b"\x00" + b"\x00\x00\x00\x00",
    struct.pack(">H", 0x4003) + t(b"AC:1") + t(b"") + t(b"[::1]") + t(b"a b&c=d\xc3\xa9") + t(b"\r\n") + t(b"") +
        t(b"") + t(b"http://[::1]:8080/x") + b"\x1f\x90",
]
for i, s in enumerate(seeds):
    open(f"{d}/seed{i}", "wb").write(s)
PY
            ;;
        number_date)  # one text per file
            for v in 'Wed, 19 Sep 2018 20:00:00 +0000' 'Wed, 21 Oct 2015 07:28:00 GMT' \
                     'Sunday, 06-Nov-94 08:49:37 GMT' 'Sun Nov  6 08:49:37 1994' '2018-09-19T20:00:00.25+02:00' \
                     '2018-09-19' '-0.200' '1.7976931348623157e308' '4.9406564584124654e-324' \
                     '9223372036854775808' '-9223372036854775808' '1E-3' '0.1e+400'; do
                printf '%s' "$v" >"$dir/seed$i"
                i=$((i + 1))
            done ;;
    esac
}

# ---- build, replay, fuzz -------------------------------------------------------------------------------
status=0
for target in "${targets[@]}"; do
    src=$(source_of "$target")
    bin=$out/bin/fuzz_$target
    echo "==== fuzz $target: build ($src)"
    # shellcheck disable=SC2046  # the defines are separate words
    "$cxx" "${flags[@]}" $(defines_of "$target") "$src" -o "$bin"
    inputs=$(inputs_of "$target")

    regressions=tests/fuzz/regressions/$inputs
    if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
        echo "==== fuzz $target: replay $regressions ($(ls "$regressions" | wc -l) inputs)"
        "$bin" -runs=1 "$regressions"/* >"$out/replay-$target.log" 2>&1 || {
            tail -n 40 "$out/replay-$target.log" >&2
            echo "fuzz: a regression input of $target fails again (log: $out/replay-$target.log)" >&2
            exit 1
        }
    fi

    make_seeds "$inputs"
    corpus=$out/corpus/$target
    artifacts=$out/artifacts/$target/
    mkdir -p "$corpus" "$artifacts"
    echo "==== fuzz $target: ${seconds} s"
    log=$out/fuzz-$target.log
    if "$bin" -max_total_time="$seconds" -max_len="$(max_len_of "$target")" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -dict=tests/fuzz/json.dict -artifact_prefix="$artifacts" \
            "$corpus" "$out/seeds/$inputs" >"$log" 2>&1; then
        grep -E '^stat::number_of_executed_units|^Done' "$log" | sed "s/^/  /"
        echo "  corpus: $(ls "$corpus" | wc -l) inputs"
    else
        tail -n 60 "$log" >&2
        crash=$(ls -t "$artifacts" 2>/dev/null | head -n 1)
        echo "fuzz: $target FAILED (log: $log)" >&2
        if [ -n "$crash" ]; then
            echo "fuzz: input $artifacts$crash, base64: $(base64 -w0 "$artifacts$crash")" >&2
            echo "fuzz: replay with: $bin $artifacts$crash" >&2
        fi
        status=1
    fi
done
exit $status
