// swcalls/curl.hpp — a libcurl transport for swcalls::list_calls: swcalls::curl::transport.
//
//   swcalls::curl::transport transport(endpoint, options);   // options: timeouts, CA file (transport_options)
//   swcalls::list_result r = swcalls::list_calls(transport, endpoint, query, list_options, on_call, sleep);
//   if (r.ec) std::cerr << r.ec.message() << ": " << transport.error_detail() << '\n';
//
// libcurl speaks HTTP itself, so the adapter translates in both directions:
//   - Request: the driver's head ("GET <target> HTTP/1.1", header lines, blank line) is read back; the URL is
//     scheme://host[:port]<target> from the endpoint, and every header except Host goes to curl as given
//     (curl writes Host from the URL, and adds none of its own: its "Accept: */*" is suppressed). A head of
//     any other shape is refused with errc::transport_setup_failed, before anything is sent.
//   - Response: curl's decoded response is written again as HTTP/1.1 for the core's decoder: the final
//     status line (1xx responses skipped), the Retry-After, Content-Type and Content-Encoding lines as
//     received, then the body in chunked framing, one chunk per curl write callback (curl's buffer is handed
//     on, not copied). The last chunk is only written once curl reports the transfer complete, so a cut
//     transfer never looks like a whole response. A body the server delimited by closing the connection is
//     passed on as such (no framing) so the driver judges it exactly as it does behind a raw socket.
//
// Connections: one easy handle, created by the first exchange and reused, driven through a multi handle of
// the transport's own, which holds curl's connection cache: the connection stays open between pages while
// the server keeps it alive (curl retries a request once on a fresh connection when a kept-alive one turns
// out dead). close() destroys the multi handle, which closes the connection; the next exchange makes a new
// one. The multi interface is used, rather than curl_easy_perform, to enforce io_timeout to the
// millisecond: the wait for the next event never outlasts it. The io clock starts when curl has a
// connection (CURLOPT_PREREQFUNCTION, curl 7.80) and restarts whenever curl's socket has something to
// read (or room to write) and with every header line or body piece curl hands over, so a slow connect
// counts against connect_timeout only (CURLOPT_CONNECTTIMEOUT_MS: resolve, TCP and TLS). A zero or negative
// io_timeout sets no io limit; a zero connect_timeout leaves curl's default (300 s).
//
// Security: redirects are never followed, only http and https are spoken, curl's verbose mode stays off
// (error_detail() is curl's error buffer, which never holds a header), host and certificate verification
// follow transport_options; a CA file replaces the system store (CURLOPT_CAPATH is cleared). Unlike most
// libcurl programs, the http_proxy / https_proxy / ALL_PROXY variables are ignored (CURLOPT_PROXY ""):
// through an http proxy the Authorization header would reach the proxy's host.
//
// libcurl is initialised once per process with curl_global_init(CURL_GLOBAL_DEFAULT), thread-safely, by the
// first transport constructed; never cleaned up. A program that uses libcurl itself may call
// curl_global_init first: curl counts the calls. Link with -lcurl (target swcalls::curl).
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <swcalls/config.hpp>
#include <swcalls/endpoint.hpp>
#include <swcalls/error.hpp>
#include <swcalls/http_response.hpp>
#include <swcalls/list_driver.hpp>
#include <swcalls/transport_options.hpp>

