#include "record/file_naming.hpp"

#include <ctime>

namespace acoustream::record {

std::string utc_stamp(std::uint64_t unix_ms) {
    const std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char text[32];
    const auto n = std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
    return std::string(text, n);
}

std::string audio_file_name(std::uint64_t start_unix_ms, std::uint64_t first_frame,
                            std::string_view extension) {
    std::string name = utc_stamp(start_unix_ms);
    name.push_back('_');
    name += std::to_string(first_frame);
    name.push_back('.');
    name += extension;
    return name;
}

bool safe_name(std::string_view name) {
    if (name.empty() || name.size() > 200 || name.front() == '.') return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

}  // namespace acoustream::record
