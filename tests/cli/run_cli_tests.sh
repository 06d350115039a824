#!/usr/bin/env bash
# tests/cli/run_cli_tests.sh SWCALLS_BINARY — end-to-end tests of the `swcalls` command line.
#
# Runs the binary on the small bodies in tests/cli/data/ (and a few generated here) and checks exit codes,
# messages, and output: ndjson and csv are read back with Python's json and csv modules and compared with
# Python's own parse of the input body; the table is checked for alignment, truncation and escaping.
# Every body is also parsed with --chunk-size 1 and 7 and from standard input: the output must not change.
# Needs bash and python3. Prints "N passed, M failed"; exits non-zero when anything failed.
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 SWCALLS_BINARY" >&2
    exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=$HERE/data
command -v python3 >/dev/null || { echo "run_cli_tests.sh: python3 is required" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/swcalls_cli_tests.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export LC_ALL=C.UTF-8 PYTHONIOENCODING=utf-8

passed=0
failed=0
ok() { passed=$((passed + 1)); }
not_ok() {
    failed=$((failed + 1))
    echo "FAIL: $1"
    if [ -n "${2:-}" ]; then printf '%s\n' "$2" | head -n 20 | sed 's/^/    /'; fi
}

# run ARGS... : runs the binary; stdout in $WORK/out, stderr in $WORK/err, exit status in $rc.
run() {
    "$BIN" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
    rc=$?
}
run_stdin() {  # run_stdin FILE ARGS...: the same, with FILE on standard input
    local input=$1
    shift
    "$BIN" "$@" <"$input" >"$WORK/out" 2>"$WORK/err"
    rc=$?
}
expect_rc() {  # expect_rc NAME EXPECTED
    if [ "$rc" -eq "$2" ]; then ok; else not_ok "$1: exit status $rc, expected $2" "$(cat "$WORK/err")"; fi
}
# A usage or parse error: exactly one line on stderr, starting with "swcalls: ".
expect_one_line_message() {  # NAME
    local lines
    lines=$(wc -l <"$WORK/err")
    if [ "$lines" -eq 1 ] && head -c 9 "$WORK/err" | grep -q '^swcalls: '; then
        ok
    else
        not_ok "$1: expected one 'swcalls: ...' line on stderr" "$(cat "$WORK/err")"
    fi
}
expect_empty_stdout() {  # NAME
    if [ ! -s "$WORK/out" ]; then ok; else not_ok "$1: expected nothing on stdout" "$(head -c 300 "$WORK/out")"; fi
}
expect_stderr_contains() {  # NAME TEXT
    if grep -qF -- "$2" "$WORK/err"; then ok; else not_ok "$1: stderr lacks '$2'" "$(cat "$WORK/err")"; fi
}
# Compares this run's stdout/stderr/status with a saved one (same_as NAME SAVED_PREFIX).
save_run() { cp "$WORK/out" "$WORK/$1.out"; cp "$WORK/err" "$WORK/$1.err"; echo "$rc" >"$WORK/$1.rc"; }
same_as() {
    if cmp -s "$WORK/out" "$WORK/$2.out" && cmp -s "$WORK/err" "$WORK/$2.err" && [ "$rc" = "$(cat "$WORK/$2.rc")" ]; then
        ok
    else
        not_ok "$1: output differs from the default run" "$(diff <(cat "$WORK/$2.out" "$WORK/$2.err") <(cat "$WORK/out" "$WORK/err") | head -n 10)"
    fi
}

# --- the Python side: reads the output back and compares it with Python's parse of the body ---------------
cat >"$WORK/verify.py" <<'PYTHON'
import csv, io, json, math, re, sys, unicodedata

ROOT = sys.argv[1]
MODE = sys.argv[2]

def field_list():
    text = open(ROOT + "/include/swcalls/detail/call_fields.hpp", encoding="utf-8").read()
    def block(name):
        start = text.index("#define " + name + "(X)")
        end = text.find("#define", start + 1)
        return re.findall(r'X\((\w+),\s*"([^"]+)",\s*(\w+)\)', text[start:end if end != -1 else None])
    return block("SWCALLS_CALL_FIELDS"), block("SWCALLS_SUBRESOURCE_FIELDS")

CALL_FIELDS, SUBRESOURCE_FIELDS = field_list()
assert len(CALL_FIELDS) > 30 and [k for _, k, _ in SUBRESOURCE_FIELDS] == ["notifications", "recordings"]

class Num(str):
    """A JSON number, kept as the exact text it was written with."""

def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate keys %r" % keys)
    return dict(pairs)

def load(text):
    return json.loads(text, parse_float=Num, parse_int=Num, object_pairs_hook=no_duplicates)

errors = []
def check(condition, message):
    if not condition:
        errors.append(message)

def expected_calls(body_path):
    body = load(open(body_path, "rb").read().decode("utf-8"))
    return body, body["calls"]

def expected_value(call, key, kind):
    """('null', None) | ('string', text) | ('number', exact text) for what the tool must print."""
    v = call.get(key)
    if v is None:
        return ("null", None)
    if kind in ("text", "status", "direction", "answered"):
        return ("string", str(v))  # a number in a text field (sip_result_code: 486) prints as its text
    if kind == "integer":
        return ("number", str(int(str(v))))
    return ("number", str(v))  # decimal: exact text, whether sent as a number or a string

def expected_subresources(call):
    sub = call.get("subresource_uris")
    if not isinstance(sub, dict):
        return None
    values = {k: sub.get(k) for _, k, _ in SUBRESOURCE_FIELDS}
    return None if all(v is None for v in values.values()) else values

def same_number(kind, key, got, want):
    if kind == "decimal" and key == "price":
        return got == want  # the price is printed exactly as sent
    a, b = float(got), float(want)
    if a == b:
        return math.copysign(1, a) == math.copysign(1, b)
    # The library's parse_decimal is correctly rounded up to 15 significant digits (every value the API
    # sends); beyond that it documents "within a few ulps". Allow 2 ulps there, and only there.
    digits = len(re.sub(r"^[-0.]*", "", re.split(r"[eE]", want)[0]).replace(".", ""))
    return digits > 15 and abs(a - b) <= 2 * math.ulp(b)

def verify_ndjson(body_path, out_path):
    _, calls = expected_calls(body_path)
    raw = open(out_path, "rb").read()
    check(raw == b"" or raw.endswith(b"\n"), "ndjson output does not end with a newline")
    check(not re.search(rb"[\x00-\x09\x0b-\x1f]", raw), "raw control character in ndjson output")
    text = raw.decode("utf-8")  # raises on invalid UTF-8
    check("\u2028" not in text and "\u2029" not in text, "raw U+2028/U+2029 in ndjson output")
    lines = text.split("\n")[:-1] if text else []
    check(len(lines) == len(calls), "%d ndjson lines for %d calls" % (len(lines), len(calls)))
    keys = [k for _, k, _ in CALL_FIELDS] + ["subresource_uris"]
    for n, (line, call) in enumerate(zip(lines, calls)):
        got = load(line)
        check(list(got.keys()) == keys, "call %d: keys %r" % (n, list(got.keys())))
        for _, key, kind in CALL_FIELDS:
            want_type, want = expected_value(call, key, kind)
            g = got.get(key)
            if want_type == "null":
                check(g is None, "call %d: %s = %r, expected null" % (n, key, g))
            elif want_type == "string":
                check(type(g) is str and g == want, "call %d: %s = %r, expected %r" % (n, key, g, want))
            else:
                check(isinstance(g, Num) and same_number(kind, key, g, want),
                      "call %d: %s = %r, expected the number %s" % (n, key, g, want))
        want_sub = expected_subresources(call)
        check(got["subresource_uris"] == want_sub,
              "call %d: subresource_uris = %r, expected %r" % (n, got["subresource_uris"], want_sub))

def verify_csv(body_path, out_path):
    _, calls = expected_calls(body_path)
    raw = open(out_path, "rb").read()
    columns = [k for _, k, _ in CALL_FIELDS] + ["subresource_uris." + k for _, k, _ in SUBRESOURCE_FIELDS]
    check(raw.startswith((",".join(columns) + "\r\n").encode()), "csv header row wrong or not CRLF-terminated")
    check(raw.endswith(b"\r\n"), "csv output does not end with CRLF")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), strict=True))
    check(rows and rows[0] == columns, "csv header %r" % (rows[0] if rows else None))
    check(len(rows) == len(calls) + 1, "%d csv rows for %d calls" % (len(rows) - 1, len(calls)))
    for n, (row, call) in enumerate(zip(rows[1:], calls)):
        check(len(row) == len(columns), "call %d: %d fields" % (n, len(row)))
        if len(row) != len(columns):
            continue
        cells = dict(zip(columns, row))
        for _, key, kind in CALL_FIELDS:
            want_type, want = expected_value(call, key, kind)
            g = cells[key]
            if want_type == "null":
                check(g == "", "call %d: %s = %r, expected an empty field" % (n, key, g))
            elif want_type == "string":
                check(g == want, "call %d: %s = %r, expected %r" % (n, key, g, want))
            else:
                check(g != "" and same_number(kind, key, g, want), "call %d: %s = %r, expected %s" % (n, key, g, want))
        sub = expected_subresources(call) or {}
        for _, key, _ in SUBRESOURCE_FIELDS:
            want = sub.get(key)
            g = cells["subresource_uris." + key]
            check(g == ("" if want is None else want), "call %d: subresource_uris.%s = %r, expected %r" % (n, key, g, want))

