// bench/peers/rapidjson_peer.hpp — RapidJSON: the SAX reader (from a const buffer, or in situ) and the in-situ DOM.
//
// SAX: a handler that tracks where it is (page, "calls", a call, its subresource_uris), looks each key up once
// and copies modelled strings into its own 4096-byte buffers, as swcalls copies into its storage (RapidJSON's
// SAX strings live only during the callback). In situ needs a mutable copy of the body: that copy, into a
// buffer kept between pages, is part of the timed work. DOM: a Document per page (RapidJSON's usual use), parsed
// in situ, then walked; strings are views into the document.
//
// Every allocation goes through bench::heap::counting_allocator, so the memory probe sees RapidJSON's heap.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <cstdio>
#include <cstring>

#include "../alloc_counter.hpp"
#include "dom_walk.hpp"
#include "peer.hpp"

namespace bench {

using rj_reader = rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, heap::counting_allocator>;

class rj_handler {
public:
    using Ch = char;

    rj_handler(digest*& d, call_observer*& observer) : d_(d), observer_(observer) {}

    // Ready for the next document.
    void reset() {
        depth_ = 0;
        skip_ = 0;
        slot_ = s_none;
        b_.begin_page();
        page_used_ = 0;
        calls_ = 0;
        saw_calls_ = false;
    }
    const char* failure() const { return b_.failure(); }
    const page_view& page() const { return b_.page; }

    bool StartObject() {
        if (skip_) { ++skip_; return true; }
        switch (depth_) {
            case 0: depth_ = 1; return true;
            case 2:  // an element of "calls"
                b_.begin_call();
                call_used_ = 0;
                depth_ = 3;
                return true;
            case 3:
                if (slot_ == s_call_subresource_uris) { depth_ = 4; slot_ = s_none; return true; }
                break;
            default: break;
        }
        return container_elsewhere();
    }
    bool EndObject(rapidjson::SizeType) {
        if (skip_) { --skip_; return true; }
        slot_ = s_none;
        switch (depth_) {
            case 4: depth_ = 3; return true;
            case 3:
                depth_ = 2;
                ++calls_;
                d_->add_call(b_.call);
                if (observer_) (*observer_)(render(b_.call));
                return true;
            case 1:
                depth_ = 0;
                if (!saw_calls_) return fail("not a calls page: no \"calls\" array");
                b_.page.calls = calls_;
                return true;
            default: return fail("unbalanced object");
        }
    }
    bool StartArray() {
        if (skip_) { ++skip_; return true; }
        if (depth_ == 1 && slot_ == s_page_calls) {
            depth_ = 2;
            saw_calls_ = true;
            slot_ = s_none;
            return true;
        }
        return container_elsewhere();
    }
    bool EndArray(rapidjson::SizeType) {
        if (skip_) { --skip_; return true; }
        if (depth_ == 2) { depth_ = 1; return true; }
        return fail("unbalanced array");
    }
    bool Key(const char* s, rapidjson::SizeType n, bool) {
        if (skip_) return true;
        switch (depth_) {
            case 1: slot_ = keys_.page.find(s, n); break;
            case 3: slot_ = keys_.call.find(s, n); break;
            case 4: slot_ = keys_.sub.find(s, n); break;
            default: slot_ = s_none;
        }
        return true;
    }

    bool String(const char* s, rapidjson::SizeType n, bool) {
        if (skip_) return true;
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        const slot target = slot_;
        slot_ = s_none;
        if (target == s_none) return true;
        std::string_view v(s, n);
        const slot_kind k = kind_of(target);
        if (k == slot_kind::text || k == slot_kind::enumeration) {  // kept: copied; numbers in strings: converted
            if (target < s_page_calls) {
                if (!store(page_buf_, page_used_, s, n, v, "page URIs too large for the buffer")) return false;
            } else if (!store(call_buf_, call_used_, s, n, v, "call too large for the buffer")) {
                return false;
            }
        }
        return b_.text(target, v);
    }
    bool Null() {
        if (skip_) return true;
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        slot_ = s_none;  // every modelled field is already nullopt
        return true;
    }
    bool Bool(bool) {
        if (skip_) return true;
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        const slot target = slot_;
        slot_ = s_none;
        return b_.other(target);
    }
    bool Int(int v) { return integer(v); }
    bool Uint(unsigned v) { return integer(v); }
    bool Int64(std::int64_t v) { return integer(v); }
    bool Uint64(std::uint64_t v) {
        if (v > static_cast<std::uint64_t>(INT64_MAX)) return Double(static_cast<double>(v));
        return integer(static_cast<std::int64_t>(v));
    }
    bool Double(double v) {
        if (skip_) return true;
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        const slot target = slot_;
        slot_ = s_none;
        return b_.real(target, v);
    }
    bool RawNumber(const char*, rapidjson::SizeType, bool) { return fail("RawNumber needs kParseNumbersAsStringsFlag"); }

private:
    bool integer(std::int64_t v) {
        if (skip_) return true;
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        const slot target = slot_;
        slot_ = s_none;
        return b_.integer(target, v);
    }
    // A container where the page model has none: skipped if its key is unknown, an error if it is modelled.
    bool container_elsewhere() {
        if (depth_ == 0) return fail("not a calls page: the top level is not an object");
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        if (slot_ != s_none) return fail("wrong field type: a container in a scalar field");
        skip_ = 1;
        return true;
    }
    // The same copy swcalls makes into its storage: memcpy into a fixed buffer, failing when it is full.
    template <std::size_t N>
    bool store(char (&buf)[N], std::size_t& used, const char* s, std::size_t n, std::string_view& out, const char* full) {
        if (n > N - used) return fail(full);
        std::memcpy(buf + used, s, n);
        out = std::string_view(buf + used, n);
        used += n;
        return true;
    }
    bool fail(const char* why) { return b_.fail(why); }