namespace swcalls::curl {

namespace detail {

// curl_global_init, once, on first use (a function-local static is initialised thread-safely).
inline CURLcode global_init() noexcept {
    static const CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);
    return result;
}

struct easy_deleter {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct multi_deleter {
    void operator()(CURLM* h) const noexcept { curl_multi_cleanup(h); }
};
struct slist_deleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using easy_handle = std::unique_ptr<CURL, easy_deleter>;
using multi_handle = std::unique_ptr<CURLM, multi_deleter>;
using header_list = std::unique_ptr<curl_slist, slist_deleter>;

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (swcalls::detail::http::lower(static_cast<unsigned char>(a[i])) !=
            swcalls::detail::http::lower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// Visible ASCII except '#': what an origin-form target may hold (the core percent-encodes the rest).
constexpr bool is_target_char(unsigned char c) noexcept { return c > 0x20 && c < 0x7F && c != '#'; }

constexpr std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && swcalls::detail::http::is_ows(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && swcalls::detail::http::is_ows(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Reads a request head as the core writes it: "GET <target> HTTP/1.1\r\n", "Name: value\r\n" lines, "\r\n",
// and nothing after. Calls on_header(name, value) for each header line (value without surrounding white
// space; false from it stops the reading). False for anything else: another method or version, a target
// that is not a path, a bare CR or LF, a control byte, a header line without a name and colon.
template <class OnHeader>
bool parse_request_head(std::string_view head, std::string_view& target, OnHeader&& on_header) {
    auto next_line = [&head](std::string_view& line) {
        const std::size_t end = head.find("\r\n");
        if (end == std::string_view::npos) return false;
        line = head.substr(0, end);
        head.remove_prefix(end + 2);
        return line.find_first_of("\r\n") == std::string_view::npos;
    };
    std::string_view line;
    constexpr std::string_view method = "GET ";
    constexpr std::string_view version = " HTTP/1.1";
    if (!next_line(line) || line.size() <= method.size() + version.size() || line.substr(0, method.size()) != method ||
        line.substr(line.size() - version.size()) != version)
        return false;
    target = line.substr(method.size(), line.size() - method.size() - version.size());
    if (target.front() != '/') return false;
    for (char c : target)
        if (!is_target_char(static_cast<unsigned char>(c))) return false;
    for (;;) {
        if (!next_line(line)) return false;
        if (line.empty()) return head.empty();
        const std::size_t colon = line.find(':');
        if (colon == 0 || colon == std::string_view::npos) return false;
        const std::string_view name = line.substr(0, colon);
        for (char c : name)
            if (!swcalls::detail::http::is_tchar(static_cast<unsigned char>(c))) return false;
        const std::string_view value = trim_ows(line.substr(colon + 1));
        for (char c : value)
            if (!swcalls::detail::http::is_text(static_cast<unsigned char>(c))) return false;
        if (!on_header(name, value)) return false;
    }
}

// OpenSSL's verification results that mean "the chain is fine, the name is not" (x509_vfy.h), as curl
// reports them in CURLINFO_SSL_VERIFYRESULT; spelled out so this header needs no OpenSSL headers.
inline constexpr long x509_hostname_mismatch = 62;  // X509_V_ERR_HOSTNAME_MISMATCH
inline constexpr long x509_ip_address_mismatch = 64;  // X509_V_ERR_IP_ADDRESS_MISMATCH

// A failed curl transfer as a swcalls::errc.
// verify_result is CURLINFO_SSL_VERIFYRESULT, message curl's error buffer. curl reports an untrusted chain
// and a wrong host name alike as CURLE_PEER_FAILED_VERIFICATION. When OpenSSL's chain check fails, curl
// stores its X509_V_ERR_* reason (2 and up: 20 unknown issuer, 10 expired, ...) and writes "SSL certificate
// problem: <reason>". curl checks the host name itself, before it reads the chain's result, so a name
// mismatch leaves the value unset (0, or 1 as curl 7.88 initialises it) and writes "... host name ...";
// 62/64 are OpenSSL's own name-check reasons, in case a build lets OpenSSL check the name. So: 62/64, or
// no chain reason and "host name" in the text, is tls_host_mismatch; anything else is untrusted.
inline errc map_result(CURLcode code, long verify_result, std::string_view message) noexcept {
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY: return errc::resolve_failed;
        case CURLE_COULDNT_CONNECT: return errc::connect_failed;
        case CURLE_OPERATION_TIMEDOUT: return errc::timed_out;
        case CURLE_PEER_FAILED_VERIFICATION: {
            if (verify_result == x509_hostname_mismatch || verify_result == x509_ip_address_mismatch)
                return errc::tls_host_mismatch;
            if ((verify_result == 0 || verify_result == 1) && message.find("host name") != std::string_view::npos)
                return errc::tls_host_mismatch;
            return errc::tls_untrusted_certificate;
        }
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_INVALIDCERTSTATUS: return errc::tls_untrusted_certificate;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_USE_SSL_FAILED: return errc::tls_failed;
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_FAILED_INIT:
        case CURLE_URL_MALFORMAT:
        case CURLE_NOT_BUILT_IN:
        case CURLE_UNKNOWN_OPTION:
        case CURLE_BAD_FUNCTION_ARGUMENT: return errc::transport_setup_failed;
        // What the server sent is not HTTP/1.x curl will read ("HTTP/0.9", garbage instead of a status line).
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_WEIRD_SERVER_REPLY: return errc::http_status_line;
        // curl refuses a header too large for its buffers with "out of memory": the server's doing, not setup.
        case CURLE_OUT_OF_MEMORY: return errc::transport_failed;
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM: return errc::connection_lost;
        default: return errc::transport_failed;
    }
}

// Where the re-serialised response is.
enum class response_phase : std::uint8_t {
    status_line,  // waiting for the status line of the next (interim or final) response
    interim,      // inside a 1xx response's headers: skipped
    head,         // inside the final response's headers
    body,         // after the final head (trailer lines arriving now are ignored)
};

// How the re-serialised body is framed.
enum class body_framing : std::uint8_t {
    none,         // 204 and 304: no body
    chunked,      // the server gave a length (Content-Length or chunked): chunks, then the last chunk
    until_close,  // the server gave none (HTTP/1.x): bytes as they come, the end of stream ends it
};

}  // namespace detail

class transport {
public:
    // Copies e (host, port and scheme are all it needs: credentials travel in the request head) and o
    // (o.ca_file is copied too). Nothing is connected or allocated by libcurl until the first exchange().
    explicit transport(const endpoint& e, const transport_options& o = {})
        : endpoint_(e), options_(o), ca_file_(o.ca_file) {
        options_.ca_file = {};  // the copy in ca_file_ is the one used
        detail::global_init();
    }

    transport(transport&&) noexcept = default;
    transport& operator=(transport&&) noexcept = default;
    transport(const transport&) = delete;
    transport& operator=(const transport&) = delete;
    ~transport() = default;

    // The Transport concept (list_driver.hpp): sends request_head's request with curl and hands the response,
    // re-serialised as HTTP/1.1 (see the top of this file), to on_bytes. {} when the transfer completed or
    // on_bytes asked to stop; otherwise the error (curl's text in error_detail()). An exception thrown by
    // on_bytes is caught inside curl's callback (C frames are not unwound), the transfer aborted, and the
    // exception rethrown from here.
    std::error_code exchange(std::string_view request_head, byte_sink on_bytes) {
        detail_.clear();
        if (std::error_code ec = prepare(request_head)) return ec;
        sink_ = &on_bytes;
        phase_ = detail::response_phase::status_line;
        framing_ = detail::body_framing::chunked;
        length_given_ = false;
        stopped_ = false;
        io_clock_running_ = false;
        CURLcode result = CURLE_OK;
        const std::error_code ec = run(result);
        sink_ = nullptr;
#if SWCALLS_EXCEPTIONS
        if (caught_) {
            close();
            std::rethrow_exception(std::exchange(caught_, nullptr));
        }
#endif
        if (ec) {
            close();
            return ec;
        }
        if (stopped_) return {};  // on_bytes had what it wanted: a normal end (curl says CURLE_WRITE_ERROR)
        if (result != CURLE_OK) {
            long verify_result = 0;
            curl_easy_getinfo(easy_.get(), CURLINFO_SSL_VERIFYRESULT, &verify_result);
            detail_ = error_buffer_[0] != '\0' ? error_buffer_.get() : curl_easy_strerror(result);
            return make_error_code(detail::map_result(result, verify_result, detail_));
        }
        // Complete: close the chunked body. Whatever on_bytes says now, the response is over.
        if (phase_ == detail::response_phase::body && framing_ == detail::body_framing::chunked)
            (void)on_bytes("0\r\n\r\n");
        return {};
    }

    // Drops the connection (by destroying the multi handle that caches it); the next exchange() opens a new
    // one. The easy handle and its settings stay. Harmless when not connected.
    void close() noexcept { multi_.reset(); }

    // libcurl's error text for the last failed exchange ("Failed to connect to 127.0.0.1 port 9 after 0 ms:
    // Couldn't connect to server", "SSL certificate problem: unable to get local issuer certificate"), or
    // the adapter's own reason; "" after a successful one. Never contains the token.
    std::string_view error_detail() const noexcept { return detail_; }

private:
    std::error_code fail(errc e, std::string_view why) {
        detail_.assign(why);
        return make_error_code(e);
    }

    // Creates the handles when needed and sets this exchange's URL and headers.
    std::error_code prepare(std::string_view request_head) {
        if (detail::global_init() != CURLE_OK) return fail(errc::transport_setup_failed, "curl_global_init failed");
        std::string_view target;
        headers_.reset();
        bool has_accept = false;
        bool out_of_memory = false;
        std::string line;
        const bool ok = detail::parse_request_head(request_head, target, [&](std::string_view name, std::string_view value) {
            if (detail::iequals(name, "Host")) return true;  // curl writes it from the URL
            if (detail::iequals(name, "Accept")) has_accept = true;
            line.assign(name);
            line += value.empty() ? ";" : ": ";  // "Name;" is curl's way to send an empty value
            line += value;
            return append_header(line.c_str(), out_of_memory);
        });
        if (out_of_memory) return fail(errc::transport_setup_failed, "curl_slist_append failed");
        if (!ok) return fail(errc::transport_setup_failed, "the request head is not \"GET <target> HTTP/1.1\" with header lines");
        if (!has_accept && !append_header("Accept:", out_of_memory))  // "Name:" removes curl's default
            return fail(errc::transport_setup_failed, "curl_slist_append failed");

        if (!easy_) {
            // The error buffer lives on the heap, like the handle that writes into it: both move together.
            error_buffer_.reset(new char[CURL_ERROR_SIZE]);
            easy_.reset(curl_easy_init());
            if (!easy_) return fail(errc::transport_setup_failed, "curl_easy_init failed");
            if (CURLcode rc = set_fixed_options(); rc != CURLE_OK) {
                easy_.reset();
                return fail(errc::transport_setup_failed, curl_easy_strerror(rc));
            }
        }
        if (!multi_) {
            multi_.reset(curl_multi_init());
            if (!multi_) return fail(errc::transport_setup_failed, "curl_multi_init failed");
        }

        url_.assign(scheme_text(endpoint_.scheme));
        url_ += "://";
        url_ += endpoint_.host();
        if (endpoint_.effective_port() != default_port(endpoint_.scheme)) {
            url_ += ':';
            url_ += std::to_string(endpoint_.effective_port());
        }
        url_ += target;

        // Set on every exchange: the transport may have moved since the last one.
        error_buffer_[0] = '\0';
        CURL* h = easy_.get();
        CURLcode rc = curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers_.get());
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_WRITEDATA, static_cast<void*>(this));
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_HEADERDATA, static_cast<void*>(this));
#if LIBCURL_VERSION_NUM >= 0x075000
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_PREREQDATA, static_cast<void*>(this));
#endif
        if (rc != CURLE_OK) return fail(errc::transport_setup_failed, curl_easy_strerror(rc));
        return {};
    }

    bool append_header(const char* line, bool& out_of_memory) {
        curl_slist* grown = curl_slist_append(headers_.get(), line);
        if (grown == nullptr) {
            out_of_memory = true;
            return false;
        }
        (void)headers_.release();  // curl_slist_append returned the same list, grown (or a new one)
        headers_.reset(grown);
        return true;
    }

    // The options that never change for this transport.
    CURLcode set_fixed_options() {
        CURL* h = easy_.get();
        const auto ms = [](std::chrono::milliseconds d) { return static_cast<long>(d.count() > 0 ? d.count() : 0); };
        CURLcode rc = curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer_.get());
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_VERBOSE, 0L);
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);  // the target exactly as written
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_HEADEROPT, static_cast<long>(CURLHEADER_SEPARATE));
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms(options_.connect_timeout));
        const long verify = options_.insecure_skip_verify ? 0L : 1L;
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, verify);
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, verify * 2L);
        // A CA file replaces the system store: curl's built-in CA path (Debian's /etc/ssl/certs) would
        // otherwise still be trusted beside it.
        if (rc == CURLE_OK && !ca_file_.empty()) rc = curl_easy_setopt(h, CURLOPT_CAINFO, ca_file_.c_str());
        if (rc == CURLE_OK && !ca_file_.empty()) rc = curl_easy_setopt(h, CURLOPT_CAPATH, static_cast<char*>(nullptr));
        // No proxy from http_proxy/ALL_PROXY: through one, an http request (Authorization header and all)
        // would go to the proxy's host, and credentials go to the configured origin only.
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_PROXY, "");
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &transport::write_callback);
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &transport::header_callback);
#if LIBCURL_VERSION_NUM >= 0x075000
        if (rc == CURLE_OK) rc = curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, &transport::prereq_callback);