# --- table ---
TABLE = [("SID", 36), ("DATE_CREATED", 31), ("FROM", 16), ("TO", 16), ("STATUS", 11), ("DIRECTION", 13),
         ("DURATION", 8), ("PRICE", 16)]

def width(ch):
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1

def pieces(text):
    """What the table shows for text: printable characters as they are, controls as escapes."""
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "\n": out.append("\\n")
        elif ch == "\t": out.append("\\t")
        elif ch == "\r": out.append("\\r")
        elif o < 0x20 or o == 0x7F or 0x80 <= o <= 0x9F: out.append("\\x%02x" % o)
        elif o in (0x2028, 0x2029) or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069: out.append("\\u%04x" % o)
        else: out.append(ch)
    return out

def text_width(s):
    return sum(width(c) for c in s)

def check_cell(n, title, cell, col_width, want, right):
    visible = pieces(want)
    full = "".join(visible)
    shown = cell.lstrip(" ") if right else cell.rstrip(" ")
    check(text_width(cell) == col_width or (title == "PRICE"),
          "row %d %s: cell %r is %d columns wide, not %d" % (n, title, cell, text_width(cell), col_width))
    if text_width(full) <= col_width:
        check(shown == (full if right else full.rstrip(" ")), "row %d %s: %r, expected %r" % (n, title, shown, full))
        return
    check(shown.endswith("\u2026"), "row %d %s: long value %r not cut with an ellipsis" % (n, title, shown))
    kept = shown[:-1]
    prefix, used, k = "", 0, 0
    while k < len(visible) and used + text_width(visible[k]) <= col_width - 1:
        prefix += visible[k]; used += text_width(visible[k]); k += 1
    check(kept == prefix, "row %d %s: cut to %r, expected %r" % (n, title, kept, prefix))

