#!/usr/bin/env bash
# tests/cli/run_net_tests.sh SWCALLS_BINARY [OWN_TRANSPORT_EXAMPLE] — `swcalls demo`, `swcalls mock` and `swcalls list` end to end over
# real sockets on 127.0.0.1, through every transport the binary has (`swcalls --version` lists them).
#
# The same calls must come out, byte for byte, whatever the transport, with or without TLS, with or
# without faults injected by the mock; API errors exit 2 with status, code and message; TLS problems exit 3
# saying why; the token appears in no output. Needs bash and the openssl command (for the TLS cases).
# Prints "N passed, M failed"; exits non-zero when anything failed.
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -x "$1" ]; then
    echo "usage: $0 SWCALLS_BINARY [OWN_TRANSPORT_EXAMPLE]" >&2
    exit 2
fi
EXAMPLE=${2:-}
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/swcalls_net_tests.XXXXXX")
MOCK_PIDS=()
cleanup() {
    for pid in "${MOCK_PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
export LC_ALL=C
unset SIGNALWIRE_SPACE_URL SIGNALWIRE_PROJECT_ID SIGNALWIRE_API_TOKEN

PROJECT=a0c3e9f2-4b1d-4e8a-9c6f-5d2b7e1f0a93
TOKEN=PTmockdemo0000000000000000000000000000000000000000
WRONG_TOKEN=PTwrongSECRETwrongSECRET

passed=0
failed=0
ok() { passed=$((passed + 1)); }
not_ok() {
    failed=$((failed + 1))
    echo "FAIL: $1"
    if [ -n "${2:-}" ]; then printf '%s\n' "$2" | head -n 20 | sed 's/^/    /'; fi
}
run() {  # ARGS...: stdout in $WORK/out, stderr in $WORK/err, status in $rc; all output also in $WORK/all
    "$BIN" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
    rc=$?
    cat "$WORK/out" "$WORK/err" >>"$WORK/all"
}
expect_rc() {  # NAME EXPECTED
    if [ "$rc" -eq "$2" ]; then ok; else not_ok "$1: exit status $rc, expected $2" "$(head -c 2000 "$WORK/err")"; fi
}
expect_stderr_contains() {  # NAME TEXT
    if grep -qF -- "$2" "$WORK/err"; then ok; else not_ok "$1: stderr lacks '$2'" "$(cat "$WORK/err")"; fi
}
expect_same() {  # NAME EXPECTED_FILE: stdout equals the file
    if cmp -s "$WORK/out" "$2"; then ok; else
        not_ok "$1: stdout differs from $(basename "$2")" "$(diff "$2" "$WORK/out" | head -n 10; cat "$WORK/err")"
    fi
}
expect_lines() {  # NAME COUNT
    local n
    n=$(wc -l <"$WORK/out")
    if [ "$n" -eq "$2" ]; then ok; else not_ok "$1: $n lines on stdout, expected $2" "$(head -c 2000 "$WORK/err")"; fi
}

# start_mock NAME ARGS...: starts `swcalls mock` in the background; its URL in $URL.
start_mock() {
    local name=$1
    shift
    rm -f "$WORK/$name.port"
    "$BIN" mock --port 0 --port-file "$WORK/$name.port" "$@" >"$WORK/$name.log" 2>&1 &
    MOCK_PIDS+=($!)
    for _ in $(seq 1 100); do
        [ -s "$WORK/$name.port" ] && break
        sleep 0.1
    done
    if [ ! -s "$WORK/$name.port" ]; then
        not_ok "mock $name did not start" "$(cat "$WORK/$name.log")"
        URL=http://127.0.0.1:1
        return
    fi
    local scheme=http
    case " $* " in *" --tls "*) scheme=https ;; esac
    URL="$scheme://127.0.0.1:$(cat "$WORK/$name.port")"
}

"$BIN" --version >"$WORK/version" || not_ok "--version failed"
TRANSPORTS=$(sed -n 's/^transports: //p' "$WORK/version" | tr -d ',')
if [ -z "$TRANSPORTS" ] || [ "$TRANSPORTS" = none ]; then
    not_ok "this swcalls has no transport" "$(cat "$WORK/version")"
    TRANSPORTS=""
fi

