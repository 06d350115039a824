#!/usr/bin/env bash
# tests/cli/run_list_tests.sh SWCALLS_BINARY — end-to-end tests of `swcalls list` (no network needed).
#
# Checks the exact --dry-run request head for several flag sets (expected heads written out by hand),
# flags against SIGNALWIRE_* variables, each missing credential, bad values, CR/LF in values, the exit
# statuses, and that the API token appears in no output at all. Needs bash only.
# Prints "N passed, M failed"; exits non-zero when anything failed.
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 SWCALLS_BINARY" >&2
    exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/swcalls_list_tests.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export LC_ALL=C
unset SIGNALWIRE_SPACE_URL SIGNALWIRE_PROJECT_ID SIGNALWIRE_API_TOKEN

TOKEN='PT0123456789abcdefSECRETtoken'   # never to be seen in any output
CR=$'\r'
LF=$'\n'

passed=0
failed=0
ok() { passed=$((passed + 1)); }
not_ok() {
    failed=$((failed + 1))
    echo "FAIL: $1"
    if [ -n "${2:-}" ]; then printf '%s\n' "$2" | head -n 20 | sed 's/^/    /'; fi
}

# run ARGS...: stdout in $WORK/out, stderr in $WORK/err, status in $rc. Every run's output is also kept
# in $WORK/all, which must never contain the token.
run() {
    "$BIN" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
    rc=$?
    cat "$WORK/out" "$WORK/err" >>"$WORK/all"
}
expect_rc() {  # NAME EXPECTED
    if [ "$rc" -eq "$2" ]; then ok; else not_ok "$1: exit status $rc, expected $2" "$(cat "$WORK/out" "$WORK/err")"; fi
}
expect_stdout() {  # NAME EXPECTED_TEXT (compared exactly; the file ends with a newline after the last line)
    printf '%s\n' "$2" >"$WORK/expected"
    if cmp -s "$WORK/out" "$WORK/expected"; then ok; else
        not_ok "$1: stdout differs" "$(diff "$WORK/expected" "$WORK/out"; cat "$WORK/err")"
    fi
}
expect_one_line_message() {  # NAME: exactly one line on stderr, "swcalls: ...", and nothing on stdout
    if [ "$(wc -l <"$WORK/err")" -eq 1 ] && head -c 9 "$WORK/err" | grep -q '^swcalls: ' && [ ! -s "$WORK/out" ]; then
        ok
    else
        not_ok "$1: expected one 'swcalls: ...' line on stderr and an empty stdout" "$(cat "$WORK/out" "$WORK/err")"
    fi
}
expect_stderr_contains() {  # NAME TEXT
    if grep -qF -- "$2" "$WORK/err"; then ok; else not_ok "$1: stderr lacks '$2'" "$(cat "$WORK/err")"; fi
}
expect_stderr_lacks() {  # NAME TEXT
    if grep -qF -- "$2" "$WORK/err"; then not_ok "$1: stderr has '$2'" "$(cat "$WORK/err")"; else ok; fi
}
# usage_error NAME TEXT ARGS...: exit 1, one line, containing TEXT
usage_error() {
    local name=$1 text=$2
    shift 2
    run list "$@"
    expect_rc "$name" 1
    expect_one_line_message "$name"
    expect_stderr_contains "$name" "$text"
}

"$BIN" --version >"$WORK/version" || not_ok "--version failed"
VERSION=$(sed -n 's/^swcalls //p' "$WORK/version")
[ -n "$VERSION" ] || not_ok "cannot read the version from 'swcalls --version'"
UA="User-Agent: swcalls/$VERSION"
LAML=/api/laml/2010-04-01
CREDS=(--project P1 --token "$TOKEN")

head_for() {  # head_for TARGET HOST: the expected dry-run output
    printf 'GET %s HTTP/1.1\nHost: %s\nAuthorization: Basic ***\nAccept: application/json\n%s\nConnection: keep-alive' \
        "$1" "$2" "$UA"
}

# --- exact dry-run heads -----------------------------------------------------------------------------------
run list --space-url example "${CREDS[@]}" --dry-run
expect_rc "plain dry run" 0
expect_stdout "plain dry run" "$(head_for "$LAML/Accounts/P1/Calls" example.signalwire.com)"
[ ! -s "$WORK/err" ] && ok || not_ok "plain dry run: stderr not empty" "$(cat "$WORK/err")"

run list --space-url example "${CREDS[@]}" --to +15551234567 --start-time-after 2018-09-19 --dry-run
expect_rc "to and start-time-after" 0
expect_stdout "to and start-time-after" \
    "$(head_for "$LAML/Accounts/P1/Calls?To=%2B15551234567&StartTime%3E=2018-09-19" example.signalwire.com)"