def verify_table(body_path, out_path, err_path):
    body, calls = expected_calls(body_path)
    raw = open(out_path, "rb").read()
    check(not re.search(rb"[\x00-\x09\x0b-\x1f\x7f]", raw), "control byte in table output")
    text = raw.decode("utf-8")
    check(not re.search("[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]", text), "C1 or bidi control in table")
    lines = text.split("\n")
    check(lines[-1] == "", "table output does not end with a newline")
    lines = lines[:-1]
    check(len(lines) == len(calls) + 1, "%d table rows for %d calls" % (len(lines) - 1, len(calls)))
    check(lines and lines[0].split() == [t for t, _ in TABLE], "table header %r" % (lines[0] if lines else None))
    for n, line in enumerate(lines):
        # Split the line at the fixed column boundaries (in terminal columns, not bytes or code points).
        cells, current, used, c = [], "", 0, 0
        bounds = []
        pos = 0
        for title, w in TABLE[:-1]:
            pos += w
            bounds.append(pos)
            pos += 2
        i = 0
        col_start = 0
        for b in bounds:
            cell = ""
            while i < len(line) and col_start + text_width(cell) + width(line[i]) <= b:
                cell += line[i]; i += 1
            # zero-width characters after the last one that fits belong to the cell
            while i < len(line) and width(line[i]) == 0:
                cell += line[i]; i += 1
            gap = line[i:i + 2]
            check(gap == "  ", "row %d: expected a two-space gap at column %d, got %r in %r" % (n, b, gap, line))
            i += 2
            col_start = b + 2
            cells.append(cell)
        cells.append(line[i:])
        check(len(cells) == len(TABLE), "row %d: %d cells" % (n, len(cells)))
        if n == 0:
            continue
        call = calls[n - 1]
        def txt(key):
            v = call.get(key)
            return "-" if v is None else str(v)
        price = "-"
        if call.get("price") is not None:
            price = str(call["price"]) + (" " + str(call["price_unit"]) if call.get("price_unit") is not None else "")
        duration = "-" if call.get("duration") is None else str(int(str(call["duration"])))
        want = [txt("sid"), txt("date_created"), txt("from"), txt("to"), txt("status"), txt("direction"), duration, price]
        for (title, w), cell, value in zip(TABLE, cells, want):
            check_cell(n, title, cell, w, value, title == "DURATION")
    err = open(err_path, "rb").read().decode("utf-8")
    next_uri = body.get("next_page_uri")
    summary = "%d call%s; next page: %s\n" % (len(calls), "" if len(calls) == 1 else "s",
                                             "".join(pieces(next_uri)) if next_uri else "none")
    check(err == summary, "summary on stderr %r, expected %r" % (err, summary))

