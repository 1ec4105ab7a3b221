#include "encode/sse_event.hpp"

#include <cstring>
#include <stdexcept>

#include "encode/float_format.hpp"

namespace acoustream::encode {
namespace {

// Appends `prefix` + line + '\n' for each line of `text`, splitting on CR LF,
// CR or LF. The common case (one line) is a single append.
void append_lines(std::string& out, std::string_view prefix, std::string_view text) {
    while (true) {
        const std::size_t brk = text.find_first_of("\r\n");
        out.append(prefix);
        out.append(text.substr(0, brk));
        out.push_back('\n');
        if (brk == std::string_view::npos) return;
        const std::size_t skip =
            (text[brk] == '\r' && brk + 1 < text.size() && text[brk + 1] == '\n') ? 2 : 1;
        text.remove_prefix(brk + skip);
    }
}

}  // namespace

std::string lagged_payload(std::uint64_t skipped) {
    std::string out = R"({"type":"lagged","skipped":)";
    append_uint(out, skipped);
    out.push_back('}');
    return out;
}

std::string sse_event(std::string_view data, std::optional<std::uint64_t> id,
                      std::string_view event) {
    if (event.find_first_of("\r\n") != std::string_view::npos) {
        throw std::invalid_argument("SSE event name must not contain a line break");
    }
    std::string out;
    // Exact for single-line data, the frame case: no reallocation of a 100 KB payload.
    out.reserve(data.size() + event.size() + kMaxUintChars + 24);
    if (id) {
        out.append("id: ");
        append_uint(out, *id);
        out.push_back('\n');
    }
    if (!event.empty()) {
        out.append("event: ");
        out.append(event);
        out.push_back('\n');
    }
    append_lines(out, "data: ", data);
    out.push_back('\n');
    return out;
}

std::string sse_retry(unsigned milliseconds) {
    std::string out = "retry: ";
    append_uint(out, milliseconds);
    out.append("\n\n");
    return out;
}

std::string sse_comment(std::string_view text) {
    std::string out;
    append_lines(out, ": ", text);
    out.push_back('\n');
    return out;
}

}  // namespace acoustream::encode
