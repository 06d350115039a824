// bench/bench_parser.cpp — how fast swcalls::page_parser turns "List all Calls" pages into call_views, and
// what it costs in memory, against simdjson (On Demand, DOM), RapidJSON (SAX, in situ, DOM), Boost.JSON and
// nlohmann::json doing the same work.
//
// "The same work" means: every modelled field of every call (the X-macro lists in detail/call_fields.hpp)
// ends up in a swcalls::call_view — strings unescaped, numbers converted (also from strings, as Twilio sends
// them), enums looked up with their raw text kept — and then one shared consumer touches every field
// (bench_record.hpp). Each peer lives in bench/peers/.
//
// Before anything is timed, every peer's calls are rendered to text and compared field by field with
// swcalls' (whole-page feed); every timed run then re-checks a per-field checksum. A disagreement exits
// non-zero and says which page, call and field, so nobody benchmarks wrong work.
//
// Memory: the global operator new/delete of this program are replaced (alloc_counter.hpp) to count
// allocations and live bytes. "Peak" is the highest number of heap bytes live while a freshly made peer
// parses one page (or N pages in a row), including the peer object itself (for swcalls: the parser and the
// caller's 4096-byte storage), excluding the input body, which every peer is given.
//
// Usage: bench_parser --help

#include "alloc_counter.hpp"  // first: defines this program's operator new/delete

#include <swcalls/swcalls.hpp>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

#include "bench_record.hpp"
#include "corpus.hpp"
#include "peers/peer.hpp"
#include "peers/swcalls_peer.hpp"
#ifdef BENCH_HAVE_SIMDJSON
#include "peers/simdjson_peer.hpp"
#endif
#ifdef BENCH_HAVE_RAPIDJSON
#include "peers/rapidjson_peer.hpp"
#endif
#ifdef BENCH_HAVE_BOOST_JSON
#include <boost/json/src.hpp>  // header-only Boost.JSON: its implementation, once, in this translation unit
#include "peers/boost_json_peer.hpp"
#endif
#ifdef BENCH_HAVE_NLOHMANN_JSON
#include "peers/nlohmann_peer.hpp"
#endif

#define BENCH_STRING2(x) #x
#define BENCH_STRING(x) BENCH_STRING2(x)