if MODE == "ndjson":
    verify_ndjson(sys.argv[3], sys.argv[4])
elif MODE == "csv":
    verify_csv(sys.argv[3], sys.argv[4])
elif MODE == "table":
    verify_table(sys.argv[3], sys.argv[4], sys.argv[5])
else:
    sys.exit("unknown mode " + MODE)
for e in errors[:20]:
    print(e)
sys.exit(1 if errors else 0)
PYTHON

verify() {  # verify NAME MODE BODY  (uses $WORK/out and $WORK/err)
    local report
    if report=$(python3 "$WORK/verify.py" "$ROOT" "$2" "$3" "$WORK/out" "$WORK/err" 2>&1); then
        ok
    else
        not_ok "$1: $2 output does not match the body" "$report"
    fi
}

# --- help, version, usage ------------------------------------------------------------------------------------
for args in "--help" "-h" "help" "help parse" "parse --help" "parse -h" "parse somefile --format csv --help"; do
    # shellcheck disable=SC2086
    run $args
    expect_rc "swcalls $args" 0
    if grep -q '^Usage: swcalls' "$WORK/out" && [ ! -s "$WORK/err" ]; then ok; else not_ok "swcalls $args: usage on stdout"; fi
done
run parse --help
for word in "--chunk-size" "--format" "table" "csv" "ndjson" "subresource_uris" "audio_out_lost" "Exit status"; do
    if grep -qF -- "$word" "$WORK/out"; then ok; else not_ok "parse --help mentions $word"; fi
done

version=$(sed -n 's/^#define SWCALLS_VERSION_STRING "\(.*\)"$/\1/p' "$ROOT/include/swcalls/config.hpp")
run --version
expect_rc "swcalls --version" 0
if [ -n "$version" ] && grep -qxF "swcalls $version" "$WORK/out"; then ok; else not_ok "--version prints $version" "$(cat "$WORK/out")"; fi

for args in "" "bogus" "--bogus" "help bogus"; do
    # shellcheck disable=SC2086
    run $args
    expect_rc "swcalls $args (no or unknown command)" 1
    expect_empty_stdout "swcalls $args"
    if head -n 1 "$WORK/err" | grep -q '^swcalls: ' && grep -q '^Usage: swcalls' "$WORK/err"; then ok
    else not_ok "swcalls $args: message and usage on stderr" "$(cat "$WORK/err")"; fi
done

