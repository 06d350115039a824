// libFuzzer target for swcalls/number.hpp and swcalls/date.hpp. Build/run: see tests/fuzz/README.md.
//
// The whole input is the text handed to every parser:
//   parse_decimal: accepts exactly the JSON number texts (own grammar check below) whose value is finite, and
//                  then agrees bit for bit with std::strtod (glibc rounds correctly, "C" locale);
//   decimal:       from_text accepts exactly what parse_decimal does, value() is the same double, and
//                  to_scaled's integers are exact (back to that double when below 2^53; ×10 per digit);
//   parse_integer: accepts exactly the JSON integers that fit in int64, and agrees with std::strtoll;
//   parse_date / parse_rfc2822 / parse_iso8601: never crash; leave the output alone on failure; parse_date is
//                  the ISO or the RFC parser as looks_like_iso8601 says; weekday_check::verify accepts only
//                  what ignore accepts, with the same result; a result in years 0..9999 formatted with
//                  format_rfc2822 parses back to the same second (and format_iso_date to its day).
// The first 8 input bytes are also used as an int64 count of seconds for the formatters, which are compared
// with gmtime_r + strftime.
#include <swcalls/date.hpp>
#include <swcalls/decimal.hpp>
#include <swcalls/number.hpp>

#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>

#define FUZZ_CHECK(x)                \
    do {                             \
        if (!(x)) __builtin_trap();  \
    } while (0)

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// JSON (RFC 8259) number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
bool json_number(std::string_view s, bool& is_integer) {
    std::size_t i = 0, n = s.size();
    is_integer = true;
    if (i < n && s[i] == '-') ++i;
    if (i == n) return false;
    if (s[i] == '0') {
        ++i;
    } else if (s[i] >= '1' && s[i] <= '9') {
        while (i < n && is_digit(s[i])) ++i;
    } else {
        return false;
    }
    if (i < n && s[i] == '.') {
        is_integer = false;
        ++i;
        if (i == n || !is_digit(s[i])) return false;
        while (i < n && is_digit(s[i])) ++i;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        is_integer = false;
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
        if (i == n || !is_digit(s[i])) return false;
        while (i < n && is_digit(s[i])) ++i;
    }
    return i == n;
}

void check_numbers(std::string_view text) {
    bool is_integer = false;
    const bool grammar = json_number(text, is_integer);

    double value = 12345.0;
    const bool accepted = swcalls::parse_decimal(text, value);
    if (!grammar) {
        FUZZ_CHECK(!accepted);
        FUZZ_CHECK(value == 12345.0);
    } else {
        std::string copy(text);
        char* end = nullptr;
        const double expected = std::strtod(copy.c_str(), &end);
        FUZZ_CHECK(end == copy.c_str() + copy.size());
        if (std::isinf(expected)) {
            FUZZ_CHECK(!accepted);  // overflow is refused
        } else {
            FUZZ_CHECK(accepted);   // every finite JSON number is accepted ...
            FUZZ_CHECK(std::memcmp(&value, &expected, sizeof value) == 0);  // ... and correctly rounded
        }
    }

    // swcalls::decimal, as call_view holds price: takes what parse_decimal accepts, converts to the same
    // double, and to_scaled gives exact integers (back to that double when small enough, ×10 per digit).
    swcalls::decimal d;
    const bool taken = swcalls::decimal::from_text(text, d);
    FUZZ_CHECK(taken == accepted);
    if (taken) {
        const double v = d.value();
        FUZZ_CHECK(std::memcmp(&v, &value, sizeof v) == 0);
        FUZZ_CHECK(d.text() == text);
        constexpr double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                     1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19};
        for (unsigned k = 0; k < 20; ++k) {
            std::int64_t scaled = 0;
            if (!d.to_scaled(k, scaled)) continue;
            constexpr std::int64_t exact_limit = std::int64_t(1) << 53;
            if (scaled > -exact_limit && scaled < exact_limit) FUZZ_CHECK(static_cast<double>(scaled) / powers[k] == value);
            std::int64_t finer = 0;
            if (k + 1 < 20 && d.to_scaled(k + 1, finer)) FUZZ_CHECK(finer % 10 == 0 && finer / 10 == scaled);
        }
    }

    std::int64_t integer = 777;
    const bool int_accepted = swcalls::parse_integer(text, integer);
    if (!grammar || !is_integer) {
        FUZZ_CHECK(!int_accepted);
        FUZZ_CHECK(integer == 777);
    } else {
        std::string copy(text);
        errno = 0;
        char* end = nullptr;
        const long long expected = std::strtoll(copy.c_str(), &end, 10);
        FUZZ_CHECK(end == copy.c_str() + copy.size());
        if (errno == ERANGE) {
            FUZZ_CHECK(!int_accepted);
        } else {
            FUZZ_CHECK(int_accepted);
            FUZZ_CHECK(integer == expected);
        }
    }
}

