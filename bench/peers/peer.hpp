// bench/peers/peer.hpp — the interface every benchmarked parser implements.
//
// A peer parses one page body at a time and delivers every call, fully extracted into a call_view (swcalls)
// or a peer_call (the others), to the shared consumer (`digest`), then the page's own fields. One peer object lives for many pages, as it would
// in a program that lists calls: whatever it keeps between pages (buffers, parser capacity) is its state, and
// the memory probe counts it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "../bench_record.hpp"

namespace bench {

class peer {
public:
    virtual ~peer() = default;
    // Parses one page body; false with a message on stderr on any error.
    virtual bool parse(const std::string& body, digest& d) = 0;

    // Verification only (untimed): also see every call, and render every page.
    call_observer* observer = nullptr;
    std::vector<std::string>* page_renders = nullptr;

protected:
    template <class Call>  // call_view (swcalls) or peer_call (the others)
    void deliver(digest& d, const Call& call) {
        d.add_call(call);
        if (observer) (*observer)(render(call));
    }
    void finish_page(digest& d, const page_view& page) {
        d.add_page(page);
        if (page_renders) page_renders->push_back(render(page));
    }
};

using peer_factory = std::function<std::unique_ptr<peer>()>;

}  // namespace bench
