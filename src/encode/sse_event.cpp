#include "encode/sse_event.hpp"

#include <cstring>
#include <stdexcept>

#include "encode/float_format.hpp"

namespace acoustream::encode {
namespace {

// Position of the first CR or LF in `text`, or npos. Two memchr scans, not
// find_first_of, which makes a call per byte (docs/benchmarks.md).
std::size_t find_line_break(std::string_view text) {
    if (text.empty()) return std::string_view::npos;  // data() may be null: no memchr
    const void* lf = std::memchr(text.data(), '\n', text.size());
    const std::size_t limit =
        lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - text.data()) : text.size();
    const void* cr = std::memchr(text.data(), '\r', limit);
    if (cr) return static_cast<std::size_t>(static_cast<const char*>(cr) - text.data());
    return lf ? limit : std::string_view::npos;
}

// Appends `prefix` + line + '\n' for each line of `text`, splitting on CR LF,
// CR or LF. The common case (one line) is a single append.
void append_lines(std::string& out, std::string_view prefix, std::string_view text) {
    while (true) {
        const std::size_t brk = find_line_break(text);
        out.append(prefix);
        out.append(text.substr(0, brk));
        out.push_back('\n');
        if (brk == std::string_view::npos) return;
        const bool crlf = text[brk] == '\r' && brk + 1 < text.size() && text[brk + 1] == '\n';
        text.remove_prefix(brk + (crlf ? 2 : 1));
    }
}

}  // namespace

std::string resolution_payload(unsigned decimate) {
    std::string out = R"({"type":"resolution","decimate":)";
    append_uint(out, decimate);
    out.push_back('}');
    return out;
}

std::string lagged_payload(std::uint64_t skipped, std::string_view of) {
    std::string out = R"({"type":"lagged","skipped":)";
    append_uint(out, skipped);
    if (!of.empty()) {
        out += R"(,"event":")";
        out += of;  // an event name of ours: no escaping needed
        out.push_back('"');
    }
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