# --- bad command lines: exit 1, one line on stderr, nothing on stdout ------------------------------------
page=$DATA/signalwire_page.json
bad_args=(
    "parse $page --chunk-size 0"
    "parse $page --chunk-size -1"
    "parse $page --chunk-size abc"
    "parse $page --chunk-size 1.5"
    "parse $page --chunk-size 0x10"
    "parse $page --chunk-size +4"
    "parse $page --chunk-size 99999999999999999999999"
    "parse $page --chunk-size 16777217"
    "parse $page --chunk-size="
    "parse $page --chunk-size"
    "parse $page --format"
    "parse $page --format xml"
    "parse $page --format=JSON"
    "parse $page --formats csv"
    "parse $page --bogus"
    "parse $page -x"
    "parse $page $page"
    "parse $DATA/does-not-exist.json"
    "parse $DATA"
)
for args in "${bad_args[@]}"; do
    # shellcheck disable=SC2086
    run $args
    expect_rc "swcalls ${args//$DATA\//}" 1
    expect_one_line_message "swcalls ${args//$DATA\//}"
    expect_empty_stdout "swcalls ${args//$DATA\//}"
done
run parse "$page" --chunk-size 16777216 --format ndjson
expect_rc "--chunk-size 16777216 (the maximum) is accepted" 0
run parse "$page" --bogus
expect_stderr_contains "unknown option is named" "'--bogus'"
run parse "$page" --chunk-size abc
expect_stderr_contains "bad chunk size is named" "'abc'"
run parse "$DATA/does-not-exist.json"
expect_stderr_contains "missing file: the reason" "No such file or directory"
run parse "$DATA"
expect_stderr_contains "directory: the reason" "Is a directory"

# --- valid pages: every format, every way of reading -----------------------------------------------------
pages=(signalwire_page twilio_page escapes_page escaped_keys_page empty_calls)
for name in "${pages[@]}"; do
    body=$DATA/$name.json
    for format in table csv ndjson; do
        tag="$name --format $format"
        run parse "$body" --format "$format"
        expect_rc "$tag" 0
        verify "$tag" "$format" "$body"
        if [ "$format" != table ] && [ -s "$WORK/err" ]; then not_ok "$tag: stderr should be empty" "$(cat "$WORK/err")"; fi
        save_run default
        for size in 1 7 65536; do
            run parse "$body" --format "$format" --chunk-size "$size"
            same_as "$tag --chunk-size $size" default
        done
        run parse --format="$format" --chunk-size=3 "$body"
        same_as "$tag (--opt=value, options first)" default
        run_stdin "$body" parse - --format "$format"
        same_as "$tag (standard input via -)" default
        run_stdin "$body" parse --format "$format" --chunk-size 5
        same_as "$tag (standard input, no FILE)" default
    done
done
run parse "$page"
save_run table_default
run parse "$page" --format table
same_as "table is the default format" table_default

# Spot checks of values the generic comparison covers, stated plainly.
run parse "$DATA/twilio_page.json" --format ndjson
if grep -qF '"duration":31,' "$WORK/out" && grep -qF '"price":-0.01400,' "$WORK/out" \
    && grep -qF '"queue_time":1250,' "$WORK/out" && grep -qF '"subresource_uris":null}' "$WORK/out"; then ok
else not_ok "twilio: string numbers print as JSON numbers, price exactly as sent" "$(head -c 600 "$WORK/out")"; fi
run parse "$DATA/escapes_page.json" --format ndjson
if grep -qF '"price":-0.200,' "$WORK/out" && grep -qF '\u0000' "$WORK/out" && grep -qF '\u001b[31m' "$WORK/out" \
    && grep -qF '\u2028' "$WORK/out" && grep -qF '"audio_out_lost":-0,' "$WORK/out"; then ok
else not_ok "escapes: NUL, ESC, U+2028 escaped; -0.0 kept" "$(head -c 600 "$WORK/out")"; fi
run parse "$DATA/escapes_page.json" --format csv
if grep -qF ',"",' "$WORK/out" && grep -qF ',"=HYPERLINK(""http://evil.example"",""+1"")",' "$WORK/out"; then ok
else not_ok "csv: empty string is \"\"; formula-like values unaltered, quotes doubled" "$(head -c 600 "$WORK/out")"; fi
run parse "$DATA/twilio_page.json" --format csv
if grep -qF ',+15017122661,' "$WORK/out"; then ok; else not_ok "csv: phone numbers keep their +"; fi
run parse "$DATA/escapes_page.json"
if grep -qF '\x1b[2J\x1b]0;pwned\x07' "$WORK/out" && grep -qF $'\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe2\x80\xa6' "$WORK/out"; then ok
else not_ok "table: ESC shown as \\x1b; wide text cut at 15 columns with an ellipsis" "$(cat "$WORK/out")"; fi

