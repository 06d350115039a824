#!/usr/bin/env bash
# bench/list_end_to_end.sh [--calls N] [--page-size N] — `swcalls list` against `swcalls mock`, end to end.
#
# Builds the tool (Release, -j2), starts the mock on 127.0.0.1 with N calls (default 20000), over http and
# over https (a throwaway CA made with openssl), and lists every call through each transport the build has
# (--format ndjson to /dev/null), printing wall time, CPU time (user+sys) and peak RSS (GNU time) for each.
# The mock runs in its own process, so the figures are the client's alone. Checks that every run printed
# exactly N calls.
#
# Where Node.js and npm are present, the official SignalWire Node SDK (@signalwire/compatibility-api, the
# version in bench/node/package.json, installed once into build/bench-e2e/node) lists the same calls from the
# same https mock with client.calls.each (bench/node/list_calls.js), timed the same way; without them, or
# without access to the npm registry, its row is skipped with a message.
set -euo pipefail
cd "$(dirname "$0")/.."

calls=20000
page_size=1000
while [ $# -gt 0 ]; do
    case "$1" in
        --calls) calls=$2; shift 2 ;;
        --page-size) page_size=$2; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench/list_end_to_end.sh: unknown argument '$1'" >&2; exit 1 ;;
    esac
done
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt install time)" >&2; exit 1; }

build=build/bench-e2e
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DSWCALLS_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target swcalls_cli -j 2 >/dev/null
bin=$build/swcalls

work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca.key" 2>/dev/null
openssl req -x509 -new -key "$work/ca.key" -subj "/CN=bench CA" -days 1 -out "$work/ca.pem" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$work/server.key" 2>/dev/null
openssl req -new -key "$work/server.key" -subj "/CN=127.0.0.1" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$work/ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 1 \
    -extfile "$work/ext" -out "$work/server.pem" 2>/dev/null

start_mock() {  # NAME ARGS...
    "$bin" mock --port 0 --port-file "$work/$1.port" --calls "$calls" "${@:2}" >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do [ -s "$work/$1.port" ] && return; sleep 0.1; done
    echo "the mock did not start" >&2
    exit 1
}
start_mock plain
start_mock tls --tls "$work/server.pem" "$work/server.key"

project=a0c3e9f2-4b1d-4e8a-9c6f-5d2b7e1f0a93
token=PTmockdemo0000000000000000000000000000000000000000
https_rows=  # "cpu rss" of every https run, for the comparison with the Node SDK
transports=$("$bin" --version | sed -n 's/^transports: //p' | tr -d ',')
echo "swcalls list, $calls calls at PageSize $page_size, NDJSON to /dev/null (mock in another process)"
printf '%-8s %-6s %9s %9s %12s\n' transport scheme "wall s" "cpu s" "peak RSS KiB"
for scheme in http https; do
    port=$(cat "$work/$([ $scheme = http ] && echo plain || echo tls).port")
    for t in $transports; do
        /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" list --base-url "$scheme://127.0.0.1:$port" \
            --project "$project" --token "$token" --transport "$t" --page-size "$page_size" --format ndjson \
            --ca-file "$work/ca.pem" >"$work/out"
        lines=$(wc -l <"$work/out")
        [ "$lines" -eq "$calls" ] || { echo "$t $scheme: $lines calls, expected $calls" >&2; exit 1; }
        read -r wall user sys rss <"$work/time"
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
        printf '%-8s %-6s %9s %9.2f %12s\n' "$t" "$scheme" "$wall" "$cpu" "$rss"
        if [ "$scheme" = https ]; then https_rows="$https_rows$cpu $rss"$'\n'; fi
    done
done

# The official Node SDK against the same https mock, when Node.js is here.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "node-sdk: skipped (Node.js or npm not found; apt-get install nodejs npm)"
    exit 0
fi
node_dir=$build/node
if [ ! -d "$node_dir/node_modules/@signalwire/compatibility-api" ]; then
    mkdir -p "$node_dir"
    cp bench/node/package.json "$node_dir/package.json"
    if ! (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null 2>"$work/npm.log"); then
        echo "node-sdk: skipped (npm install @signalwire/compatibility-api failed: $(tail -n 1 "$work/npm.log"))"
        exit 0
    fi
fi
port=$(cat "$work/tls.port")
NODE_PATH=$node_dir/node_modules NODE_EXTRA_CA_CERTS=$work/ca.pem \
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" node bench/node/list_calls.js "127.0.0.1:$port" "$project" "$token" \
    "$page_size" >"$work/out"
got=$(sed -n 's/^\([0-9]*\) calls.*/\1/p' "$work/out")
[ "$got" = "$calls" ] || { echo "node-sdk https: $(cat "$work/out"), expected $calls calls" >&2; exit 1; }
read -r wall user sys rss <"$work/time"
printf '%-8s %-6s %9s %9.2f %12s   (@signalwire/compatibility-api %s, node %s, client.calls.each)\n' node-sdk https "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$rss" \
    "$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$node_dir/node_modules/@signalwire/compatibility-api/package.json" | head -n 1)" \
    "$(node --version)"
node_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
printf '%s' "$https_rows" | awk -v cpu="$node_cpu" -v rss="$rss" '
    NF == 2 { c += $1; r += $2; n++ }
    END { if (n && c > 0) printf "node-sdk against swcalls over https (mean of the transports): %.1fx the CPU time, %.1fx the peak RSS\n", cpu / (c / n), rss / (r / n) }'
