#pragma once
// Server-Sent Events framing (WHATWG HTML, "server-sent events").
//
// Serialise once: the HTTP layer builds each event's bytes once per frame and
// per variant (e.g. sse_event(encode_audio_json(frame), frame.frame_number)),
// keeps them as one shared immutable string, and writes that same buffer to
// every client of the variant.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace acoustream::encode {

// Payloads of the control events (docs/api.md, "Streams").
inline constexpr std::string_view kHeartbeatPayload = R"({"type":"heartbeat"})";
// {"type":"lagged","skipped":N}, or with `of` given (a stream carrying several
// types) {"type":"lagged","skipped":N,"event":"<of>"}: which type lagged.
[[nodiscard]] std::string lagged_payload(std::uint64_t skipped, std::string_view of = {});
// {"type":"resolution","decimate":K}: the audio decimation the stream now sends
// (the degrade slow-client policy).
[[nodiscard]] std::string resolution_payload(unsigned decimate);

// `id: N\n` (when given), `event: NAME\n` (when not empty), then one
// `data: ...\n` line per line of `data` (CR LF, CR and LF all split lines, as
// an EventSource parses them back), then the blank line that dispatches the
// event. An empty `data` gives one empty `data:` line. Throws
// std::invalid_argument if `event` contains CR or LF (it would end the field).
[[nodiscard]] std::string sse_event(std::string_view data, std::optional<std::uint64_t> id = {},
                                    std::string_view event = {});

// `retry: MS\n\n`: the client's reconnection delay; sent before the first event.
[[nodiscard]] std::string sse_retry(unsigned milliseconds);

// `: TEXT\n\n`: a comment, ignored by clients (keeps idle proxies from closing
// the connection). Line breaks in `text` start new comment lines.
[[nodiscard]] std::string sse_comment(std::string_view text);

}  // namespace acoustream::encode