# Every filter, in the documented order whatever the command-line order; --flag=value form; dates as given.
run list --dry-run --end-time-after=2018-09-21 --end-time-before 2018-09-20 --end-time 2018-09-19 \
    --start-time-after 2018-09-18 --start-time-before=2018-09-17 --start-time 2018-09-16 \
    --status=in-progress --parent-call-sid CA1 --from 'sip:a b@x.com' --to=+15551234567 \
    --space-url=https://example.signalwire.com/ --project=b3877c40-da60-4998-90ad-b792e98472af --token="$TOKEN"
expect_rc "every filter" 0
expect_stdout "every filter" "$(head_for "$LAML/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls?To=%2B15551234567&From=sip%3Aa%20b%40x.com&ParentCallSid=CA1&Status=in-progress&StartTime=2018-09-16&StartTime%3C=2018-09-17&StartTime%3E=2018-09-18&EndTime=2018-09-19&EndTime%3C=2018-09-20&EndTime%3E=2018-09-21" example.signalwire.com)"

# Timestamps are sent as RFC 2822 GMT, converted to UTC.
run list --space-url example "${CREDS[@]}" --start-time-before '2018-09-19T22:00:00+02:00' \
    --end-time 'Wed, 19 Sep 2018 20:00:00 +0000' --dry-run
expect_rc "timestamps" 0
expect_stdout "timestamps" "$(head_for "$LAML/Accounts/P1/Calls?StartTime%3C=Wed%2C%2019%20Sep%202018%2020%3A00%3A00%20GMT&EndTime=Wed%2C%2019%20Sep%202018%2020%3A00%3A00%20GMT" example.signalwire.com)"

# --base-url with a path root, a port, and no space URL at all.
run list --base-url http://127.0.0.1:8080/texml --project AC123 --token "$TOKEN" --dry-run
expect_rc "base url with root" 0
expect_stdout "base url with root" "$(head_for /texml/Accounts/AC123/Calls 127.0.0.1:8080)"

run list --base-url http://127.0.0.1:8080 "${CREDS[@]}" --dry-run
expect_rc "base url without root" 0
expect_stdout "base url without root" "$(head_for "$LAML/Accounts/P1/Calls" 127.0.0.1:8080)"

run list --base-url https://api.twilio.com/2010-04-01/ "${CREDS[@]}" --dry-run
expect_stdout "base url https default port" "$(head_for /2010-04-01/Accounts/P1/Calls api.twilio.com)"

# The project ID is percent-encoded as a path segment.
run list --space-url example --project 'a/b c' --token "$TOKEN" --dry-run
expect_stdout "project encoded" "$(head_for "$LAML/Accounts/a%2Fb%20c/Calls" example.signalwire.com)"

# Space URL forms.
for form in example example.signalwire.com https://example.signalwire.com https://example.signalwire.com/ HTTPS://example.signalwire.com; do
    run list --space-url "$form" "${CREDS[@]}" --dry-run
    expect_stdout "space url form $form" "$(head_for "$LAML/Accounts/P1/Calls" example.signalwire.com)"
done
run list --space-url acme.example.org "${CREDS[@]}" --dry-run
expect_stdout "space url other domain" "$(head_for "$LAML/Accounts/P1/Calls" acme.example.org)"

# --- PageSize = min(limit, page size, 1000) ------------------------------------------------------------------
page_size_case() {  # NAME EXPECTED_QUERY ARGS...
    local name=$1 query=$2
    shift 2
    run list --space-url example "${CREDS[@]}" --dry-run "$@"
    expect_rc "$name" 0
    expect_stdout "$name" "$(head_for "$LAML/Accounts/P1/Calls$query" example.signalwire.com)"
}
page_size_case "page size only" "?PageSize=20" --page-size 20
page_size_case "limit only" "?PageSize=5" --limit 5
page_size_case "limit under page size" "?PageSize=5" --page-size 20 --limit 5
page_size_case "page size under limit" "?PageSize=20" --page-size 20 --limit 100
page_size_case "large limit capped" "?PageSize=1000" --limit 5000
page_size_case "huge limit capped" "?PageSize=1000" --limit 18446744073709551615
page_size_case "page size 1000" "?PageSize=1000" --page-size 1000
page_size_case "page size 1" "?PageSize=1" --page-size=1
page_size_case "last flag wins" "?PageSize=7" --page-size 20 --page-size 7
page_size_case "status with page size" "?Status=no-answer&PageSize=3" --page-size 3 --status no-answer

