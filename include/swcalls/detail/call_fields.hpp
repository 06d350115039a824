// swcalls/detail/call_fields.hpp — the one list of every call and page field swcalls models.
//
// Everything that must agree on the fields (the key lookup, filling call_view, the CLI's output) expands
// this list. call_view's members are written out by hand, for readers; filling it from this list fails to
// compile when a listed field has no member, so a new field is added here and in call_view.hpp.
#pragma once

// X(member, "json key", kind). Kinds: text, integer, decimal, status, direction, answered.
// Keys of `subresource_uris` are listed separately: they live one object deeper.
#define SWCALLS_CALL_FIELDS(X)                                  \
    X(sid, "sid", text)                                         \
    X(account_sid, "account_sid", text)                         \
    X(date_created, "date_created", text)                       \
    X(date_updated, "date_updated", text)                       \
    X(parent_call_sid, "parent_call_sid", text)                 \
    X(to, "to", text)                                           \
    X(from, "from", text)                                       \
    X(formatted_to, "formatted_to", text)                       \
    X(formatted_from, "formatted_from", text)                   \
    X(to_formatted, "to_formatted", text)                       \
    X(from_formatted, "from_formatted", text)                   \
    X(phone_number_sid, "phone_number_sid", text)               \
    X(status, "status", status)                                 \
    X(start_time, "start_time", text)                           \
    X(end_time, "end_time", text)                               \
    X(duration, "duration", integer)                            \
    X(price, "price", decimal)                                  \
    X(price_unit, "price_unit", text)                           \
    X(direction, "direction", direction)                        \
    X(answered_by, "answered_by", answered)                     \
    X(api_version, "api_version", text)                         \
    X(forwarded_from, "forwarded_from", text)                   \
    X(caller_name, "caller_name", text)                         \
    X(annotation, "annotation", text)                           \
    X(group_sid, "group_sid", text)                             \
    X(uri, "uri", text)                                         \
    X(queue_time, "queue_time", integer)                        \
    X(trunk_sid, "trunk_sid", text)                             \
    X(sip_result_code, "sip_result_code", text)                 \
    X(audio_in_mos, "audio_in_mos", decimal)                    \
    X(audio_rtt_avg, "audio_rtt_avg", decimal)                  \
    X(audio_rtt_min, "audio_rtt_min", decimal)                  \
    X(audio_rtt_max, "audio_rtt_max", decimal)                  \
    X(audio_out_jitter_min, "audio_out_jitter_min", decimal)    \
    X(audio_out_jitter_max, "audio_out_jitter_max", decimal)    \
    X(audio_out_jitter_avg, "audio_out_jitter_avg", decimal)    \
    X(audio_out_lost, "audio_out_lost", decimal)

#define SWCALLS_SUBRESOURCE_FIELDS(X)                           \
    X(notifications, "notifications", text)                     \
    X(recordings, "recordings", text)

// Page fields: text or integer, all nullable.
#define SWCALLS_PAGE_FIELDS(X)                                  \
    X(uri, "uri", text)                                         \
    X(first_page_uri, "first_page_uri", text)                   \
    X(next_page_uri, "next_page_uri", text)                     \
    X(previous_page_uri, "previous_page_uri", text)             \
    X(account_sid, "account_sid", text)                         \
    X(page, "page", integer)                                    \
    X(page_size, "page_size", integer)                          \
    X(start, "start", integer)                                  \
    X(end, "end", integer)
