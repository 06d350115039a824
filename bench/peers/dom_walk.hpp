// bench/peers/dom_walk.hpp — one walk over a finished JSON tree, for every DOM peer.
//
// `Dom` adapts a library's tree: is_object/is_array, members(v, f(key, value)) in the tree's order,
// elements(v, f(value)), and scalar(builder, slot, v) for a value in a modelled slot (a string, number, null,
// or anything else). f returns false to stop; so do members/elements then. Unknown keys cost one lookup.
#pragma once

#include <string_view>

#include "peer.hpp"

namespace bench {

template <class Dom>
class dom_walker {
public:
    // The page object: every call delivered through `p`, then the page fields.
    template <class Value, class Deliver>
    static bool page(record_builder& b, const Value& root, Deliver&& deliver_call, page_view& out) {
        if (!Dom::is_object(root)) return b.fail("not a calls page: the top level is not an object");
        b.begin_page();
        std::size_t calls = 0;
        bool saw_calls = false;
        bool ok = Dom::members(root, [&](std::string_view key, const auto& value) {
            const slot s = tables().page.find(key.data(), key.size());
            if (s != s_page_calls) return Dom::scalar(b, s, value);
            saw_calls = true;
            if (!Dom::is_array(value)) return b.fail("not a calls page: \"calls\" is not an array");
            return Dom::elements(value, [&](const auto& call) {
                if (!Dom::is_object(call)) return b.fail("not a calls page: a \"calls\" element is not an object");
                b.begin_call();
                if (!call_fields(b, call)) return false;
                ++calls;
                deliver_call(b.call);
                return true;
            });
        });
        if (!ok) return false;
        if (!saw_calls) return b.fail("not a calls page: no \"calls\" array");
        b.page.calls = calls;
        out = b.page;
        return true;
    }

private:
    template <class Value>
    static bool call_fields(record_builder& b, const Value& call) {
        return Dom::members(call, [&](std::string_view key, const auto& value) {
            const slot s = tables().call.find(key.data(), key.size());
            if (s != s_call_subresource_uris) return Dom::scalar(b, s, value);
            if (!Dom::is_object(value)) return Dom::is_null(value) ? true : b.fail("wrong field type: subresource_uris");
            return Dom::members(value, [&](std::string_view k, const auto& v) {
                return Dom::scalar(b, tables().sub.find(k.data(), k.size()), v);
            });
        });
    }
};

}  // namespace bench
