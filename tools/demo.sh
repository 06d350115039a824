#!/usr/bin/env bash
# The quick start's first command: installs what is missing, builds the `swcalls` tool (Release, -j2)
# and shows it at work on a bundled response body, as a table and then as NDJSON.
#
#   tools/demo.sh                 parse examples/signalwire_page.json
#   tools/demo.sh FILE [ARGS...]  parse FILE instead, with `swcalls parse` arguments (e.g. --format csv)
#
# (Once `swcalls demo` exists — the mock server issue — this script runs it instead.)
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh
build=build/demo
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DSWCALLS_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target swcalls_cli -j 2 >/dev/null
exe="$build/swcalls"
[ -x "$exe" ] || exe=$(find "$build" -name swcalls -type f -perm -u+x | head -n 1)

if [ $# -gt 0 ]; then
    exec "$exe" parse "$@"
fi
body=examples/signalwire_page.json
echo "\$ swcalls parse $body"
"$exe" parse "$body"
echo
echo "\$ swcalls parse $body --format ndjson --chunk-size 7"
"$exe" parse "$body" --format ndjson --chunk-size 7
