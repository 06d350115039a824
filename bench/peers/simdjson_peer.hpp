// bench/peers/simdjson_peer.hpp — simdjson On Demand and DOM.
//
// simdjson reads SIMDJSON_PADDING bytes past the end of the document, so a body has to sit in a padded buffer.
// Each parse() copies the body into a buffer kept between pages (grown when a page is larger): the copy is
// timed, as a program receiving the body from the network would have to make it (or allocate padded buffers
// for its network reads). One parser per peer, reused for every page, as simdjson recommends. Strings are
// views into simdjson's own string buffer (valid until the next page), so nothing else is copied.
#pragma once

#include <simdjson.h>

#include <cstdio>
#include <cstring>

#include "dom_walk.hpp"
#include "peer.hpp"

namespace bench {

class padded_copy {
public:
    const char* assign(const std::string& body) {
        if (capacity_ < body.size() + simdjson::SIMDJSON_PADDING) {
            capacity_ = body.size() + simdjson::SIMDJSON_PADDING;
            buf_.reset(new char[capacity_]);
            std::memset(buf_.get(), 0, capacity_);
        }
        std::memcpy(buf_.get(), body.data(), body.size());
        return buf_.get();
    }
    std::size_t capacity() const { return capacity_; }

private:
    std::unique_ptr<char[]> buf_;
    std::size_t capacity_ = 0;
};

class simdjson_ondemand_peer final : public peer {
public:
    bool parse(const std::string& body, digest& d) override {
        namespace od = simdjson::ondemand;
        const char* text = copy_.assign(body);
        od::document doc;
        if (auto err = parser_.iterate(text, body.size(), copy_.capacity()).get(doc)) return error(err);
        od::object root;
        if (auto err = doc.get_object().get(root)) return error(err);
        b_.begin_page();
        std::size_t calls = 0;
        bool saw_calls = false;
        for (auto field : root) {
            od::field f;
            if (auto err = std::move(field).get(f)) return error(err);
            std::string_view key;
            if (!key_of(f, key)) return false;
            const slot s = tables().page.find(key.data(), key.size());
            od::value value = f.value();
            if (s != s_page_calls) {
                if (!scalar(s, value)) return false;
                continue;
            }
            saw_calls = true;
            od::array array;
            if (auto err = value.get_array().get(array)) return error(err);
            for (auto element : array) {
                od::object call;
                if (auto err = element.get_object().get(call)) return error(err);
                b_.begin_call();
                if (!call_fields(call)) return false;
                ++calls;
                deliver(d, b_.call);
            }
        }
        if (!saw_calls) return fail("not a calls page: no \"calls\" array");
        b_.page.calls = calls;
        finish_page(d, b_.page);
        return true;
    }
    static std::unique_ptr<peer> make() { return std::make_unique<simdjson_ondemand_peer>(); }

private:
    bool call_fields(simdjson::ondemand::object& call) {
        namespace od = simdjson::ondemand;
        for (auto field : call) {
            od::field f;
            if (auto err = std::move(field).get(f)) return error(err);
            std::string_view key;
            if (!key_of(f, key)) return false;
            const slot s = tables().call.find(key.data(), key.size());
            if (s == s_none) continue;  // On Demand skips the value when the loop moves on
            od::value value = f.value();
            if (s != s_call_subresource_uris) {
                if (!scalar(s, value)) return false;
                continue;
            }
            od::json_type type;
            if (auto err = value.type().get(type)) return error(err);
            if (type == od::json_type::null) continue;
            od::object uris;
            if (auto err = value.get_object().get(uris)) return error(err);
            for (auto uri : uris) {
                od::field uf;
                if (auto err = std::move(uri).get(uf)) return error(err);
                std::string_view k;
                if (!key_of(uf, k)) return false;
                const slot us = tables().sub.find(k.data(), k.size());
                if (us == s_none) continue;
                od::value v = uf.value();
                if (!scalar(us, v)) return false;
            }
        }
        return true;
    }