#endif
        return rc;
    }

    // Drives the transfer to its end, enforcing io_timeout. result: curl's code for the finished transfer.
    // A non-zero return is the adapter's own failure (the multi interface, or the io timeout).
    std::error_code run(CURLcode& result) {
        CURLM* m = multi_.get();
        CURL* h = easy_.get();
        if (CURLMcode mc = curl_multi_add_handle(m, h); mc != CURLM_OK)
            return fail(errc::transport_setup_failed, curl_multi_strerror(mc));
        struct detach {  // the easy handle leaves the multi handle however this ends
            CURLM* m;
            CURL* h;
            ~detach() { curl_multi_remove_handle(m, h); }
        } const attached{m, h};
#if LIBCURL_VERSION_NUM < 0x075000
        // Without CURLOPT_PREREQFUNCTION: start the io clock now, with the connect phase's allowance.
        io_clock_running_ = true;
        last_progress_ = std::chrono::steady_clock::now() + options_.connect_timeout;
#endif
        for (;;) {
            int running = 0;
            if (CURLMcode mc = curl_multi_perform(m, &running); mc != CURLM_OK)
                return fail(errc::transport_failed, curl_multi_strerror(mc));
            int queued = 0;
            while (CURLMsg* msg = curl_multi_info_read(m, &queued)) {
                if (msg->msg == CURLMSG_DONE && msg->easy_handle == h) {
                    result = msg->data.result;
                    return {};
                }
            }
            if (running == 0) return fail(errc::transport_failed, "curl ended the transfer without a result");
            int wait_ms = 1000;  // curl_multi_poll also wakes for curl's own timers (connect timeout, ...)
            if (io_clock_running_ && options_.io_timeout.count() > 0) {
                const auto idle = std::chrono::steady_clock::now() - last_progress_;
                if (idle >= options_.io_timeout) {
                    return fail(errc::timed_out, "no data from the server for " + std::to_string(options_.io_timeout.count()) + " ms");
                }
                const auto left = std::chrono::ceil<std::chrono::milliseconds>(options_.io_timeout - idle).count();
                wait_ms = left < 1 ? 1 : (left > 1000 ? 1000 : static_cast<int>(left));
            }
            int events = 0;
            if (CURLMcode mc = curl_multi_poll(m, nullptr, 0, wait_ms, &events); mc != CURLM_OK)
                return fail(errc::transport_failed, curl_multi_strerror(mc));
            // A socket that became readable (or writable) is progress, though curl hands on only whole
            // header lines: a status line dripped a byte at a time moves, so it must not time out.
            if (events > 0) progressed();
        }
    }

    // on_bytes, with a false answer remembered (it ends the transfer as a normal stop).
    bool emit(std::string_view bytes) {
        if (!(*sink_)(bytes)) stopped_ = true;
        return !stopped_;
    }

    // One header line from curl (status line, header, or the blank line ending a head), line ending included.
    bool on_header_line(std::string_view line) {
        std::string_view text = line;
        if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        switch (phase_) {
            case detail::response_phase::status_line: return on_status_line(line, text);
            case detail::response_phase::interim:
                if (text.empty()) phase_ = detail::response_phase::status_line;
                return true;
            case detail::response_phase::head: break;
            case detail::response_phase::body: return true;  // trailer lines: nothing the driver reads
        }
        if (text.empty()) {  // end of the final head: announce how the body comes
            phase_ = detail::response_phase::body;
            if (status_ == 204 || status_ == 304) {
                framing_ = detail::body_framing::none;
                return emit("\r\n");
            }
            if (length_given_ || !http1_) {
                framing_ = detail::body_framing::chunked;
                return emit("Transfer-Encoding: chunked\r\n\r\n");
            }
            framing_ = detail::body_framing::until_close;
            return emit("\r\n");
        }
        const std::string_view name = text.substr(0, text.find(':'));
        if (detail::iequals(name, "Content-Length") || detail::iequals(name, "Transfer-Encoding")) {
            length_given_ = true;  // curl reads the framing; the decoder gets chunks in its place
            // Any coding but plain "chunked" (gzip, chunked) is one curl does not undo here: pass it on, so
            // the decoder refuses it (http_unsupported_coding) instead of the parser reading gzip as JSON.
            if (detail::iequals(name, "Transfer-Encoding") &&
                !is_plain_chunked(name.size() < text.size() ? text.substr(name.size() + 1) : std::string_view()))
                return emit(line);
            return true;
        }
        if (detail::iequals(name, "Retry-After") || detail::iequals(name, "Content-Type") ||
            detail::iequals(name, "Content-Encoding"))  // an encoding curl does not undo: the decoder refuses it
            return emit(line);
        return true;
    }

    static bool is_plain_chunked(std::string_view value) {
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r' ||
                                  value.back() == '\n'))
            value.remove_suffix(1);
        return detail::iequals(value, "chunked");
    }

    // "HTTP/<version> <3 digits>[ <reason>]" as curl hands it (HTTP/2 writes "HTTP/2 200 ").
    bool on_status_line(std::string_view line, std::string_view text) {
        constexpr std::string_view prefix = "HTTP/";
        const std::size_t space = text.find(' ');
        const bool digits = space != std::string_view::npos && text.size() >= space + 4 &&
                            text[space + 1] >= '1' && text[space + 1] <= '5' && text[space + 2] >= '0' &&
                            text[space + 2] <= '9' && text[space + 3] >= '0' && text[space + 3] <= '9' &&
                            (text.size() == space + 4 || text[space + 4] == ' ');
        if (text.substr(0, prefix.size()) != prefix || !digits) {
            phase_ = detail::response_phase::head;
            return emit(line);  // not a status line: the decoder says so (errc::http_status_line)
        }
        const std::string_view code = text.substr(space + 1, 3);
        status_ = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
        if (status_ < 200) {  // 100 Continue, 103 Early Hints: wait for the final response
            phase_ = detail::response_phase::interim;
            return true;
        }
        http1_ = text.substr(prefix.size(), 2) == "1.";
        phase_ = detail::response_phase::head;
        const std::string_view reason = text.size() > space + 5 ? text.substr(space + 5) : std::string_view();
        return emit("HTTP/1.1 ") && emit(code) && emit(" ") && emit(reason) && emit("\r\n");
    }

    // A piece of the body, as curl decoded it.
    bool on_body(std::string_view data) {
        if (phase_ != detail::response_phase::body) return false;  // never: curl writes the head first
        if (data.empty()) return true;  // an empty chunk would end the body
        switch (framing_) {
            case detail::body_framing::none: return true;
            case detail::body_framing::until_close: return emit(data);
            case detail::body_framing::chunked: break;
        }
        char size_line[2 * sizeof(std::size_t) + 2];
        char* end = size_line + sizeof(size_line);
        char* p = end;
        *--p = '\n';
        *--p = '\r';
        std::size_t n = data.size();
        do {
            *--p = "0123456789abcdef"[n & 0xF];
            n >>= 4;
        } while (n != 0);
        return emit(std::string_view(p, static_cast<std::size_t>(end - p))) && emit(data) && emit("\r\n");
    }

    void progressed() noexcept { last_progress_ = std::chrono::steady_clock::now(); }

    // Runs f inside a curl callback: no exception may cross curl's C frames; keep it for exchange().
    template <class F>
    bool guarded(F&& f) noexcept {
#if SWCALLS_EXCEPTIONS
        try {
            return f();
        } catch (...) {
            caught_ = std::current_exception();
            return false;
        }
#else
        return f();
#endif
    }

    static std::size_t write_callback(char* data, std::size_t size, std::size_t count, void* user) {
        auto& self = *static_cast<transport*>(user);
        const std::size_t n = size * count;
        self.progressed();
        return self.guarded([&] { return self.on_body(std::string_view(data, n)); }) ? n : 0;
    }

    static std::size_t header_callback(char* data, std::size_t size, std::size_t count, void* user) {
        auto& self = *static_cast<transport*>(user);
        const std::size_t n = size * count;
        self.progressed();
        return self.guarded([&] { return self.on_header_line(std::string_view(data, n)); }) ? n : 0;
    }

    // curl has a connection (new or reused) and is about to send the request: the io clock starts.
    static int prereq_callback(void* user, char*, char*, int, int) {
        auto& self = *static_cast<transport*>(user);
        self.io_clock_running_ = true;
        self.progressed();
        return CURL_PREREQFUNC_OK;
    }

    endpoint endpoint_;
    transport_options options_;
    std::string ca_file_;
    // Declared before multi_: the multi handle is destroyed first (the easy handle is never left in it).
    std::unique_ptr<char[]> error_buffer_;  // CURLOPT_ERRORBUFFER: curl may write to it until the handle goes
    detail::easy_handle easy_;
    detail::multi_handle multi_;
    detail::header_list headers_;
    std::string url_;
    std::string detail_;

    // The exchange in progress.
    const byte_sink* sink_ = nullptr;
    detail::response_phase phase_ = detail::response_phase::status_line;
    detail::body_framing framing_ = detail::body_framing::chunked;
    int status_ = 0;
    bool http1_ = true;
    bool length_given_ = false;
    bool stopped_ = false;
    bool io_clock_running_ = false;
    std::chrono::steady_clock::time_point last_progress_{};
#if SWCALLS_EXCEPTIONS
    std::exception_ptr caught_;
#endif
};

static_assert(is_transport_v<transport>, "swcalls::curl::transport must model the Transport concept");

}  // namespace swcalls::curl