# Format, transport and CA file are accepted (they change nothing in the head).
page_size_case "format and transport accepted" "" --format ndjson --transport curl --ca-file /nonexistent/ca.pem
for t in beast curl posix; do page_size_case "transport $t" "" --transport "$t"; done
for f in table csv ndjson; do page_size_case "format $f" "" --format="$f"; done

# --- environment and precedence ------------------------------------------------------------------------------
SIGNALWIRE_SPACE_URL=envspace SIGNALWIRE_PROJECT_ID=ENVPROJ SIGNALWIRE_API_TOKEN="$TOKEN" run list --dry-run
expect_rc "credentials from env" 0
expect_stdout "credentials from env" "$(head_for "$LAML/Accounts/ENVPROJ/Calls" envspace.signalwire.com)"

SIGNALWIRE_SPACE_URL=envspace SIGNALWIRE_PROJECT_ID=ENVPROJ SIGNALWIRE_API_TOKEN=ENVTOKEN_xyz_1234 \
    run list --space-url flagspace --project FLAGPROJ --token "$TOKEN" --dry-run
expect_rc "flags win over env" 0
expect_stdout "flags win over env" "$(head_for "$LAML/Accounts/FLAGPROJ/Calls" flagspace.signalwire.com)"

SIGNALWIRE_SPACE_URL=envspace SIGNALWIRE_PROJECT_ID=ENVPROJ SIGNALWIRE_API_TOKEN="$TOKEN" \
    run list --project FLAGPROJ --dry-run
expect_stdout "one flag, the rest from env" "$(head_for "$LAML/Accounts/FLAGPROJ/Calls" envspace.signalwire.com)"

SIGNALWIRE_SPACE_URL=envspace SIGNALWIRE_PROJECT_ID=ENVPROJ SIGNALWIRE_API_TOKEN="$TOKEN" \
    run list --base-url http://localhost:9/mock --dry-run
expect_stdout "base url replaces env space" "$(head_for /mock/Accounts/ENVPROJ/Calls localhost:9)"

SIGNALWIRE_SPACE_URL='bad/space url' SIGNALWIRE_PROJECT_ID=ENVPROJ SIGNALWIRE_API_TOKEN="$TOKEN" \
    run list --base-url http://localhost:9 --dry-run
expect_rc "bad env space ignored with base url" 0

SIGNALWIRE_SPACE_URL='bad/space' SIGNALWIRE_PROJECT_ID=ENVPROJ SIGNALWIRE_API_TOKEN="$TOKEN" run list --dry-run
expect_rc "bad env space" 1
expect_one_line_message "bad env space"
expect_stderr_contains "bad env space" "SIGNALWIRE_SPACE_URL"

SIGNALWIRE_SPACE_URL= SIGNALWIRE_PROJECT_ID= SIGNALWIRE_API_TOKEN= run list --space-url example --dry-run
expect_rc "empty env vars are unset" 1
expect_stderr_contains "empty env vars are unset" "the project ID"
expect_stderr_contains "empty env vars are unset" "the API token"

# --- missing credentials: each one named, with how to give it ------------------------------------------------
usage_error "missing space url" "the space URL" --project P1 --token "$TOKEN" --dry-run
expect_stderr_contains "missing space url" "--space-url"
expect_stderr_contains "missing space url" "SIGNALWIRE_SPACE_URL"
expect_stderr_lacks "missing space url" "project ID"
expect_stderr_lacks "missing space url" "API token"
usage_error "missing project" "the project ID" --space-url example --token "$TOKEN" --dry-run
expect_stderr_contains "missing project" "SIGNALWIRE_PROJECT_ID"
expect_stderr_contains "missing project" "--project"
expect_stderr_lacks "missing project" "space URL"
expect_stderr_lacks "missing project" "API token"
usage_error "missing token" "the API token" --space-url example --project P1 --dry-run
expect_stderr_contains "missing token" "SIGNALWIRE_API_TOKEN"
expect_stderr_contains "missing token" "--token"
expect_stderr_lacks "missing token" "space URL"
expect_stderr_lacks "missing token" "project ID"
usage_error "missing all" "the space URL" --dry-run
expect_stderr_contains "missing all" "the project ID"
expect_stderr_contains "missing all" "the API token"
SIGNALWIRE_SPACE_URL=example SIGNALWIRE_API_TOKEN="$TOKEN" usage_error "missing project, rest in env" "the project ID" --dry-run
usage_error "missing credentials without dry run" "the API token" --space-url example --project P1

