// bench/footprint/on_call.hpp — the callback of the parser, session and core images: it reads fields of
// every kind (text, enum, integer, decimal, nested object), so none of their code can be left out.
#pragma once

#include <swcalls/call_view.hpp>

#include "footprint_io.hpp"

namespace {
auto on_call = [](const swcalls::call_view& call) {
    unsigned h = 0;
    if (call.sid) h += static_cast<unsigned>(call.sid->size());
    if (call.to) h += static_cast<unsigned>(call.to->size());
    if (call.date_created) h += static_cast<unsigned>(call.date_created->size());
    if (call.status) h += static_cast<unsigned>(*call.status);
    if (call.direction) h += static_cast<unsigned>(*call.direction);
    if (call.duration) h += static_cast<unsigned>(*call.duration);
    if (call.price) h += static_cast<unsigned>(*call.price * 1000.0);
    if (call.audio_in_mos) h += static_cast<unsigned>(*call.audio_in_mos * 100.0);
    if (call.subresource_uris.recordings) h += static_cast<unsigned>(call.subresource_uris.recordings->size());
    fp.sink = h;
};
using on_call_type = decltype(on_call);
}  // namespace