namespace {

using namespace bench;
using corpus_t = std::vector<std::string>;

const char* const name_ondemand = "simdjson On Demand (padded copy timed)";
const char* const name_rj_sax = "RapidJSON SAX, default flags";
const char* const name_sw_reference = "swcalls, whole page per feed()";

struct contender {
    std::string name;
    peer_factory make;
};

std::vector<contender> contenders() {
    std::vector<contender> c;
    c.push_back({name_sw_reference, [] { return std::unique_ptr<peer>(new swcalls_peer(0)); }});
    c.push_back({"swcalls, 16 KiB chunks", [] { return std::unique_ptr<peer>(new swcalls_peer(16384)); }});
    c.push_back({"swcalls, 1460-byte chunks", [] { return std::unique_ptr<peer>(new swcalls_peer(1460)); }});
    c.push_back({"swcalls, 64-byte chunks", [] { return std::unique_ptr<peer>(new swcalls_peer(64)); }});
#ifdef BENCH_HAVE_SIMDJSON
    c.push_back({name_ondemand, simdjson_ondemand_peer::make});
    c.push_back({"simdjson DOM (padded copy timed)", simdjson_dom_peer::make});
#else
    std::printf("skipped: simdjson On Demand and DOM (simdjson not found at configure time: libsimdjson-dev)\n");
#endif
#ifdef BENCH_HAVE_RAPIDJSON
    c.push_back({name_rj_sax, rapidjson_sax_peer<rapidjson::kParseDefaultFlags>::make});
    c.push_back({"RapidJSON SAX, UTF-8 validated", rapidjson_sax_peer<rapidjson::kParseValidateEncodingFlag>::make});
    c.push_back({"RapidJSON SAX, in situ (copy timed)", rapidjson_sax_peer<rapidjson::kParseInsituFlag>::make});
    c.push_back({"RapidJSON DOM, in situ (copy timed)", rapidjson_dom_peer::make});
#else
    std::printf("skipped: RapidJSON SAX and DOM (RapidJSON not found at configure time: rapidjson-dev)\n");
#endif
#ifdef BENCH_HAVE_BOOST_JSON
    c.push_back({"Boost.JSON " BOOST_LIB_VERSION " (parser + monotonic_resource)", boost_json_peer::make});
#else
    std::printf("skipped: Boost.JSON (no boost/json.hpp at configure time; bench/run.sh --with-boost-json fetches it)\n");
#endif
#ifdef BENCH_HAVE_NLOHMANN_JSON
    c.push_back({"nlohmann::json " + std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                     std::to_string(NLOHMANN_JSON_VERSION_MINOR) + " (DOM)",
                 nlohmann_peer::make});
#else
    std::printf("skipped: nlohmann::json (not found at configure time: nlohmann-json3-dev)\n");
#endif
    return c;
}

// ---------------------------------------------------------------------------------------------------------
// Verification (untimed): every field of every call, two peers, compared as text.

struct rendered {
    std::vector<std::string> calls;
    std::vector<std::string> pages;
    digest d;
};

// The first line where two renders differ, as "field: a | b".
std::string first_difference(const std::string& a, const std::string& b) {
    std::size_t pa = 0, pb = 0;
    while (pa < a.size() || pb < b.size()) {
        std::size_t ea = a.find('\n', pa), eb = b.find('\n', pb);
        if (ea == std::string::npos) ea = a.size();
        if (eb == std::string::npos) eb = b.size();
        std::string la = a.substr(pa, ea - pa), lb = b.substr(pb, eb - pb);
        if (la != lb) return la + "\n      vs " + lb;
        pa = ea + 1;
        pb = eb + 1;
    }
    return "(identical)";
}

bool compare(const char* name_a, const rendered& a, const char* name_b, const rendered& b, int calls_per_page) {
    bool ok = true;
    if (a.calls.size() != b.calls.size()) {
        std::fprintf(stderr, "MISMATCH: %s delivered %zu calls, %s %zu\n", name_a, a.calls.size(), name_b, b.calls.size());
        ok = false;
    }
    std::size_t shown = 0, differing = 0;
    for (std::size_t i = 0; i < std::min(a.calls.size(), b.calls.size()); ++i) {
        if (a.calls[i] == b.calls[i]) continue;
        ++differing;
        if (shown++ < 5)
            std::fprintf(stderr, "MISMATCH page %zu call %zu:\n      %s: %s\n", i / calls_per_page, i % calls_per_page,
                         name_a, (first_difference(a.calls[i], b.calls[i]) + "   <- " + name_b).c_str());
    }
    for (std::size_t i = 0; i < std::min(a.pages.size(), b.pages.size()); ++i)
        if (a.pages[i] != b.pages[i]) {
            std::fprintf(stderr, "MISMATCH page %zu fields:\n      %s: %s   <- %s\n", i, name_a,
                         first_difference(a.pages[i], b.pages[i]).c_str(), name_b);
            ok = false;
        }
    if (differing) {
        std::fprintf(stderr, "MISMATCH: %zu calls differ between %s and %s\n", differing, name_a, name_b);
        ok = false;
    }
    if (!a.d.same_as(b.d)) {
        std::fprintf(stderr, "MISMATCH: checksums differ (%s vs %s):\n", name_a, name_b);
        a.d.print_differences(name_a, b.d, name_b);
        ok = false;
    }
    return ok;
}

// Every call of every page through one peer, rendered.
bool collect(peer& p, const corpus_t& pages, rendered& out, const char* name) {
    call_observer observe = [&](const std::string& rendered) { out.calls.push_back(rendered); };
    p.observer = &observe;
    p.page_renders = &out.pages;
    for (std::size_t i = 0; i < pages.size(); ++i)
        if (!p.parse(pages[i], out.d)) {
            std::fprintf(stderr, "%s failed on page %zu\n", name, i);
            p.observer = nullptr;
            p.page_renders = nullptr;
            return false;
        }
    p.observer = nullptr;
    p.page_renders = nullptr;
    return true;
}

// ---------------------------------------------------------------------------------------------------------
// Timing and memory.

struct row {
    std::string name;
    peer_factory make;
    std::unique_ptr<peer> instance;  // the one timed: made once, used for every page of every round
    double seconds = 1e300;          // best run
    double median = 0;
    double steady_allocations = 0;   // per page, in a warmed-up peer
    std::int64_t peak_one = 0;       // a fresh peer, the first page
    std::int64_t peak_many = 0;      // a fresh peer, `many` pages in a row
    std::uint64_t allocations_one = 0;
};

// Not inlined, so that a profiler can collect just the timed work: valgrind --toggle-collect='*run_all*'.
[[gnu::noinline]] bool run_all(peer& p, const corpus_t& pages, digest& d) {
    for (const std::string& body : pages)
        if (!p.parse(body, d)) return false;
    return true;
}

// One untimed warm-up round, then `runs` timed rounds; each round runs every peer once over the whole corpus,
// interleaved so that a change in machine load hits all of them alike. The best time wins. Every run's
// checksum must equal the verified reference.
bool measure(std::vector<row>& rows, const corpus_t& pages, int runs, const digest& reference) {
    std::vector<std::vector<double>> times(rows.size());
    for (int r = -1; r < runs; ++r) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            row& v = rows[i];
            digest d;
            auto t0 = std::chrono::steady_clock::now();
            bool ok = run_all(*v.instance, pages, d);
            auto t1 = std::chrono::steady_clock::now();
            if (!ok) return false;
            if (!d.same_as(reference)) {
                std::fprintf(stderr, "MISMATCH: %s: run %d's checksum differs from the verified reference:\n", v.name.c_str(), r);
                d.print_differences(v.name.c_str(), reference, "reference");
                return false;
            }
            if (r >= 0) times[i].push_back(std::chrono::duration<double>(t1 - t0).count());
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::sort(times[i].begin(), times[i].end());
        rows[i].seconds = times[i].front();
        rows[i].median = times[i][times[i].size() / 2];
    }
    return true;
}