# --- swcalls demo ----------------------------------------------------------------------------------------------
run demo
expect_rc "demo" 0
expect_lines "demo: a header and 120 rows" 121
expect_stderr_contains "demo summary" "120 calls in 3 pages"
run demo --calls 1000 --page-size 100 --format ndjson
expect_rc "demo ndjson" 0
expect_lines "demo ndjson" 1000
cp "$WORK/out" "$WORK/demo_1000.ndjson"
if [ "$(grep -o '"sid":"CA[0-9a-f]*"' "$WORK/out" | sort -u | wc -l)" -eq 1000 ]; then ok; else
    not_ok "demo: 1000 distinct sids"; fi
run demo --calls 1000 --page-size 100 --format ndjson --faults
expect_rc "demo with faults" 0
expect_same "demo with faults: every call exactly once" "$WORK/demo_1000.ndjson"
expect_stderr_contains "demo with faults retried" "retried"
run demo --calls 0
expect_rc "demo, no calls" 0
run demo --transport nonesuch
expect_rc "demo, unknown transport" 1

# --- swcalls list against `swcalls mock`, every transport --------------------------------------------------------
start_mock plain --calls 750 --seed 3
PLAIN=$URL
CREDS=(--base-url "$PLAIN" --project "$PROJECT" --token "$TOKEN")
first=""
for t in $TRANSPORTS; do
    run list "${CREDS[@]}" --transport "$t" --format ndjson --page-size 100
    expect_rc "list via $t" 0
    expect_lines "list via $t" 750
    if [ -z "$first" ]; then first=$t; cp "$WORK/out" "$WORK/plain.ndjson"; else
        expect_same "list via $t equals $first" "$WORK/plain.ndjson"; fi
    run list "${CREDS[@]}" --transport "$t" --format ndjson --limit 7
    expect_rc "limit via $t" 0
    expect_lines "limit via $t" 7
    run list "${CREDS[@]}" --transport "$t" --format ndjson --status completed --page-size 40
    expect_rc "status filter via $t" 0
    grep -c '"status":"completed"' "$WORK/plain.ndjson" >"$WORK/expected_count"
    if [ "$(wc -l <"$WORK/out")" -eq "$(cat "$WORK/expected_count")" ] && ! grep -qv '"status":"completed"' "$WORK/out"
    then ok; else not_ok "status filter via $t: $(wc -l <"$WORK/out") lines, expected $(cat "$WORK/expected_count")"; fi
    run list --base-url "$PLAIN" --project "$PROJECT" --token "$WRONG_TOKEN" --transport "$t"
    expect_rc "wrong token via $t" 2
    expect_stderr_contains "wrong token via $t" "HTTP 401"
    expect_stderr_contains "wrong token via $t" "20003"
    run list --base-url "$PLAIN" --project AC0000other --token "$TOKEN" --transport "$t"
    expect_rc "other project via $t" 2
    expect_stderr_contains "other project via $t" "HTTP 404"
done
# A progress line on standard error, only when it is a terminal (script(1) gives it one): it counts calls and
# requests, is erased at the end, and never reaches standard output.
if command -v script >/dev/null 2>&1; then
    script -qec "'$BIN' list --base-url '$PLAIN' --project '$PROJECT' --token '$TOKEN' --format ndjson --page-size 5 \
        >'$WORK/progress.out'" "$WORK/progress.tty" >/dev/null 2>&1
    if grep -qa 'swcalls: [0-9]* calls, [0-9]* requests' "$WORK/progress.tty" &&
        tail -c 200 "$WORK/progress.tty" | grep -qa $'\r\e\[K' && cmp -s "$WORK/progress.out" "$WORK/plain.ndjson"; then
        ok
    else
        not_ok "progress line on a terminal" "$(tail -c 300 "$WORK/progress.tty" | cat -v)"
    fi
    if grep -qa 'requests' "$WORK/err"; then not_ok "progress line without a terminal" "$(cat "$WORK/err")"; else ok; fi
fi

# The README's "write your own transport" example lists the same calls.
if [ -n "$EXAMPLE" ]; then
    "$EXAMPLE" "$PLAIN" "$PROJECT" "$TOKEN" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    expect_rc "examples/own_transport" 0
    grep -o '"sid":"CA[0-9a-f]*"' "$WORK/plain.ndjson" | sed 's/"sid":"//; s/"$//' >"$WORK/sids"
    if [ "$(cut -d' ' -f1 "$WORK/out")" = "$(cat "$WORK/sids")" ]; then ok; else
        not_ok "examples/own_transport: not the same calls" "$(head -n 3 "$WORK/out")"; fi
fi
run list "${CREDS[@]}" --format table --page-size 250
expect_rc "table" 0
expect_lines "table: header and 750 rows" 751
expect_stderr_contains "table summary" "750 calls"