# --- bad values ----------------------------------------------------------------------------------------------
for v in 0 1001 -1 abc 10x '' ' 5' 99999999999999999999999; do
    usage_error "page size '$v'" "--page-size" --space-url example "${CREDS[@]}" --dry-run --page-size="$v"
done
for v in 0 -3 x 1.5 18446744073709551616; do
    usage_error "limit '$v'" "--limit" --space-url example "${CREDS[@]}" --dry-run --limit "$v"
done
for v in answered Completed in_progress noanswer; do
    usage_error "status '$v'" "--status must be one of" --space-url example "${CREDS[@]}" --dry-run --status "$v"
done
for v in 2018-02-30 2018-13-01 2018-9-19 yesterday 'Wed, 32 Sep 2018 20:00:00 +0000' 20180919; do
    usage_error "date '$v'" "--end-time-before must be a date" --space-url example "${CREDS[@]}" --dry-run \
        --end-time-before "$v"
done
usage_error "bad format" "--format must be table|csv|ndjson" --space-url example "${CREDS[@]}" --format json
usage_error "bad transport" "--transport must be beast|curl|posix" --space-url example "${CREDS[@]}" --transport asio
usage_error "unknown option" "unknown option '--bogus'" --space-url example "${CREDS[@]}" --bogus 1
usage_error "unknown option with value" "unknown option '--pagesize'" --space-url example "${CREDS[@]}" --pagesize=5
usage_error "missing value at end" "--to needs a value" --space-url example "${CREDS[@]}" --to
usage_error "option as value" "--project needs a value" --space-url example --project --token "$TOKEN"
usage_error "empty value" "--from needs a non-empty value" --space-url example "${CREDS[@]}" --from=
usage_error "dry-run with value" "--dry-run takes no value" --space-url example "${CREDS[@]}" --dry-run=yes
usage_error "operand" "unexpected argument #" --space-url example "${CREDS[@]}" extra
usage_error "operand after --" "unexpected argument #" --space-url example "${CREDS[@]}" -- --to
for v in http://example.signalwire.com example.signalwire.com/path 'example.signalwire.com:8443' \
    'user@example.signalwire.com' 'exa mple' 'https://example.signalwire.com/?x=1'; do
    usage_error "space url '$v'" "--space-url must be" --space-url "$v" "${CREDS[@]}" --dry-run
done
for v in ftp://host example.com 'http://h:0' 'http://h:99999' 'http://u@h' 'http://h/x?y' 'http://h/a b'; do
    usage_error "base url '$v'" "--base-url must be" --base-url "$v" "${CREDS[@]}" --dry-run
done
usage_error "bad space url with base url" "--space-url must be" --space-url 'x/y' --base-url http://h "${CREDS[@]}"

# --- CR, LF (and other controls) in values -------------------------------------------------------------------
for flag in --to --from --parent-call-sid; do
    usage_error "CR in $flag" "$flag must not contain CR, LF or NUL" --space-url example "${CREDS[@]}" --dry-run \
        "$flag" "+1555${CR}X-Injected: 1"
    expect_stderr_contains "CR in $flag (escaped)" '\r'
    usage_error "LF in $flag" "$flag must not contain CR, LF or NUL" --space-url example "${CREDS[@]}" --dry-run \
        "$flag=+1555${LF}X-Injected: 1"
done
usage_error "CR in project" "the project ID (from --project) must not contain CR" --space-url example \
    --project "P1${CR}X" --token "$TOKEN" --dry-run
usage_error "CR in token" "the API token (from --token) must not contain CR" --space-url example \
    --project P1 --token "${TOKEN}${CR}X-Injected: 1" --dry-run
expect_stderr_lacks "CR in token" "X-Injected"
usage_error "LF in token" "the API token (from --token) must not contain CR" --space-url example \
    --project P1 --token "${TOKEN:0:10}${LF}${TOKEN:10}" --dry-run
SIGNALWIRE_API_TOKEN="${TOKEN}${CR}" usage_error "CR in env token" "the API token (from SIGNALWIRE_API_TOKEN)" \
    --space-url example --project P1 --dry-run
SIGNALWIRE_PROJECT_ID="P${LF}1" usage_error "LF in env project" "the project ID (from SIGNALWIRE_PROJECT_ID)" \
    --space-url example --token "$TOKEN" --dry-run
usage_error "LF in space url" "--space-url must be" --space-url "example${LF}.com" "${CREDS[@]}" --dry-run
usage_error "CR in base url" "--base-url must be" --base-url "http://h/x${CR}y" "${CREDS[@]}" --dry-run
usage_error "CR inside a date" "--start-time must be a date" --space-url example "${CREDS[@]}" \
    --start-time "2018-09${CR}-19" --dry-run