constexpr swcalls::utc_timestamp sentinel{1234567, 89};

bool in_formattable_range(std::int64_t s) {
    return s >= -62167219200LL && s <= 253402300799LL;  // 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z
}

// format_rfc2822 and format_iso_date of `seconds`, checked against gmtime_r + strftime.
void check_formatters(std::int64_t seconds) {
    char rfc[40], iso[20];
    std::memset(rfc, '#', sizeof rfc);
    std::memset(iso, '#', sizeof iso);
    const swcalls::utc_timestamp t{seconds, 0};
    const std::size_t rfc_n = swcalls::format_rfc2822(t, rfc, sizeof rfc);
    const std::size_t iso_n = swcalls::format_iso_date(t, iso, sizeof iso);
    FUZZ_CHECK(rfc[swcalls::rfc2822_length] == '#');  // nothing past what it says it wrote
    FUZZ_CHECK(iso[swcalls::iso_date_length] == '#');
    // Too small a buffer: nothing written.
    char small[28];
    std::memset(small, '#', sizeof small);
    FUZZ_CHECK(swcalls::format_rfc2822(t, small, sizeof small) == 0);
    FUZZ_CHECK(swcalls::format_iso_date(t, small, 9) == 0);
    for (char c : small) FUZZ_CHECK(c == '#');
    if (!in_formattable_range(seconds)) {
        FUZZ_CHECK(rfc_n == 0 && iso_n == 0);
        FUZZ_CHECK(rfc[0] == '#' && iso[0] == '#');
        return;
    }
    FUZZ_CHECK(rfc_n == swcalls::rfc2822_length && iso_n == swcalls::iso_date_length);

    std::tm tm{};
    const std::time_t tt = static_cast<std::time_t>(seconds);
    FUZZ_CHECK(gmtime_r(&tt, &tm) != nullptr);
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char expected[64];
    std::snprintf(expected, sizeof expected, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    FUZZ_CHECK(std::string_view(rfc, rfc_n) == expected);
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    FUZZ_CHECK(std::string_view(iso, iso_n) == expected);

    // The three HTTP-date forms (RFC 9110 5.6.7) of the same second: IMF-fixdate is this very text; RFC 850
    // (two-digit year, read in 1950..2049) and asctime are written here from gmtime_r.
    swcalls::utc_timestamp http = sentinel;
    FUZZ_CHECK(!swcalls::parse_http_date(std::string_view(rfc, rfc_n), http));
    FUZZ_CHECK(http.seconds == seconds && http.nanoseconds == 0);
    static const char* const day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    const int year = tm.tm_year + 1900;
    if (year >= 1950 && year <= 2049) {
        std::snprintf(expected, sizeof expected, "%s, %02d-%s-%02d %02d:%02d:%02d GMT", day_names[tm.tm_wday],
                      tm.tm_mday, months[tm.tm_mon], year % 100, tm.tm_hour, tm.tm_min, tm.tm_sec);
        http = sentinel;
        FUZZ_CHECK(!swcalls::parse_http_date(expected, http));
        FUZZ_CHECK(http.seconds == seconds && http.nanoseconds == 0);
    }
    std::snprintf(expected, sizeof expected, "%s %s %2d %02d:%02d:%02d %04d", days[tm.tm_wday], months[tm.tm_mon],
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, year);
    http = sentinel;
    FUZZ_CHECK(!swcalls::parse_http_date(expected, http));
    FUZZ_CHECK(http.seconds == seconds && http.nanoseconds == 0);

    // And back.
    swcalls::utc_timestamp back = sentinel;
    FUZZ_CHECK(!swcalls::parse_rfc2822(std::string_view(rfc, rfc_n), back, swcalls::weekday_check::verify));
    FUZZ_CHECK(back.seconds == seconds && back.nanoseconds == 0);
    back = sentinel;
    FUZZ_CHECK(!swcalls::parse_date(std::string_view(rfc, rfc_n), back));
    FUZZ_CHECK(back.seconds == seconds && back.nanoseconds == 0);
    back = sentinel;
    FUZZ_CHECK(!swcalls::parse_iso8601(std::string_view(iso, iso_n), back));
    const std::int64_t day_start = seconds - (((seconds % 86400) + 86400) % 86400);
    FUZZ_CHECK(back.seconds == day_start && back.nanoseconds == 0);
    back = sentinel;
    FUZZ_CHECK(!swcalls::parse_date(std::string_view(iso, iso_n), back));
    FUZZ_CHECK(back.seconds == day_start);
}

void check_dates(std::string_view text) {
    using swcalls::utc_timestamp;
    using swcalls::weekday_check;
    utc_timestamp rfc_ignore = sentinel, rfc_verify = sentinel, iso = sentinel, any = sentinel,
                  any_verify = sentinel;
    const bool rfc_ok = !swcalls::parse_rfc2822(text, rfc_ignore, weekday_check::ignore);
    const bool rfc_verify_ok = !swcalls::parse_rfc2822(text, rfc_verify, weekday_check::verify);
    const bool iso_ok = !swcalls::parse_iso8601(text, iso);
    const std::error_code any_ec = swcalls::parse_date(text, any);
    const bool any_ok = !any_ec;
    const bool any_verify_ok = !swcalls::parse_date(text, any_verify, weekday_check::verify);
    if (!any_ok) FUZZ_CHECK(any_ec == make_error_code(swcalls::errc::invalid_date));

    // Failure leaves the output alone.
    if (!rfc_ok) FUZZ_CHECK(rfc_ignore == sentinel);
    if (!rfc_verify_ok) FUZZ_CHECK(rfc_verify == sentinel);
    if (!iso_ok) FUZZ_CHECK(iso == sentinel);
    if (!any_ok) FUZZ_CHECK(any == sentinel);
    if (!any_verify_ok) FUZZ_CHECK(any_verify == sentinel);

    // verify is ignore plus a check.
    if (rfc_verify_ok) FUZZ_CHECK(rfc_ok && rfc_verify == rfc_ignore);
    if (any_verify_ok) FUZZ_CHECK(any_ok && any_verify == any);

    // parse_date dispatches on the look of the text.
    if (swcalls::detail::looks_like_iso8601(text)) {
        FUZZ_CHECK(any_ok == iso_ok);
        if (iso_ok) FUZZ_CHECK(any == iso);
        FUZZ_CHECK(!rfc_ok);  // an RFC 2822 date never starts with four digits and '-'
    } else {
        FUZZ_CHECK(any_ok == rfc_ok);
        if (rfc_ok) FUZZ_CHECK(any == rfc_ignore);
        FUZZ_CHECK(!iso_ok);
    }

    // HTTP dates: failure leaves the output alone; a date read is whole seconds and reads back the same
    // from its IMF-fixdate.
    utc_timestamp http = sentinel;
    const std::error_code http_ec = swcalls::parse_http_date(text, http);
    if (http_ec) {
        FUZZ_CHECK(http_ec == make_error_code(swcalls::errc::invalid_date));
        FUZZ_CHECK(http == sentinel);
    } else {
        FUZZ_CHECK(http.nanoseconds == 0);
        if (in_formattable_range(http.seconds)) {
            char buffer[swcalls::rfc2822_length];
            const std::size_t n = swcalls::format_rfc2822(http, buffer, sizeof buffer);
            utc_timestamp back = sentinel;
            FUZZ_CHECK(!swcalls::parse_http_date(std::string_view(buffer, n), back));
            FUZZ_CHECK(back == http);
        }
    }

    for (const utc_timestamp* t : {&rfc_ignore, &iso}) {
        if (*t == sentinel) continue;
        FUZZ_CHECK(t->nanoseconds < 1000000000u);
        if (!in_formattable_range(t->seconds)) continue;
        char buffer[swcalls::rfc2822_length];
        const std::size_t n = swcalls::format_rfc2822(*t, buffer, sizeof buffer);
        FUZZ_CHECK(n == swcalls::rfc2822_length);
        utc_timestamp back = sentinel;
        FUZZ_CHECK(!swcalls::parse_rfc2822(std::string_view(buffer, n), back, weekday_check::verify));
        FUZZ_CHECK(back.seconds == t->seconds);
        FUZZ_CHECK(back.nanoseconds == 0);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_numbers(text);
    check_dates(text);
    if (size >= 8) {
        std::int64_t seconds;
        std::memcpy(&seconds, data, 8);
        check_formatters(seconds);
        // Seconds near the formattable range's edges and within it, from the same bytes.
        const std::int64_t span = 253402300799LL + 62167219200LL + 1;
        check_formatters(-62167219200LL + static_cast<std::int64_t>(static_cast<std::uint64_t>(seconds) % span));
    }
    return 0;
}