# --- faults: the same calls, exactly once ------------------------------------------------------------------------
start_mock faulty --calls 750 --seed 3 --fault-429 0.15 --fault-5xx 0.15 --fault-reset 0.1 --fault-short 0.1 \
    --retry-after 0 --chunked --fault-seed 11
for t in $TRANSPORTS; do
    run list --base-url "$URL" --project "$PROJECT" --token "$TOKEN" --transport "$t" --format ndjson \
        --page-size 100 --retries 30
    expect_rc "faults via $t" 0
    expect_same "faults via $t: every call exactly once" "$WORK/plain.ndjson"
done

# --- TLS ---------------------------------------------------------------------------------------------------------
if command -v openssl >/dev/null 2>&1; then
    P=$WORK/pki
    mkdir -p "$P"
    mk_key() { openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null; }
    mk_key "$P/ca.key"
    openssl req -x509 -new -key "$P/ca.key" -subj "/CN=swcalls test CA" -days 2 -out "$P/ca.pem" 2>/dev/null
    mk_key "$P/other.key"
    openssl req -x509 -new -key "$P/other.key" -subj "/CN=other CA" -days 2 -out "$P/other.pem" 2>/dev/null
    for name in good wrong; do
        mk_key "$P/$name.key"
        openssl req -new -key "$P/$name.key" -subj "/CN=$name" -out "$P/$name.csr" 2>/dev/null
    done
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$P/good.ext"
    printf 'subjectAltName=DNS:wrong.example\n' >"$P/wrong.ext"
    for name in good wrong; do
        openssl x509 -req -in "$P/$name.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -CAcreateserial -days 2 \
            -extfile "$P/$name.ext" -out "$P/$name.pem" 2>/dev/null
    done
    start_mock tls --calls 750 --seed 3 --tls "$P/good.pem" "$P/good.key"
    TLS=$URL
    start_mock wronghost --calls 10 --tls "$P/wrong.pem" "$P/wrong.key"
    WRONGHOST=$URL
    for t in $TRANSPORTS; do
        run list --base-url "$TLS" --project "$PROJECT" --token "$TOKEN" --transport "$t" --format ndjson \
            --page-size 100 --ca-file "$P/ca.pem"
        expect_rc "https via $t" 0
        expect_same "https via $t: the same calls" "$WORK/plain.ndjson"
        run list --base-url "$TLS" --project "$PROJECT" --token "$TOKEN" --transport "$t" --ca-file "$P/other.pem"
        expect_rc "unknown CA via $t" 3
        expect_stderr_contains "unknown CA via $t" "not trusted"
        run list --base-url "$WRONGHOST" --project "$PROJECT" --token "$TOKEN" --transport "$t" --ca-file "$P/ca.pem"
        expect_rc "wrong host name via $t" 3
        expect_stderr_contains "wrong host name via $t" "another host name"
    done
else
    not_ok "the openssl command is missing: no TLS cases were run (apt install openssl)"
fi

# --- a next_page_uri to another host is not followed, and nothing reaches that host -------------------------------
start_mock bystander --calls 5
BYSTANDER=$URL
BYSTANDER_PID=${MOCK_PIDS[${#MOCK_PIDS[@]}-1]}
start_mock foreign --calls 120 --foreign-next-page "$BYSTANDER/api/laml/2010-04-01/Accounts/$PROJECT/Calls?Page=1"
for t in $TRANSPORTS; do
    run list --base-url "$URL" --project "$PROJECT" --token "$TOKEN" --transport "$t" --format ndjson
    expect_rc "foreign next page via $t" 5
    expect_stderr_contains "foreign next page via $t" "another host"
done
# Stop the bystander (SIGTERM: exit 0 and a summary line) and read how many connections it saw: none.
kill -TERM "$BYSTANDER_PID"
wait "$BYSTANDER_PID"
mock_rc=$?
if [ "$mock_rc" -eq 0 ]; then ok; else not_ok "swcalls mock exits $mock_rc on SIGTERM, expected 0"; fi
if grep -q "stopped (SIGTERM): 0 connections, 0 requests" "$WORK/bystander.log"; then ok; else
    not_ok "the bystander mock was contacted (or did not say)" "$(cat "$WORK/bystander.log")"; fi

# --- the token is never shown -------------------------------------------------------------------------------------
for secret in "$TOKEN" "$WRONG_TOKEN"; do
    if grep -qF -- "$secret" "$WORK/all"; then not_ok "a token appears in the output"; else ok; fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
