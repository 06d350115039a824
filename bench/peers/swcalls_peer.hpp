// bench/peers/swcalls_peer.hpp — swcalls::page_parser, fed the whole body or in fixed-size chunks.
//
// The parser is built once over a 4096-byte storage (the caller's, here a member) and reset() between pages:
// exactly what list_calls does. Its callback hands each call_view to the shared consumer.
#pragma once

#include <swcalls/page_parser.hpp>

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "peer.hpp"

namespace bench {

class swcalls_peer final : public peer {
public:
    static constexpr std::size_t storage_size = 4096;

    explicit swcalls_peer(std::size_t chunk) : chunk_(chunk) {}  // 0: the whole body in one feed()
    static std::size_t parser_size();  // sizeof the page_parser object: its state beyond the caller's storage

    bool parse(const std::string& body, digest& d) override {
        d_ = &d;
        parser_.reset();
        std::error_code ec;
        if (chunk_ == 0 || chunk_ >= body.size()) {
            ec = parser_.feed(body.data(), body.size());
        } else {
            for (std::size_t off = 0; off < body.size() && !ec; off += chunk_)
                ec = parser_.feed(body.data() + off, std::min(chunk_, body.size() - off));
        }
        if (!ec) ec = parser_.finish();
        if (ec) {
            std::fprintf(stderr, "swcalls (chunk %zu): %s at offset %" PRIu64 "\n", chunk_, ec.message().c_str(),
                         static_cast<std::uint64_t>(parser_.error_offset()));
            return false;
        }
        finish_page(d, parser_.page());
        return true;
    }

private:
    struct on_call {
        swcalls_peer* self;
        void operator()(const call_view& call) const { self->deliver(*self->d_, call); }
    };

    std::size_t chunk_;
    digest* d_ = nullptr;
    char storage_[storage_size];
    swcalls::page_parser<on_call> parser_{storage_, on_call{this}};
};

inline std::size_t swcalls_peer::parser_size() { return sizeof(swcalls::page_parser<on_call>); }

}  // namespace bench
