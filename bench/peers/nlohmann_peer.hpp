// bench/peers/nlohmann_peer.hpp — nlohmann::json: parse the page into its DOM, then walk it.
//
// A fresh json value per page (its usual use); strings are views of the DOM's std::strings. Objects are
// nlohmann's default std::map, so members come in key order, not document order: the walk does not care.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdio>

#include "dom_walk.hpp"
#include "peer.hpp"

namespace bench {

struct nlohmann_dom {
    using json = nlohmann::json;
    static bool is_object(const json& v) { return v.is_object(); }
    static bool is_array(const json& v) { return v.is_array(); }
    static bool is_null(const json& v) { return v.is_null(); }
    template <class F>
    static bool members(const json& v, F&& f) {
        for (const auto& [key, value] : v.get_ref<const json::object_t&>())
            if (!f(std::string_view(key), value)) return false;
        return true;
    }
    template <class F>
    static bool elements(const json& v, F&& f) {
        for (const json& e : v.get_ref<const json::array_t&>())
            if (!f(e)) return false;
        return true;
    }
    static bool scalar(record_builder& b, slot s, const json& v) {
        using t = json::value_t;
        switch (v.type()) {
            case t::null: return true;
            case t::string: return b.text(s, std::string_view(v.get_ref<const json::string_t&>()));
            case t::number_integer: return b.integer(s, v.get<std::int64_t>());
            case t::number_unsigned: {
                const auto u = v.get<std::uint64_t>();
                if (u > static_cast<std::uint64_t>(INT64_MAX)) return b.real(s, static_cast<double>(u));
                return b.integer(s, static_cast<std::int64_t>(u));
            }
            case t::number_float: return b.real(s, v.get<double>());
            default: return b.other(s);
        }
    }
};

class nlohmann_peer final : public peer {
public:
    bool parse(const std::string& body, digest& d) override {
        nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
        if (doc.is_discarded()) {
            std::fprintf(stderr, "nlohmann::json: parse error\n");
            return false;
        }
        page_view page;
        if (!dom_walker<nlohmann_dom>::page(b_, static_cast<const nlohmann::json&>(doc),
                                             [&](const peer_call& c) { deliver(d, c); }, page)) {
            std::fprintf(stderr, "nlohmann::json: %s\n", b_.failure());
            return false;
        }
        finish_page(d, page);
        return true;
    }
    static std::unique_ptr<peer> make() { return std::make_unique<nlohmann_peer>(); }

private:
    record_builder b_;
};

}  // namespace bench
