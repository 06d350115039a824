// bench/footprint/on_call.hpp — the callback of the parser, session and core images: it reads fields of
// every kind (text, enum, integer, decimal, nested object), so none of their code can be left out. Decimals
// are read as exact fixed point (decimal::to_scaled); with FP_DECIMALS_AS_DOUBLE defined (the parser_double
// image), as doubles, which links the soft-float routines and the exact slow path.
#pragma once

#include <swcalls/call_view.hpp>

#include <cstdint>

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
#ifdef FP_DECIMALS_AS_DOUBLE
    if (call.price) h += static_cast<unsigned>(*call.price * 1000.0);
    if (call.audio_in_mos) h += static_cast<unsigned>(*call.audio_in_mos * 100.0);
#else
    // Exact fixed point, in integers: what money wants, and no soft-float on a single-precision FPU.
    std::int64_t scaled = 0;
    if (call.price && call.price->to_scaled(3, scaled)) h += static_cast<unsigned>(scaled);
    if (call.audio_in_mos && call.audio_in_mos->to_scaled(2, scaled)) h += static_cast<unsigned>(scaled);
#endif
    if (call.subresource_uris.recordings) h += static_cast<unsigned>(call.subresource_uris.recordings->size());
    fp.sink = h;
};
using on_call_type = decltype(on_call);
}  // namespace