# A file whose name starts with '-', after "--".
cp "$page" "$WORK/-dash.json"
(cd "$WORK" && "$BIN" parse --format ndjson -- -dash.json >"$WORK/out" 2>"$WORK/err"); rc=$?
expect_rc "parse -- -dash.json" 0
verify "parse -- -dash.json" ndjson "$page"

# --- bodies that are not valid JSON: exit 4, the byte offset in the message -------------------------------
check_error() {  # check_error FILE STATUS CALLS_BEFORE MESSAGE_PART
    local body=$DATA/$1
    run parse "$body" --format ndjson
    expect_rc "$1" "$2"
    expect_one_line_message "$1"
    expect_stderr_contains "$1" "$4"
    local lines
    lines=$(wc -l <"$WORK/out")
    if [ "$lines" -eq "$3" ]; then ok; else not_ok "$1: $lines calls printed before the error, expected $3"; fi
    save_run error_default
    run parse "$body" --format ndjson --chunk-size 1
    same_as "$1 --chunk-size 1" error_default
    run_stdin "$body" parse --format table
    expect_rc "$1 (table, standard input)" "$2"
    expect_stderr_contains "$1 names standard input" "swcalls: standard input: "
}
check_error invalid_trailing_comma.json 4 2 "unexpected character (at byte offset 68)"
check_error invalid_truncated.json 4 1 "(at byte offset 60)"
check_error invalid_escape.json 4 0 "invalid escape"
check_error invalid_utf8.json 4 0 "UTF-8 (at byte offset 20)"
check_error invalid_empty.json 4 0 "(at byte offset 0)"

# --- valid JSON that is not a calls page: exit 5 ---------------------------------------------------------
check_error not_a_page_array.json 5 0 "not a calls page"
check_error not_a_page_object.json 5 0 "not a calls page"
check_error not_a_page_calls_object.json 5 0 "not a calls page"
check_error not_a_page_wrong_type.json 5 0 "wrong type"
check_error not_a_page_bad_number.json 5 0 "not a number"

# --- generated bodies: a call near and over the 64 KiB storage, and a long page ---------------------------
python3 - "$WORK" <<'PYTHON'
import json, sys
work = sys.argv[1]
def page(calls, **extra):
    return json.dumps(dict(extra, calls=calls), ensure_ascii=False)
open(work + "/big_ok.json", "w").write(page([{"sid": "CAbig", "annotation": "a" * 60000, "from": "é" * 20}]))
open(work + "/big_fail.json", "w").write(page([{"sid": "CAok"}, {"sid": "CAhuge", "annotation": "a" * 70000}]))
calls = [{"sid": "CA%032x" % i, "duration": str(i), "price": "-0.%03d" % (i % 1000), "status": "completed",
          "from": "+1555%07d" % i, "audio_in_mos": i / 7, "subresource_uris": {"recordings": "/r/%d" % i}}
         for i in range(3000)]
open(work + "/long.json", "w").write(page(calls, next_page_uri="/next?Page=1&PageToken=PA1"))
PYTHON
run parse "$WORK/big_ok.json" --format ndjson
expect_rc "a 60 KB call fits the 64 KiB storage" 0
verify "a 60 KB call" ndjson "$WORK/big_ok.json"
run parse "$WORK/big_ok.json"
verify "a 60 KB call (table)" table "$WORK/big_ok.json"
run parse "$WORK/big_fail.json" --format ndjson
expect_rc "a 70 KB call does not fit: exit 5" 5
expect_one_line_message "a 70 KB call"
expect_stderr_contains "a 70 KB call" "64 KiB"
if [ "$(wc -l <"$WORK/out")" -eq 1 ]; then ok; else not_ok "the call before the oversized one was printed"; fi
for format in ndjson csv table; do
    run parse "$WORK/long.json" --format "$format"
    expect_rc "3000 calls ($format)" 0
    verify "3000 calls ($format)" "$format" "$WORK/long.json"
    save_run long_default
    run parse "$WORK/long.json" --format "$format" --chunk-size 13
    same_as "3000 calls ($format) --chunk-size 13" long_default
done