    // The key as written, without unescaping it into simdjson's string buffer (what a speed-minded On Demand
    // program does: keys are plain ASCII); a key with a backslash goes through unescaped_key() instead.
    bool key_of(simdjson::ondemand::field& f, std::string_view& key) {
        const char* const start = f.key().raw();
        const char* end = start;
        while (*end != '"' && *end != '\\') ++end;  // the closing quote is in the document: On Demand validated it
        if (*end == '"') {
            key = std::string_view(start, static_cast<std::size_t>(end - start));
            return true;
        }
        if (auto err = f.unescaped_key().get(key)) return error(err);
        return true;
    }

    bool scalar(slot s, simdjson::ondemand::value& value) {
        namespace od = simdjson::ondemand;
        if (s == s_none) return true;
        od::json_type type;
        if (auto err = value.type().get(type)) return error(err);
        switch (type) {
            case od::json_type::null:
                if (!value.is_null()) return fail("invalid null");  // validates the literal
                return true;
            case od::json_type::string: {
                std::string_view v;
                if (auto err = value.get_string().get(v)) return error(err);
                return b_.text(s, v);
            }
            case od::json_type::number: {
                const slot_kind k = kind_of(s);
                if (k == slot_kind::integer) {
                    std::int64_t v;
                    if (value.get_int64().get(v)) return fail("invalid integer");
                    return b_.integer(s, v);
                }
                if (k == slot_kind::decimal) {
                    double v;
                    if (auto err = value.get_double().get(v)) return error(err);
                    return b_.real(s, v);
                }
                return fail("wrong field type: a number");
            }
            default: return b_.other(s);
        }
    }

    bool error(simdjson::error_code err) {
        std::fprintf(stderr, "simdjson On Demand: %s\n", simdjson::error_message(err));
        return false;
    }
    bool fail(const char* why) {
        b_.fail(why);
        std::fprintf(stderr, "simdjson On Demand: %s\n", b_.failure());
        return false;
    }

    simdjson::ondemand::parser parser_;
    padded_copy copy_;
    record_builder b_;
};

struct simdjson_dom {
    using element = simdjson::dom::element;
    static bool is_object(const element& v) { return v.type() == simdjson::dom::element_type::OBJECT; }
    static bool is_array(const element& v) { return v.type() == simdjson::dom::element_type::ARRAY; }
    static bool is_null(const element& v) { return v.type() == simdjson::dom::element_type::NULL_VALUE; }
    template <class F>
    static bool members(const element& v, F&& f) {
        const simdjson::dom::object object = v.get_object().value_unsafe();  // a copy: the result is a temporary
        for (simdjson::dom::key_value_pair kv : object)
            if (!f(kv.key, kv.value)) return false;
        return true;
    }
    template <class F>
    static bool elements(const element& v, F&& f) {
        const simdjson::dom::array array = v.get_array().value_unsafe();
        for (element e : array)
            if (!f(e)) return false;
        return true;
    }
    static bool scalar(record_builder& b, slot s, const element& v) {
        using t = simdjson::dom::element_type;
        switch (v.type()) {
            case t::NULL_VALUE: return true;
            case t::STRING: return b.text(s, v.get_string().value_unsafe());
            case t::INT64: return b.integer(s, v.get_int64().value_unsafe());
            case t::UINT64: return b.real(s, static_cast<double>(v.get_uint64().value_unsafe()));
            case t::DOUBLE: return b.real(s, v.get_double().value_unsafe());
            default: return b.other(s);
        }
    }
};

class simdjson_dom_peer final : public peer {
public:
    bool parse(const std::string& body, digest& d) override {
        simdjson::dom::element root;
        if (auto err = parser_.parse(copy_.assign(body), body.size(), false).get(root)) {
            std::fprintf(stderr, "simdjson DOM: %s\n", simdjson::error_message(err));
            return false;
        }
        page_view page;
        if (!dom_walker<simdjson_dom>::page(b_, root, [&](const peer_call& c) { deliver(d, c); }, page)) {
            std::fprintf(stderr, "simdjson DOM: %s\n", b_.failure());
            return false;
        }
        finish_page(d, page);
        return true;
    }
    static std::unique_ptr<peer> make() { return std::make_unique<simdjson_dom_peer>(); }

private:
    simdjson::dom::parser parser_;
    padded_copy copy_;
    record_builder b_;
};

}  // namespace bench
