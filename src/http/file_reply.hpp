#pragma once
// A route's answer that is a file on disk (a recording), sent by the server
// in chunks from `offset` so a file of any size needs no memory of its size.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace acoustream::http {

struct FileReply {
    unsigned status = 200;  // 200, or 206 for a range
    std::string path;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace acoustream::http