usage_error "escape sequence shown escaped" "unexpected argument" --space-url example "${CREDS[@]}" $'\e[31mred'
if grep -q $'\e' "$WORK/err"; then not_ok "escape sequence reached the terminal"; else ok; fi
# Surrounding blanks around a date are ignored, as the library documents: the value sent is clean.
run list --space-url example "${CREDS[@]}" --start-time "2018-09-19${LF}" --dry-run
expect_stdout "date with trailing LF" "$(head_for "$LAML/Accounts/P1/Calls?StartTime=2018-09-19" example.signalwire.com)"

# --- exit statuses without --dry-run, and help ---------------------------------------------------------------
# Nothing listens on 127.0.0.1:1: a network error (3), one line, nothing on stdout, the token nowhere.
run list --base-url http://127.0.0.1:1 "${CREDS[@]}" --retries 1
expect_rc "connection refused" 3
expect_one_line_message "connection refused"
expect_stderr_contains "connection refused" "could not connect"
# A listing that fails before any call prints no lone CSV header, retries or not.
run list --base-url http://127.0.0.1:1 "${CREDS[@]}" --retries 2 --format csv
expect_rc "connection refused after a retry" 3
expect_one_line_message "connection refused after a retry (no lone header)"
expect_stderr_contains "connection refused after a retry" "gave up after 2 attempts"
SIGNALWIRE_PROJECT_ID=P1 SIGNALWIRE_API_TOKEN="$TOKEN" run list --base-url http://127.0.0.1:1 --retries=1 --timeout 2
expect_rc "connection refused (env credentials)" 3
usage_error "bad --retries" "--retries must be a whole number from 1 to 100" --space-url example "${CREDS[@]}" --retries 0
usage_error "bad --timeout" "--timeout must be a whole number of seconds" --space-url example "${CREDS[@]}" --timeout 1.5
usage_error "bad value beats missing transport" "--limit" --space-url example "${CREDS[@]}" --limit 0

run list --help
expect_rc "list --help" 0
if grep -qF -- "--start-time-after" "$WORK/out" && grep -qF "SIGNALWIRE_API_TOKEN" "$WORK/out"; then ok; else
    not_ok "list --help lacks the flags"; fi
run list --space-url example --bogus --help
expect_rc "help wins only when the line parses" 1
run help list
expect_rc "swcalls help list" 0
if grep -qF -- "--dry-run" "$WORK/out"; then ok; else not_ok "help list lacks --dry-run"; fi
run --help
if grep -q '^  list ' "$WORK/out"; then ok; else not_ok "swcalls --help does not list 'list'" "$(cat "$WORK/out")"; fi

# --- the token never appears ---------------------------------------------------------------------------------
# Places where a careless message would echo it: as an operand, as a value of another flag, after an
# unknown option, in an unknown "--token"-like option, next to a bad value.
usage_error "token as operand" "unexpected argument" --space-url example --project P1 "$TOKEN" --token "$TOKEN"
usage_error "token in bad status" "--status" --space-url example "${CREDS[@]}" --status "$TOKEN"
usage_error "token in bad date" "--start-time" --space-url example "${CREDS[@]}" --start-time "x$TOKEN"
usage_error "token in bad space url" "--space-url" --space-url "https://$TOKEN/x" "${CREDS[@]}"
usage_error "misspelt --token" "unknown option '--tokn'" --space-url example --project P1 "--tokn=$TOKEN"
usage_error "token glued to --token" "unknown option '--token'..." --space-url example --project P1 "--token:$TOKEN"
usage_error "token with CR in another value" "--to must not contain" --space-url example "${CREDS[@]}" \
    --to "${TOKEN}${CR}"
SIGNALWIRE_API_TOKEN="$TOKEN" usage_error "env token in operand" "unexpected argument" --space-url example \
    --project P1 "$TOKEN"
run list --space-url example "${CREDS[@]}" --dry-run --limit 3
run list --space-url example "${CREDS[@]}"
if grep -qF -- "$TOKEN" "$WORK/all"; then
    not_ok "the token appears in some output" "$(grep -F -- "$TOKEN" "$WORK/all" | head -n 5)"
else
    ok
fi
# Nor in base64: "P1:token" encoded would be the real Authorization value.
B64=$(printf 'P1:%s' "$TOKEN" | base64 -w0 2>/dev/null || printf 'P1:%s' "$TOKEN" | base64)
if grep -qF -- "${B64:0:20}" "$WORK/all"; then not_ok "the base64 credentials appear in some output"; else ok; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
