#!/usr/bin/env bash
# The quick start's first command: installs what is missing, builds the `swcalls` tool (Release, -j2)
# and runs `swcalls demo`: the bundled mock LaML server on a free 127.0.0.1 port, listed through the real
# HTTP path, printed as a table, with a summary.
#
#   tools/demo.sh                 swcalls demo
#   tools/demo.sh ARGS...         swcalls demo ARGS... (e.g. --faults, --calls 5000 --page-size 1000,
#                                 --transport curl, --format ndjson; see --help)
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

echo "\$ swcalls demo $*" >&2
exec "$exe" demo "$@"