// Untimed: allocations per page of the warmed-up peer; peak heap of a fresh peer over one page and over `many`.
bool measure_memory(row& r, const corpus_t& pages, std::size_t many) {
    {
        digest d;
        heap::probe probe;
        if (!run_all(*r.instance, pages, d)) return false;
        r.steady_allocations = static_cast<double>(probe.allocations()) / static_cast<double>(pages.size());
    }
    {
        digest d;
        heap::probe probe;
        std::unique_ptr<peer> fresh = r.make();
        if (!fresh->parse(pages[0], d)) return false;
        r.peak_one = probe.peak_bytes();
        r.allocations_one = probe.allocations();
    }
    {
        digest d;
        heap::probe probe;
        std::unique_ptr<peer> fresh = r.make();
        for (std::size_t i = 0; i < many; ++i)
            if (!fresh->parse(pages[i], d)) return false;
        r.peak_many = probe.peak_bytes();
    }
    return true;
}

std::string kib(std::int64_t bytes) {
    char buf[32];
    if (bytes < 10 * 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024);
    else if (bytes < 10 * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.0f KiB", static_cast<double>(bytes) / 1024);
    else std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024));
    return buf;
}

void print_table(const std::string& title, const std::vector<row>& rows, std::size_t bytes, std::uint64_t calls,
                 std::size_t many, bool memory, bool markdown) {
    double ondemand = 0, sax = 0;
    for (const row& r : rows) {
        if (r.name == name_ondemand) ondemand = r.seconds;
        if (r.name == name_rj_sax) sax = r.seconds;
    }
    auto ratio = [](double base, double s) {
        char buf[16];
        if (base > 0) std::snprintf(buf, sizeof buf, "%.2fx", base / s);
        else std::snprintf(buf, sizeof buf, "-");
        return std::string(buf);
    };
    const std::string many_label = "peak, " + std::to_string(many) + " pages";
    std::printf("\n%s\n", title.c_str());
    if (markdown) {
        std::printf("| parser | MB/s | calls/s | vs simdjson OD | vs RJ SAX |%s\n",
                    memory ? (" allocs/page | peak, 1 page | " + many_label + " |").c_str() : "");
        std::printf("|---|---:|---:|---:|---:|%s\n", memory ? "---:|---:|---:|" : "");
    } else {
        std::printf("  %-50s %8s %11s %8s %8s %10s", "parser", "MB/s", "calls/s", "vs OD", "vs SAX", "med MB/s");
        if (memory) std::printf(" %12s %12s %14s", "allocs/page", "peak 1 page", many_label.c_str());
        std::printf("\n");
    }
    for (const row& r : rows) {
        double mbps = static_cast<double>(bytes) / 1e6 / r.seconds;
        double cps = static_cast<double>(calls) / r.seconds;
        char allocs[32];
        std::snprintf(allocs, sizeof allocs, r.steady_allocations < 10 ? "%.1f" : "%.0f", r.steady_allocations);
        if (markdown) {
            std::printf("| %s | %.0f | %.0f | %s | %s |", r.name.c_str(), mbps, cps, ratio(ondemand, r.seconds).c_str(),
                        ratio(sax, r.seconds).c_str());
            if (memory) std::printf(" %s | %s | %s |", allocs, kib(r.peak_one).c_str(), kib(r.peak_many).c_str());
        } else {
            std::printf("  %-50s %8.1f %11.0f %8s %8s %10.1f", r.name.c_str(), mbps, cps, ratio(ondemand, r.seconds).c_str(),
                        ratio(sax, r.seconds).c_str(), static_cast<double>(bytes) / 1e6 / r.median);
            if (memory) std::printf(" %12s %12s %14s", allocs, kib(r.peak_one).c_str(), kib(r.peak_many).c_str());
        }
        std::printf("\n");
    }
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            auto colon = line.find(':');
            if (colon != std::string::npos) return line.substr(colon + 2);
        }
    return "unknown";
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    if (!(in >> one >> five >> fifteen)) return "unknown";
    return one + " " + five + " " + fifteen;
}