    const key_tables& keys_ = tables();
    digest*& d_;
    call_observer*& observer_;
    record_builder b_;
    int depth_ = 0;  // 1 page object, 2 "calls" array, 3 a call, 4 its subresource_uris
    int skip_ = 0;   // nesting inside a container nobody models
    slot slot_ = s_none;
    bool saw_calls_ = false;
    std::size_t calls_ = 0;
    std::size_t call_used_ = 0, page_used_ = 0;
    // 4096 bytes for a call's strings: the same budget the swcalls parser gets (it also holds page URIs).
    char call_buf_[4096];
    char page_buf_[4096];
};

// Kept between pages: a mutable copy of the body, grown when a page is larger.
class body_copy {
public:
    char* assign(const std::string& body, std::size_t padding = 1) {
        if (capacity_ < body.size() + padding) {
            capacity_ = body.size() + padding;
            buf_.reset(new char[capacity_]);
            std::memset(buf_.get(), 0, capacity_);
        }
        std::memcpy(buf_.get(), body.data(), body.size());
        buf_[body.size()] = 0;
        return buf_.get();
    }
    std::size_t capacity() const { return capacity_; }

private:
    std::unique_ptr<char[]> buf_;
    std::size_t capacity_ = 0;
};

template <unsigned Flags>
class rapidjson_sax_peer final : public peer {
public:
    bool parse(const std::string& body, digest& d) override {
        d_ = &d;
        handler_.reset();
        rapidjson::ParseResult ok;
        if constexpr ((Flags & rapidjson::kParseInsituFlag) != 0) {
            rapidjson::InsituStringStream stream(copy_.assign(body));
            ok = reader_.Parse<Flags>(stream, handler_);
        } else {
            rapidjson::StringStream stream(body.c_str());
            ok = reader_.Parse<Flags>(stream, handler_);
        }
        if (!ok) {
            std::fprintf(stderr, "RapidJSON SAX: %s at offset %zu%s%s\n", rapidjson::GetParseError_En(ok.Code()), ok.Offset(),
                         handler_.failure() ? ": " : "", handler_.failure() ? handler_.failure() : "");
            return false;
        }
        finish_page(d, handler_.page());
        return true;
    }
    static std::unique_ptr<peer> make() { return std::make_unique<rapidjson_sax_peer>(); }

private:
    digest* d_ = nullptr;
    rj_reader reader_;
    rj_handler handler_{d_, observer};
    body_copy copy_;
};

using rj_document = rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<heap::counting_allocator>,
                                               heap::counting_allocator>;
using rj_value = rj_document::ValueType;

struct rapidjson_dom {
    static bool is_object(const rj_value& v) { return v.IsObject(); }
    static bool is_array(const rj_value& v) { return v.IsArray(); }
    static bool is_null(const rj_value& v) { return v.IsNull(); }
    template <class F>
    static bool members(const rj_value& v, F&& f) {
        for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m)
            if (!f(std::string_view(m->name.GetString(), m->name.GetStringLength()), m->value)) return false;
        return true;
    }
    template <class F>
    static bool elements(const rj_value& v, F&& f) {
        for (auto e = v.Begin(); e != v.End(); ++e)
            if (!f(*e)) return false;
        return true;
    }
    static bool scalar(record_builder& b, slot s, const rj_value& v) {
        switch (v.GetType()) {
            case rapidjson::kNullType: return true;
            case rapidjson::kStringType: return b.text(s, std::string_view(v.GetString(), v.GetStringLength()));
            case rapidjson::kNumberType:
                if (v.IsInt64()) return b.integer(s, v.GetInt64());
                return b.real(s, v.GetDouble());
            default: return b.other(s);
        }
    }
};

class rapidjson_dom_peer final : public peer {
public:
    bool parse(const std::string& body, digest& d) override {
        rj_document doc;
        doc.ParseInsitu(copy_.assign(body));
        if (doc.HasParseError()) {
            std::fprintf(stderr, "RapidJSON DOM: %s at offset %zu\n", rapidjson::GetParseError_En(doc.GetParseError()),
                         doc.GetErrorOffset());
            return false;
        }
        page_view page;
        if (!dom_walker<rapidjson_dom>::page(b_, static_cast<const rj_value&>(doc), [&](const peer_call& c) { deliver(d, c); }, page)) {
            std::fprintf(stderr, "RapidJSON DOM: %s\n", b_.failure());
            return false;
        }
        finish_page(d, page);
        return true;
    }
    static std::unique_ptr<peer> make() { return std::make_unique<rapidjson_dom_peer>(); }

private:
    record_builder b_;
    body_copy copy_;
};

}  // namespace bench
