#pragma once
// Names on disk (docs/api.md, "Recordings"): files are
// `<UTC start as yyyymmddThhmmssZ>_<first_frame>.<ext>`, recordings are
// directories named for their UTC start; neither is ever reused.

#include <cstdint>
#include <string>
#include <string_view>

namespace acoustream::record {

// "20261204T221500Z" for a Unix time in milliseconds.
std::string utc_stamp(std::uint64_t unix_ms);

std::string audio_file_name(std::uint64_t start_unix_ms, std::uint64_t first_frame,
                            std::string_view extension);

// True for a name the recorder could have made: letters, digits, '_', '-',
// '.', not starting with '.', no '/' (so a request cannot leave the folder).
bool safe_name(std::string_view name);

}  // namespace acoustream::record