long processors() {
#if defined(_SC_NPROCESSORS_ONLN)
    return sysconf(_SC_NPROCESSORS_ONLN);
#else
    return -1;
#endif
}


struct options {
    int runs = 5;
    std::vector<int> sizes{50, 1000};
    long calls_total = 20000;
    int pages = 0;  // 0: calls_total / size
    bool compact = true, pretty = true;
    bool half = false;  // one corpus, half its pages pretty-printed
    bool memory = true;
    bool markdown = false;
    std::size_t many = 100;
    std::vector<std::string> filters;
    std::string dump;
    long render_page = -1;
    bench::corpus_options corpus = [] {
        bench::corpus_options c;
        c.shape = corpus_shape::mixed;
        return c;
    }();
};

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t comma = s.find(',', start);
        if (comma == std::string::npos) comma = s.size();
        if (comma > start) out.push_back(s.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

void usage(const char* argv0) {
    std::fprintf(stderr,
                 "usage: %s [options]\n"
                 "  --runs N             timed rounds per corpus (best and median reported; default 5)\n"
                 "  --sizes A,B          calls per page, one corpus each (default 50,1000); --calls N: one size\n"
                 "  --calls-total N      calls per corpus (default 20000): pages = N / size\n"
                 "  --pages N            pages per corpus instead\n"
                 "  --shape S            signalwire, twilio or mixed (default: mixed, pages alternate)\n"
                 "  --format F           compact, pretty, both (default: one table each) or half (one corpus, pages\n"
                 "                       2, 3, 6, 7, ... pretty-printed); --no-pretty = compact\n"
                 "  --peers A,B          only peers whose name contains one of these (swcalls is always verified)\n"
                 "  --many N             the 'N pages in a row' memory figure (default 100, at most the corpus)\n"
                 "  --no-memory          skip the allocation and peak-memory columns\n"
                 "  --markdown           print the tables as Markdown\n"
                 "  --seed N             corpus seed\n"
                 "  --dump DIR           write the corpus as DIR/page-SIZE-NN[.pretty].json and exit\n"
                 "  --render P           print every field of every call of compact page P as swcalls saw it, and exit\n",
                 argv0);
}

bool parse_args(int argc, char** argv, options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](long long& out) {
            if (i + 1 >= argc) return false;
            char* end = nullptr;
            out = std::strtoll(argv[++i], &end, 0);
            return *end == 0;
        };
        auto text = [&](std::string& out) {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        long long v = 0;
        std::string t;
        if (a == "--runs" && value(v) && v > 0) o.runs = static_cast<int>(v);
        else if (a == "--calls" && value(v) && v > 0) o.sizes = {static_cast<int>(v)};
        else if (a == "--sizes" && text(t)) {
            o.sizes.clear();
            for (const std::string& s : split(t)) o.sizes.push_back(std::atoi(s.c_str()));
            if (o.sizes.empty() || std::count_if(o.sizes.begin(), o.sizes.end(), [](int n) { return n <= 0; })) return usage(argv[0]), false;
        }
        else if (a == "--calls-total" && value(v) && v > 0) o.calls_total = static_cast<long>(v);
        else if (a == "--pages" && value(v) && v > 0) o.pages = static_cast<int>(v);
        else if (a == "--shape" && text(t) && (t == "signalwire" || t == "twilio" || t == "mixed"))
            o.corpus.shape = t == "signalwire" ? corpus_shape::signalwire : t == "twilio" ? corpus_shape::twilio : corpus_shape::mixed;
        else if (a == "--format" && text(t) && (t == "compact" || t == "pretty" || t == "both" || t == "half")) {
            o.half = t == "half";
            o.compact = !o.half && t != "pretty";
            o.pretty = !o.half && t != "compact";
        }
        else if (a == "--no-pretty") { o.compact = true; o.pretty = false; }
        else if (a == "--peers" && text(t)) o.filters = split(t);
        else if (a == "--many" && value(v) && v > 0) o.many = static_cast<std::size_t>(v);
        else if (a == "--no-memory") o.memory = false;
        else if (a == "--markdown") o.markdown = true;
        else if (a == "--seed" && value(v)) o.corpus.seed = static_cast<std::uint64_t>(v);
        else if (a == "--dump" && i + 1 < argc) o.dump = argv[++i];
        else if (a == "--render" && value(v) && v >= 0) o.render_page = static_cast<long>(v);
        else { usage(argv[0]); return false; }
    }
    return true;
}

