// bench/peers/boost_json_peer.hpp — Boost.JSON: parse the page into a value, then walk it.
//
// One boost::json::parser kept between pages (its temporary buffers are reused) and a monotonic_resource per
// page for the tree, as Boost.JSON's documentation recommends for speed. Strings are views into the tree.
// Built only when Boost.JSON's headers are found (bench/run.sh --with-boost-json unpacks Boost 1.81's headers
// into the build directory); compiled header-only (boost/json/src.hpp in bench_parser.cpp).
#pragma once

#include <boost/json.hpp>

#include <cstdio>

#include "dom_walk.hpp"
#include "peer.hpp"

namespace bench {

struct boost_json_dom {
    using value = boost::json::value;
    static bool is_object(const value& v) { return v.is_object(); }
    static bool is_array(const value& v) { return v.is_array(); }
    static bool is_null(const value& v) { return v.is_null(); }
    template <class F>
    static bool members(const value& v, F&& f) {
        for (const auto& kv : v.get_object())
            if (!f(std::string_view(kv.key().data(), kv.key().size()), kv.value())) return false;
        return true;
    }
    template <class F>
    static bool elements(const value& v, F&& f) {
        for (const value& e : v.get_array())
            if (!f(e)) return false;
        return true;
    }
    static bool scalar(record_builder& b, slot s, const value& v) {
        using k = boost::json::kind;
        switch (v.kind()) {
            case k::null: return true;
            case k::string: return b.text(s, std::string_view(v.get_string().data(), v.get_string().size()));
            case k::int64: return b.integer(s, v.get_int64());
            case k::uint64: {
                const auto u = v.get_uint64();
                if (u > static_cast<std::uint64_t>(INT64_MAX)) return b.real(s, static_cast<double>(u));
                return b.integer(s, static_cast<std::int64_t>(u));
            }
            case k::double_: return b.real(s, v.get_double());
            default: return b.other(s);
        }
    }
};

class boost_json_peer final : public peer {
public:
    bool parse(const std::string& body, digest& d) override {
        boost::json::monotonic_resource resource;
        parser_.reset(&resource);
        boost::json::error_code ec;
        parser_.write(body.data(), body.size(), ec);
        if (ec) {
            std::fprintf(stderr, "Boost.JSON: %s\n", ec.message().c_str());
            return false;
        }
        boost::json::value root = parser_.release();
        page_view page;
        if (!dom_walker<boost_json_dom>::page(b_, static_cast<const boost::json::value&>(root),
                                               [&](const peer_call& c) { deliver(d, c); }, page)) {
            std::fprintf(stderr, "Boost.JSON: %s\n", b_.failure());
            return false;
        }
        finish_page(d, page);
        return true;
    }
    static std::unique_ptr<peer> make() { return std::make_unique<boost_json_peer>(); }

private:
    boost::json::parser parser_;
    record_builder b_;
};

}  // namespace bench