# --- seeded random pages: any key order, unknown keys, numbers as strings or numbers, hostile strings ------
# ndjson and csv get strings of any code points; the table gets the characters a terminal agrees on (ASCII,
# Latin-1, CJK, Hangul, emoji, combining marks, controls), since the width of the rest varies by terminal.
python3 - "$WORK" <<'PYTHON'
import json, random, sys
work = sys.argv[1]
KEYS = ["sid", "account_sid", "date_created", "to", "from", "status", "direction", "answered_by", "duration",
        "price", "price_unit", "annotation", "caller_name", "queue_time", "audio_in_mos", "audio_out_lost",
        "sip_result_code", "uri", "subresource_uris", "forwarded_from", "unknown_key"]
def make(seed, terminal):
    r = random.Random(seed)
    def text():
        out = ""
        for _ in range(r.randint(0, 14)):
            c = r.random()
            if c < 0.45: out += chr(r.randint(0x20, 0x7E))
            elif c < 0.55: out += chr(r.randint(0, 0x1F))
            elif c < 0.7 and terminal:
                out += chr(r.choice([r.randint(0xA1, 0xFF), r.randint(0x4E00, 0x9FFF), r.randint(0xAC00, 0xD7A3),
                                     r.randint(0x80, 0x9F), r.randint(0x1F600, 0x1F64F)]))
            elif c < 0.7: out += chr(r.choice([r.randint(0x80, 0xD7FF), r.randint(0xE000, 0xFFFD)]))
            elif c < 0.8 and not terminal: out += chr(r.randint(0x10000, 0x10FFFF))
            elif c < 0.8: out += "e\u0301"
            else: out += r.choice(["\u2028", "\u2029", "\u202e", "\u2066", "\x7f", "\\", "\"", "/", ",", "\r\n"])
        return out
    def value(key):
        if r.random() < 0.15: return None
        if key in ("duration", "queue_time"):
            v = r.randint(-10**6, 10**7)
            return str(v) if r.random() < 0.5 else v
        if key == "price":
            t = "%s%d.%0*d" % (r.choice(["", "-"]), r.randint(0, 99), r.randint(1, 5), r.randint(0, 999))
            return t if r.random() < 0.5 else float(t)
        if key.startswith("audio_"): return round(r.uniform(-100, 100), r.randint(0, 6))
        if key == "subresource_uris":
            return {"notifications": r.choice([None, text()]), "recordings": r.choice([None, text()]), "x": [1, {"y": text()}]}
        if key == "unknown_key": return [text(), {"calls": [{"sid": text()}]}, 1.5e300, False]
        return text()
    calls = [{k: value(k) for k in r.sample(KEYS, r.randint(0, len(KEYS)))} for _ in range(r.randint(0, 5))]
    page = {"calls": calls, "next_page_uri": r.choice([None, text()]), "page": r.randint(0, 9), "junk": {"a": [text()]}}
    items = list(page.items())
    r.shuffle(items)
    return json.dumps(dict(items), ensure_ascii=r.random() < 0.5)
for seed in range(1, 21):
    open("%s/random_any_%d.json" % (work, seed), "w", encoding="utf-8").write(make(seed, False))
    open("%s/random_terminal_%d.json" % (work, seed), "w", encoding="utf-8").write(make(seed, True))
PYTHON
random_failures=0
for seed in $(seq 1 20); do
    for format in ndjson csv table; do
        if [ "$format" = table ]; then body=$WORK/random_terminal_$seed.json; else body=$WORK/random_any_$seed.json; fi
        "$BIN" parse "$body" --format "$format" --chunk-size $((seed % 11 + 1)) >"$WORK/out" 2>"$WORK/err" </dev/null
        rc=$?
        if [ "$rc" -ne 0 ] || ! python3 "$WORK/verify.py" "$ROOT" "$format" "$body" "$WORK/out" "$WORK/err" >"$WORK/report" 2>&1; then
            random_failures=$((random_failures + 1))
            echo "random page $seed --format $format: status $rc"
            head -n 5 "$WORK/report" "$WORK/err"
        fi
    done
done
if [ "$random_failures" -eq 0 ]; then ok; else not_ok "$random_failures seeded random pages did not round-trip"; fi