bool wanted(const options& o, const std::string& name) {
    if (o.filters.empty()) return true;
    for (const std::string& f : o.filters)
        if (name.find(f) != std::string::npos) return true;
    return false;
}

// Verify every peer against swcalls, then time them, then probe their memory. False on any error or disagreement.
bool bench_corpus(const std::string& title, const corpus_t& pages, int calls_per_page, const options& o,
                  const std::vector<contender>& all) {
    std::size_t bytes = 0;
    for (const auto& p : pages) bytes += p.size();
    std::printf("\n== %s: %zu pages x %d calls, %zu bytes (%.1f MB)\n", title.c_str(), pages.size(), calls_per_page,
                bytes, static_cast<double>(bytes) / 1e6);

    // --- verification, untimed: the reference is swcalls fed whole pages
    rendered reference;
    {
        std::unique_ptr<peer> sw = all.front().make();
        if (!collect(*sw, pages, reference, all.front().name.c_str())) return false;
    }
    const std::size_t expected_calls = pages.size() * static_cast<std::size_t>(calls_per_page);
    if (reference.calls.size() != expected_calls) {
        std::fprintf(stderr, "bench bug: swcalls saw %zu calls, the corpus has %zu\n", reference.calls.size(), expected_calls);
        return false;
    }
    std::vector<row> rows;
    bool ok = true;
    for (const contender& c : all) {
        if (!wanted(o, c.name)) continue;
        row r;
        r.name = c.name;
        r.make = c.make;
        r.instance = c.make();
        if (&c != &all.front()) {
            rendered mine;
            if (!collect(*r.instance, pages, mine, c.name.c_str())) return false;
            if (!compare(c.name.c_str(), mine, name_sw_reference, reference, calls_per_page)) { ok = false; continue; }
        }
        rows.push_back(std::move(r));
    }
    if (!ok) return false;
    std::printf("verified: %zu peers, %zu calls and %zu pages each, every field equal to swcalls' (checksum %016" PRIx64
                "); every timed run re-checks that checksum\n",
                rows.size(), reference.calls.size(), reference.pages.size(), reference.d.total());

    // --- timing
    if (!measure(rows, pages, o.runs, reference.d)) return false;

    // --- memory, untimed
    const std::size_t many = std::min(o.many, pages.size());
    if (o.memory)
        for (row& r : rows)
            if (!measure_memory(r, pages, many)) return false;

    print_table(title, rows, bytes, reference.calls.size(), many, o.memory, o.markdown);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    if (!parse_args(argc, argv, o)) return 1;

    auto corpus_for = [&](int size, bool pretty) {
        bench::corpus_options c = o.corpus;
        c.calls_per_page = size;
        c.pages = o.pages ? o.pages : static_cast<int>(std::max(1L, o.calls_total / size));
        c.pretty = pretty;
        return bench::make_corpus(c);
    };

    if (!o.dump.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(o.dump, ec);
        for (int size : o.sizes)
            for (bool pretty : {false, true}) {
                corpus_t pages = corpus_for(size, pretty);
                for (std::size_t p = 0; p < pages.size(); ++p) {
                    char name[64];
                    std::snprintf(name, sizeof name, "/page-%d-%02zu%s.json", size, p, pretty ? ".pretty" : "");
                    std::ofstream out(o.dump + name, std::ios::binary);
                    if (!(out << pages[p])) {
                        std::fprintf(stderr, "cannot write %s%s\n", o.dump.c_str(), name);
                        return 1;
                    }
                }
            }
        std::printf("wrote the corpus (compact and pretty) to %s\n", o.dump.c_str());
        return 0;
    }

    if (o.render_page >= 0) {
        corpus_t all = corpus_for(o.sizes.front(), false);
        if (o.render_page >= static_cast<long>(all.size())) { std::fprintf(stderr, "no page %ld\n", o.render_page); return 1; }
        swcalls_peer sw(0);
        rendered out;
        if (!collect(sw, corpus_t{all[static_cast<std::size_t>(o.render_page)]}, out, "swcalls")) return 2;
        for (const std::string& c : out.calls) std::printf("%s---\n", c.c_str());
        std::printf("%s", out.pages.at(0).c_str());
        return 0;
    }

    std::printf("bench_parser: swcalls %s", SWCALLS_VERSION_STRING);
#ifdef BENCH_HAVE_SIMDJSON
    std::printf(", simdjson %d.%d.%d (DOM: %s kernel, chosen at run time; On Demand: %s kernel, fixed at compile time)",
                simdjson::SIMDJSON_VERSION_MAJOR, simdjson::SIMDJSON_VERSION_MINOR, simdjson::SIMDJSON_VERSION_REVISION,
                simdjson::get_active_implementation()->name().c_str(), BENCH_STRING(SIMDJSON_BUILTIN_IMPLEMENTATION));
#endif
#ifdef BENCH_HAVE_RAPIDJSON
    std::printf(", RapidJSON %s", RAPIDJSON_VERSION_STRING);
#endif
    std::printf("\nmachine: %ld processors online, %s; load average %s\n", processors(), cpu_model().c_str(),
                load_average().c_str());
#if defined(__clang__)
    std::printf("compiler: clang++ %d.%d.%d", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
    std::printf("compiler: g++ %s", __VERSION__);
#else
    std::printf("compiler: unknown");
#endif
#if defined(__OPTIMIZE__)
    std::printf(", optimized");
#else
    std::printf(", NOT optimized");
#endif
#if defined(NDEBUG)
    std::printf(", NDEBUG\n");
#else
    std::printf(", assertions ON\n");
#endif
    std::printf("method: best of %d rounds (after one warm-up round), each peer once per round over the whole corpus,\n"
                "        interleaved; MB = 10^6 bytes; every peer extracts every modelled field of every call into a\n"
                "        call_view and feeds one shared consumer that touches every field; corpus: %s shape\n"
                "memory: heap allocations per page (warmed-up peer); peak = highest heap bytes live while a fresh peer\n"
                "        parses 1 page / N pages in a row, counting the peer itself (swcalls: its %zu-byte parser + the\n"
                "        caller's 4096-byte storage) and its copies (simdjson's padded copy, in-situ copies), not the\n"
                "        input body\n",
                o.runs, shape_name(o.corpus.shape), swcalls_peer::parser_size());

    const std::vector<contender> all = contenders();
    for (int size : o.sizes)
        if (o.half) {
            corpus_t compact = corpus_for(size, false), pretty = corpus_for(size, true);
            // Pretty-printed: pages 2, 3, 6, 7, ...: with the mixed shape, each shape is half pretty-printed too.
            for (std::size_t i = 0; i < compact.size(); ++i)
                if (i / 2 % 2 == 1) compact[i] = std::move(pretty[i]);
            std::string title = std::to_string(size) + "-call pages, half compact, half pretty-printed";
            if (!bench_corpus(title, compact, size, o, all)) return 2;
        }
    for (int size : o.sizes)
        for (bool pretty : {false, true}) {
            if (pretty ? !o.pretty : !o.compact) continue;
            std::string title = std::to_string(size) + "-call pages, " + (pretty ? "pretty-printed (2-space indent)" : "compact");
            if (!bench_corpus(title, corpus_for(size, pretty), size, o, all)) return 2;
        }
    return 0;
}
