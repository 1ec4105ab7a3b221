#pragma once
// The recording routes under /api/audio/recordings (docs/api.md,
// "Recordings"): start, stop, list, get, download and delete, answered from
// the Recorder. Called once the request is authenticated; `may_write` says
// whether the token holds auth.write_scope. The Recorder may touch the disk,
// so the server calls these off its event loops.

#include <string_view>
#include <variant>

#include "http/file_reply.hpp"
#include "http/request_info.hpp"
#include "http/response.hpp"

namespace acoustream::record {
class Recorder;
}

namespace acoustream::http {

using RecordingAnswer = std::variant<Response, FileReply>;

// The methods a recordings path takes ("GET, HEAD, POST, OPTIONS"...), or
// empty when `rest` (the path after /api/audio/recordings) names none.
std::string_view recording_methods(std::string_view rest);
// Whether the route takes the write scope.
bool recording_write_method(std::string_view method);

class RecordingRoutes {
public:
    explicit RecordingRoutes(record::Recorder& recorder) : recorder_(recorder) {}

    // `may_write`: the token holds auth.write_scope (the list says so).
    RecordingAnswer handle(const RequestInfo& request, std::string_view rest, bool may_write);

private:
    Response start(const RequestInfo& request);
    RecordingAnswer download(const RequestInfo& request, const std::string& id,
                             const std::string& name);

    record::Recorder& recorder_;
};

}  // namespace acoustream::http
