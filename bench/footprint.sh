#!/usr/bin/env bash
# bench/footprint.sh — code size of swcalls on a Cortex-M4, over an empty image, and what the core links in.
#
#   bench/footprint.sh                     from the repository root (or anywhere: paths are its own)
#   EXTRA_FLAGS='-DSWCALLS_ASSERT(x)=' bench/footprint.sh   extra flags for every build (no spaces in one flag)
#   BUILD_DIR=/tmp/fp bench/footprint.sh     where the objects, images and link maps go (build-footprint/)
# Takes about 15 s (two builds of ten small images, one compile at a time).
#
# Needs: arm-none-eabi-g++ with newlib nano and its libstdc++, jsmn for the reference row, python3:
#   apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib libjsmn-dev python3
# (jsmn is optional: without it its row is skipped.)
#
# Every image is one translation unit of bench/footprint/ plus input.cpp (the bytes to parse, behind
# volatile pointers so nothing can be folded away), compiled and linked with exactly the issue's flags:
#   arm-none-eabi-g++ -std=c++17 -Os -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
#     -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections --specs=nano.specs --specs=nosys.specs
#     -Wl,--gc-sections
# and is reported as .text/.data/.bss minus the empty image's (arm-none-eabi-size). Caller-owned memory
# (parser storage, list_storage, jsmn's tokens) lives on main()'s stack, so .bss shows only the library's
# own static state; the objects' sizes on the target are printed apart (sizeof, read from the objects).
# Everything is built a second time with -DNDEBUG added (build-footprint/ndebug/): the last column of the
# table, since assert() alone (newlib's __assert_func -> fiprintf) weighs several KiB.
#
# Printed: the table; sizeof of the parser, session, decoder, endpoint, query; where each image's flash
# comes from (swcalls's own code vs libstdc++/libc/libgcc, from the link maps); swcalls's code by
# component and the 15 biggest symbols of the parser and core images; the checks; why heap, printf,
# strerror, soft-float and guard functions are linked (the archive-member chains of the link maps, down
# to the swcalls functions that ask); the targets, met or missed.
#
# Images: empty (the baseline), std_error_code (a minimal std::error_category, no swcalls: the floor of any
# std::error_code API), error_code (swcalls's error category alone), parser (page_parser alone, every field,
# decimals read as exact fixed point), parser_double (the same, decimals read as double),
# parser_few (page_parser keeping sid, status and duration; when field_selection.hpp exists),
# request (endpoint + call_query + request writer), http (HTTP/1.1 decoder alone), session (parser +
# list_session driven by hand), core (list_calls: all of it over a trivial transport, with the bare-metal
# defaults of include/swcalls/config.hpp), core_dates (the same reading Retry-After HTTP dates, as hosted
# builds and boards with a set clock do), core_speed (the same with SWCALLS_SIZE_FIRST 0: the parser's
# speed-tuned steps, which -Os otherwise trades for size), core_few (core with a three-field selection), jsmn (reference).
#
# Checks (on the build with the issue's flags; exit 1 when one fails): no swcalls image links exceptions
# (__cxa_throw, __cxa_allocate_exception, __gxx_personality_*, _Unwind_*), locale (std::locale, setlocale,
# localeconv), iostreams, float formatting (_printf_float, _dtoa_r) or the printf family at all
# (_vfprintf_r, _svfprintf_r, __ssputs_r, printf, fprintf, ...). Whether malloc/free/operator new are linked is reported with the chain that pulls them
# in, not judged: linked is not called. Size targets (issue 5: parser <= 8 KiB, stretch 4 KiB; whole core
# <= 16 KiB, both as .text + .data over empty; parser state <= 512 bytes) are reported as met or missed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/bench/footprint
build=${BUILD_DIR:-"$root/build-footprint"}
case $build in /*) ;; *) build="$root/$build" ;; esac
mkdir -p "$build"

# shellcheck disable=SC2054  # the comma belongs to -Wl,--gc-sections
flags=(-std=c++17 -Os -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -fno-exceptions -fno-rtti
       -ffunction-sections -fdata-sections --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections)
# shellcheck disable=SC2206  # EXTRA_FLAGS is a list of words
extra=(${EXTRA_FLAGS:-})

missing=
for tool in arm-none-eabi-g++ arm-none-eabi-size arm-none-eabi-nm arm-none-eabi-objcopy arm-none-eabi-objdump \
            arm-none-eabi-c++filt python3; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "footprint: missing:$missing" >&2
    echo "footprint: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib libjsmn-dev python3" >&2
    exit 2
fi
if ! echo 'int main(){}' | arm-none-eabi-g++ -x c++ "${flags[@]}" - -o "$build/probe.elf" 2>"$build/probe.log"; then
    cat "$build/probe.log" >&2
    echo "footprint: arm-none-eabi-g++ cannot link with newlib nano (apt-get install libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib)" >&2
    exit 2
fi

images=(empty std_error_code error_code parser parser_double)
# parser_few needs field selection (include/swcalls/field_selection.hpp).
if [ -f "$root/include/swcalls/field_selection.hpp" ]; then images+=(parser_few); fi
images+=(request http session core core_dates core_speed core_few)
# jsmn.h sits in the host's /usr/include, which the cross compiler does not search: give it that one file.
jsmn_header=${JSMN_HEADER:-/usr/include/jsmn.h}
if [ -f "$jsmn_header" ]; then
    mkdir -p "$build/jsmn-include"
    ln -sf "$jsmn_header" "$build/jsmn-include/jsmn.h"
    images+=(jsmn)
else
    echo "footprint: $jsmn_header not found (apt-get install libjsmn-dev): the jsmn row is skipped"
fi

echo "arm-none-eabi-g++ $(arm-none-eabi-g++ -dumpfullversion), flags: ${flags[*]} ${extra[*]}"
echo "build: $build (and $build/ndebug: the same plus -DNDEBUG)"

# Builds every image into $1 with the extra flags that follow. One compile at a time (the machine is
# shared). Compiler warnings (-Wall -Wextra -Wpedantic: the headers on a 32-bit target) go to
# <dir>/<image>.log and are summarised after the build.
compile() {  # compile <dir> <name> [extra flags...]
    local dir=$1 name=$2
    shift 2
    if ! arm-none-eabi-g++ "${flags[@]}" "${extra[@]}" "$@" -Wall -Wextra -Wpedantic -I"$root/include" \
            -I"$build/jsmn-include" -c "$src/$name.cpp" -o "$dir/$name.o" 2>"$dir/$name.log"; then
        cat "$dir/$name.log" >&2
        echo "footprint: $name.cpp does not compile for the target" >&2
        exit 1
    fi
}
build_images() {  # build_images <dir> [extra flags...]
    local dir=$1 image sym
    shift
    mkdir -p "$dir"
    compile "$dir" input "$@"
    for image in "${images[@]}"; do
        compile "$dir" "$image" "$@"
        arm-none-eabi-g++ "${flags[@]}" "${extra[@]}" "$@" "$dir/$image.o" "$dir/input.o" -o "$dir/$image.elf" \
            -Wl,-Map="$dir/$image.map"
        arm-none-eabi-size "$dir/$image.elf" | tail -n 1 >"$dir/$image.size"
        arm-none-eabi-nm -S -C --size-sort "$dir/$image.elf" >"$dir/$image.nm"
        arm-none-eabi-nm -C "$dir/$image.elf" >"$dir/$image.syms"
        arm-none-eabi-nm -C "$dir/$image.o" >"$dir/$image.osyms"
        arm-none-eabi-objdump -r -C "$dir/$image.o" >"$dir/$image.relocs"
        # sizeof constants the translation unit exports as fp_sizeof_*: read from its object file.
        : >"$dir/$image.sizeof"
        for sym in $(arm-none-eabi-nm "$dir/$image.o" | awk '$3 ~ /^fp_sizeof_/ {print $3}'); do
            arm-none-eabi-objcopy -O binary --only-section=".rodata.$sym" "$dir/$image.o" "$dir/$sym.bin"
            echo "$sym $(od -An -tu4 "$dir/$sym.bin" | tr -d ' ')" >>"$dir/$image.sizeof"
        done
    done
}
build_images "$build"
build_images "$build/ndebug" -DNDEBUG

warnings=$(cat "$build"/*.log "$build"/ndebug/*.log | grep -E '^[^ ].*: warning: ' | sed "s|^$root/||" | sort -u || true)
if [ -n "$warnings" ]; then
    echo
    echo "Compiler warnings on the target (each once; whole text in $build/*.log):"
    while IFS= read -r line; do echo "  $line"; done <<<"$warnings"
fi

python3 - "$build" "${images[@]}" <<'PY'
import re, subprocess, sys
build, images = sys.argv[1], sys.argv[2:]
swcalls_images = [i for i in images if i not in ("empty", "jsmn", "std_error_code")]
failed = []

def size(image, where=""):
    text, data, bss = open(f"{build}{where}/{image}.size").read().split()[:3]
    return int(text), int(data), int(bss)

def sizeofs(image):
    out = {}
    for line in open(f"{build}/{image}.sizeof"):
        name, value = line.split()
        out[name[len("fp_sizeof_"):]] = int(value)
    return out

base = size("empty")
print()
print("Footprint over the empty image (bytes; flash = .text + .data):")
print()
print("| image | what it holds | .text | .data | .bss | flash | flash, -DNDEBUG |")
print("|---|---|---:|---:|---:|---:|---:|")
what = {
    "std_error_code": "any std::error_code category (no swcalls)",
    "error_code": "swcalls's std::error_code category alone",
    "parser": "page_parser alone (all fields; decimals as fixed point)",
    "parser_double": "the same, decimals read as double",
    "parser_few": "page_parser keeping sid, status, duration",
    "request": "endpoint + call_query + request writer",
    "http": "HTTP/1.1 response decoder alone",
    "session": "parser + list_session (event-loop style)",
    "core": "whole core: list_calls over a transport",
    "core_dates": "the same, reading Retry-After dates (hosted default)",
    "core_speed": "the same as core, parser steps tuned for speed (SWCALLS_SIZE_FIRST 0)",
    "core_few": "the same as core, parsing sid, status, duration",
    "jsmn": "jsmn 1.1.0 tokenizer (reference)",
}
delta, delta_ndebug = {}, {}
base_ndebug = size("empty", "/ndebug")
for image in images:
    if image == "empty":
        continue
    t, d, b = (x - y for x, y in zip(size(image), base))
    tn, dn, bn = (x - y for x, y in zip(size(image, "/ndebug"), base_ndebug))
    delta[image], delta_ndebug[image] = (t, d, b), (tn, dn, bn)
    print(f"| {image} | {what.get(image, '')} | {t} | {d} | {b} | {t + d} | {tn + dn} |")
print(f"\n(empty image: .text {base[0]}, .data {base[1]}, .bss {base[2]})")

print()
print("Objects on the target (sizeof, bytes):")
for image in images:
    for name, value in sizeofs(image).items():
        print(f"  {name:<18} {value:>6}   ({image}.cpp)")

# ---- what the deltas are made of: input sections by origin, from the link maps ----
text_like = (".text", ".rodata", ".ARM.extab", ".ARM.exidx", ".init", ".fini", ".preinit_array",
             ".init_array", ".fini_array", ".eh_frame")
def origins(image):
    sums, out_sec = {}, None
    lines = open(f"{build}/{image}.map").read().split("Linker script and memory map", 1)[1].splitlines()
    pending = None
    for line in lines:
        m = re.match(r"^(\.[\w.]+)\s", line) or re.match(r"^(\.[\w.]+)$", line)
        if m and not line.startswith(" "):
            out_sec = m.group(1)
            continue
        if pending is not None:
            m = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
            name, pending = pending, None
        else:
            m = re.match(r"^ (\.\S+|COMMON)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
            if not m:
                n = re.match(r"^ (\.\S+|COMMON)$", line)
                if n:
                    pending = n.group(1)
                continue
            name, m = m.group(1), re.match(r"^\s+\S+\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
        if not m or out_sec is None:
            continue
        sz, f = int(m.group(2), 16), m.group(3).strip()
        if sz == 0:
            continue
        if out_sec in (".data", ".tm_clone_table"):
            kind = "data"
        elif out_sec == ".bss":
            kind = "bss"
        elif out_sec in text_like:
            kind = "text"
        else:
            continue
        a = re.search(r"([^/]+\.a)\(", f)
        if a:
            lib = a.group(1)
        elif f.endswith(f"/{image}.o"):
            lib = f"{image}.cpp (swcalls, inlined)" if image not in ("empty", "jsmn", "std_error_code") else f"{image}.cpp"
        elif f.endswith("/input.o"):
            lib = "input.cpp"
        else:
            lib = "startup objects"
        key = (lib, kind)
        sums[key] = sums.get(key, 0) + sz
    return sums

def by_lib(image):
    s, out = origins(image), {}
    for (lib, kind), v in s.items():
        out.setdefault(lib, [0, 0, 0])[("text", "data", "bss").index(kind)] += v
    return out

def symbols(image):
    out = []
    for line in open(f"{build}/{image}.nm"):
        m = re.match(r"^([0-9a-f]+) ([0-9a-f]+) (\w) (.*)$", line)
        if m:
            out.append((int(m.group(2), 16), m.group(3), m.group(4)))
    return out

base_libs = by_lib("empty")
columns = ("swcalls (in the image's .o)", "libstdc++_nano.a", "libc_nano.a", "libgcc.a", "libnosys.a", "other")
def origin_column(lib):
    if lib.endswith(".cpp") or ".cpp (" in lib:
        return columns[0]
    return lib if lib in columns else "other"
print()
print("Where the flash of each image comes from (input sections in the link map, .text + .data, minus the empty")
print("image's; the first column is everything compiled from the image's .cpp, i.e. swcalls's inlined code):")
print()
print("| image | " + " | ".join(columns) + " |")
print("|---|" + "---:|" * len(columns))
for image in images:
    if image == "empty":
        continue
    sums = dict.fromkeys(columns, 0)
    for lib, v in by_lib(image).items():
        sums[origin_column(lib)] += v[0] + v[1]
    for lib, v in base_libs.items():
        sums[origin_column(lib)] -= v[0] + v[1]
    print(f"| {image} | " + " | ".join(str(sums[c]) for c in columns) + " |")

# ---- swcalls's own code by component, from the symbols of the image's own object ----
components = [
    ("error category (error.hpp)", r"error_category|message_of|make_error_code|kind_of"),
    ("key tables (key_lookup.hpp)", r"swcalls::detail::(page|call|subresource)_keys|key_names|key_hash|slot_layout"),
    ("enum names (call_enums.hpp)", r"swcalls::detail::(status|direction|answered_by)_names"),
    ("API error record (api_error.hpp; read by the page parser's scanner)", r"api_error"),
    ("numbers (number.hpp, exact_decimal.hpp)", r"parse_decimal|exact_decimal|refine_to_nearest|big_uint|exact_powers|parse_integer|parse_int|number"),
    ("dates (date.hpp)", r"date|rfc2822|iso_|days_|weekday|month|utc_|detail::scanner::|zone_names|day_names"),
    ("JSON scanner (json_scanner.hpp)", r"json_scanner|string_stop_mask|utf8|swar"),
    ("page handler (page_handler.hpp, page_or_error_parser.hpp)", r"page_handler|page_or_error"),
    ("HTTP decoder (http_response.hpp)", r"http_response_decoder|retry_after|detail::http::"),
    ("list session + driver", r"list_session|drive_session|byte_sink|list_cursor|jitter|retry_delay|list_calls"),
    ("request writer, endpoint, next page", r"put_|write_|request|endpoint|percent|base64|next_page|uri|host|validate|space_url"),
    ("main() (what was inlined into it)", r"^main$"),
    ("switch tables (CSWTCH.*)", r"^CSWTCH"),
]
def own_symbols(image):
    names = set()
    for line in open(f"{build}/{image}.osyms"):
        parts = line.rstrip("\n").split(" ", 2)
        if len(parts) == 3 and parts[1] in "tTWrRVdDbBvw" and parts[1] not in ("U",):
            names.add(parts[2])
    return names
for image in ("parser", "core"):
    if image not in images:
        continue
    own = own_symbols(image)
    groups = {}
    named = 0
    for sz, kind, name in symbols(image):
        if name not in own or name.startswith("fp_sizeof_"):
            continue
        for label, rx in components:
            if re.search(rx, name):
                break
        else:
            label = "other named symbols"
        groups[label] = groups.get(label, 0) + sz
        named += sz
    total = sum(v[0] + v[1] for lib, v in by_lib(image).items() if lib.startswith(f"{image}.cpp"))
    groups["unnamed (string literals: error messages, key names, ...)"] = total - named
    print()
    print(f"swcalls code in the {image} image by component (bytes; symbols of {image}.o, after inlining):")
    for label, v in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"  {v:>6}  {label}")

# ---- biggest symbols beyond the empty image ----
base_names = {n for _, _, n in symbols("empty")}
for image in ("parser", "core"):
    if image not in images:
        continue
    syms = sorted((s for s in symbols(image) if s[2] not in base_names), key=lambda s: -s[0])
    seen, top = set(), []
    for s in syms:  # aliases (e.g. __aeabi_dadd and __adddf3) share an address and size: keep one
        if s[2] in seen:
            continue
        seen.add(s[2])
        top.append(s)
    print()
    print(f"Top 15 symbols of the {image} image not in the empty one (bytes, nm type, name):")
    for sz, kind, name in top[:15]:
        if len(name) > 150:
            name = name[:147] + "..."
        print(f"  {sz:>6} {kind} {name}")

# ---- why a library object is linked: follow the map's "Archive member included" chain ----
def inclusions(image):
    text = open(f"{build}/{image}.map").read()
    part = text.split("Archive member included to satisfy reference by file (symbol)", 1)[1]
    part = re.split(r"\n(?:Discarded input sections|Allocating common symbols|Memory Configuration)", part, 1)[0]
    entries, lines = [], [l for l in part.splitlines() if l.strip()]
    i = 0
    while i + 1 < len(lines):
        member = lines[i].strip()
        m = re.match(r"^\s+(\S+)\s+\((.*)\)$", lines[i + 1])
        if m and not lines[i].startswith(" "):
            entries.append((member, m.group(1), m.group(2)))
            i += 2
        else:
            i += 1
    return entries

def short(path):
    a = re.search(r"([^/]+\.a\([^)]+\))$", path)
    return a.group(1) if a else path.rsplit("/", 1)[-1]

def chain(image, symbol):
    """[(member, asked for)] from the member that provides `symbol` back to a non-archive object; the
    functions of our object that reference the last symbol asked for."""
    entries = inclusions(image)
    by_member = {m: (ref, sym) for m, ref, sym in entries}
    start = next(((m, ref, sym) for m, ref, sym in entries if sym == symbol), None)
    if start is None:
        return None
    steps, ref, asked = [f"{short(start[0])} (for {start[2]})"], start[1], start[2]
    while ref in by_member and len(steps) < 20:
        nref, nsym = by_member[ref]
        steps.append(f"{short(ref)} (for {nsym})")
        ref, asked = nref, nsym
    steps.append(short(ref))
    users = users_in_object(image, asked) if short(ref) == f"{image}.o" else []
    return steps, users

def users_in_object(image, symbol):
    if symbol is None:
        return []
    users, section = [], None
    for line in open(f"{build}/{image}.relocs"):
        m = re.match(r"^RELOCATION RECORDS FOR \[(.*)\]:", line)
        if m:
            section = m.group(1)
            continue
        if section and "R_ARM" in line and line.rstrip().endswith(symbol):
            fn = re.sub(r"^\.(text|rodata|data)\.", "", section)
            users.append(fn)
    demangled = []
    for u in dict.fromkeys(users):
        r = subprocess.run(["arm-none-eabi-c++filt", u], capture_output=True, text=True)
        name = r.stdout.strip() or u
        demangled.append(name if len(name) < 110 else name[:107] + "...")
    return demangled

def defined(image):
    out = set()
    for line in open(f"{build}/{image}.syms"):
        parts = line.rstrip("\n").split(" ", 2)
        if len(parts) == 3 and parts[1] not in ("U", "w", "v"):
            out.add(parts[2])
    return out

forbidden = {
    "exceptions": re.compile(r"^(__cxa_throw|__cxa_allocate_exception|__cxa_begin_catch|__cxa_rethrow|__gxx_personality_\w+|_Unwind_\w+|__aeabi_unwind_cpp_pr\d)$"),
    "locale": re.compile(r"(std::locale|std::__cxx11::.*locale|^setlocale$|^_setlocale_r$|^localeconv$|^_localeconv_r$|std::ctype<|std::numpunct<)"),
    "iostream": re.compile(r"(std::ios_base|std::basic_ios<|std::basic_ostream<|std::basic_istream<|std::cout|std::cerr|std::ostream|std::istream)"),
    "printf float formatting": re.compile(r"^(_printf_float|_dtoa_r|__dtoa|_scanf_float)$"),
    "printf family": re.compile(r"^(_vfprintf_r|_vfiprintf_r|_svfprintf_r|_svfiprintf_r|__ssputs_r|__sfputs_r|_printf_i|printf|fprintf|fiprintf|sprintf|siprintf|snprintf|sniprintf|vsnprintf)$"),
}
heap = re.compile(r"^(malloc|free|_malloc_r|_free_r|realloc|_realloc_r|calloc|operator new\(.*\)|operator delete\(.*\))$")

print()
print("Checks (symbols linked into the swcalls images, " + ", ".join(swcalls_images) + ", and absent from the empty image):")
empty_syms = defined("empty")
for what, rx in forbidden.items():
    bad = []
    for image in swcalls_images:
        hits = sorted(s for s in defined(image) - empty_syms if rx.search(s))
        if hits:
            bad.append(image)
            failed.append(f"{image}: {what}: {', '.join(hits)}")
    print(f"  {what + ':':<25} {'FOUND in ' + ', '.join(bad) if bad else 'none'}")
print("  heap (reported, not judged: linked is not called; see why below):")
for image in swcalls_images:
    heap_hits = sorted(s for s in defined(image) - empty_syms if heap.search(s))
    print(f"    {image:<10} {', '.join(heap_hits) if heap_hits else 'none'}")
if failed:
    print()
    print("FAILED:")
    for f in failed:
        print("  " + f)

print()
print("Why they are linked (archive members' chains in the link maps: member (for the symbol asked) <- who asked;")
print("the last name is the image's own object, and the functions in it that ask):")
explained = set()
for image in ("parser", "parser_double", "core"):
    if image not in images:
        continue
    for symbol in ("malloc", "operator new(unsigned int)", "fiprintf", "abort", "strerror",
                   "std::_V2::error_category::default_error_condition(int) const", "__aeabi_dmul", "__aeabi_uldivmod",
                   "gettimeofday", "__cxa_guard_acquire", "__aeabi_atexit"):
        if symbol in explained:
            continue
        got = chain(image, symbol)
        if got is None:
            continue
        explained.add(symbol)
        steps, users = got
        print(f"  {symbol} ({image} image): " + " <- ".join(steps))
        if users:
            print(f"      asked by: {'; '.join(users[:4])}{' ...' if len(users) > 4 else ''}")

# ---- targets ----
print()
print("Targets (issue 5; flash = .text + .data over the empty image, as built with the issue's flags, and with -DNDEBUG):")
def verdict(ok):
    return "met" if ok else "MISSED"
def flash(d, image):
    return d[image][0] + d[image][1]
if "parser" in delta:
    f, n = flash(delta, "parser"), flash(delta_ndebug, "parser")
    print(f"  parser <= 8 KiB: {f} bytes: {verdict(f <= 8192)} (-DNDEBUG: {n}: {verdict(n <= 8192)}); "
          f"stretch 4 KiB: {verdict(f <= 4096)} (-DNDEBUG: {verdict(n <= 4096)})")
if "parser_double" in delta:
    f, n = flash(delta, "parser_double"), flash(delta_ndebug, "parser_double")
    print(f"  parser, decimals read as double <= 8 KiB: {f} bytes: {verdict(f <= 8192)} (-DNDEBUG: {n}: {verdict(n <= 8192)})")
if "parser_few" in delta:
    f, n = flash(delta, "parser_few"), flash(delta_ndebug, "parser_few")
    print(f"  parser with 3 fields <= 8 KiB: {f} bytes: {verdict(f <= 8192)} (-DNDEBUG: {n}: {verdict(n <= 8192)})")
if "core" in delta:
    f, n = flash(delta, "core"), flash(delta_ndebug, "core")
    print(f"  whole core <= 16 KiB: {f} bytes: {verdict(f <= 16384)} (-DNDEBUG: {n}: {verdict(n <= 16384)})")
if "core_dates" in delta:
    f, n = flash(delta, "core_dates"), flash(delta_ndebug, "core_dates")
    print(f"  whole core reading Retry-After dates <= 16 KiB: {f} bytes: {verdict(f <= 16384)}"
          f" (-DNDEBUG: {n}: {verdict(n <= 16384)})")
ps = sizeofs("parser") if "parser" in images else {}
if "page_parser" in ps:
    print(f"  parser state <= 512 bytes beyond the caller's storage: sizeof(page_parser<lambda>) = {ps['page_parser']}"
          f" ({ps.get('page_parser_ptr', '?')} with a callback holding one pointer): {verdict(ps['page_parser'] <= 512)}")

if failed:
    print("\nfootprint: FAILED: the core links what it must not (see FAILED above)")
    sys.exit(1)
print("\nfootprint: checks passed")
PY