# --- output errors and streaming --------------------------------------------------------------------------
if [ -w /dev/full ]; then
    "$BIN" parse "$WORK/long.json" --format ndjson >/dev/full 2>"$WORK/err"
    rc=$?
    expect_rc "writing to a full device" 1
    expect_stderr_contains "writing to a full device" "cannot write output"
fi

# Calls are printed as they arrive: the first line must appear before the body is complete.
if report=$(python3 - "$BIN" <<'PYTHON' 2>&1
import select, subprocess, sys
p = subprocess.Popen([sys.argv[1], "parse", "--format", "ndjson"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
p.stdin.write(b'{"calls":[{"sid":"CAone","duration":1},')
p.stdin.flush()
ready, _, _ = select.select([p.stdout], [], [], 10)
if not ready:
    p.kill()
    sys.exit("no output after the first call's bytes were written")
first = p.stdout.readline()
if b'"sid":"CAone"' not in first:
    sys.exit("unexpected first line %r" % first)
p.stdin.write(b'{"sid":"CAtwo"}],"next_page_uri":null}')
p.stdin.close()
rest = p.stdout.read()
if p.wait() != 0 or b'"sid":"CAtwo"' not in rest:
    sys.exit("status %d, rest %r" % (p.returncode, rest))
PYTHON
); then ok; else not_ok "calls are printed as soon as they are parsed (streaming)" "$report"; fi

# A multi-hundred-megabyte body streamed through `parse -` runs in constant memory: the tool's peak RSS
# (VmHWM, sampled while it runs) for 256 MiB of calls is that for 2 MiB, within 2 MiB, and every call
# comes out.
if report=$(python3 - "$BIN" <<'PYTHON' 2>&1
import subprocess, sys, threading
call = (b'{"sid":"CA%08d","account_sid":"AC0123456789abcdef0123456789abcdef","date_created":'
        b'"Wed, 19 Sep 2018 20:00:00 +0000","to":"+15551234567","from":"+15557654321","status":"completed",'
        b'"start_time":"Wed, 19 Sep 2018 20:00:01 +0000","end_time":"Wed, 19 Sep 2018 20:01:01 +0000",'
        b'"duration":"60","price":"-0.00750","price_unit":"USD","direction":"outbound-api","answered_by":null,'
        b'"api_version":"2010-04-01","uri":"/api/laml/2010-04-01/Accounts/AC0/Calls/CA0.json",'
        b'"subresource_uris":{"notifications":"/n.json","recordings":"/r.json"}}')
block = b",".join(call % i for i in range(1000))  # about 700 KB

def run(megabytes):
    blocks = -(-(megabytes << 20) // len(block))
    p = subprocess.Popen([sys.argv[1], "parse", "-", "--format", "ndjson"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    def write():
        p.stdin.write(b'{"calls":[')
        for i in range(blocks):
            p.stdin.write(block if i == 0 else b"," + block)
        p.stdin.write(b'],"next_page_uri":null}')
        p.stdin.close()
    t = threading.Thread(target=write)
    t.start()
    lines = 0
    peak = 0  # the tool's VmHWM (peak RSS since its exec), read while it runs
    for chunk in iter(lambda: p.stdout.read(1 << 20), b""):
        lines += chunk.count(b"\n")
        try:
            with open("/proc/%d/status" % p.pid) as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except (OSError, ValueError):
            pass
    t.join()
    if p.wait() != 0:
        sys.exit("exit status %d for %d MiB" % (p.returncode, megabytes))
    if lines != blocks * 1000:
        sys.exit("%d lines for %d calls (%d MiB)" % (lines, blocks * 1000, megabytes))
    if peak == 0:
        sys.exit("could not read the tool's VmHWM from /proc")
    return lines, peak

small_lines, small_rss = run(2)
big_lines, big_rss = run(256)
if big_rss - small_rss > 2048:
    sys.exit("peak RSS grew with the body: %d KiB for 2 MiB, %d KiB for 256 MiB" % (small_rss, big_rss))
print("peak RSS %d KiB for 2 MiB, %d KiB for 256 MiB (%d calls)" % (small_rss, big_rss, big_lines))
PYTHON
); then ok; echo "  constant memory: $report"; else not_ok "256 MiB of calls through parse - in constant memory" "$report"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
