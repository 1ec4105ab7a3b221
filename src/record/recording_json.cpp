#include "record/recording_json.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>

namespace acoustream::record {

namespace json = boost::json;

boost::json::object to_json(const RecordingFile& file) {
    return {{"name", file.name},
            {"bytes", file.bytes},
            {"first_frame", file.first_frame},
            {"last_frame", file.last_frame},
            {"frames", file.frames},
            {"samples", file.samples},
            {"start_timestamp", file.start_timestamp},
            {"complete", file.complete}};
}

namespace {

json::object gap_json(const Gap& gap) {
    return {{"after_frame", gap.after_frame},
            {"skipped", gap.skipped},
            {"missing_ms", gap.missing_ms},
            {"cause", to_string(gap.cause)}};
}

template <class T>
json::value optional_value(const std::optional<T>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

std::uint64_t u64(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v) throw std::runtime_error("missing \"" + std::string(key) + "\"");
    return json::value_to<std::uint64_t>(*v);
}

std::optional<std::uint64_t> optional_u64(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    return json::value_to<std::uint64_t>(*v);
}

std::string text(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) return {};
    return std::string(v->get_string());
}

RecordingFile file_from_json(const json::object& o) {
    RecordingFile f;
    f.name = text(o, "name");
    f.bytes = u64(o, "bytes");
    f.first_frame = u64(o, "first_frame");
    f.last_frame = u64(o, "last_frame");
    f.frames = u64(o, "frames");
    f.samples = u64(o, "samples");
    f.start_timestamp = u64(o, "start_timestamp");
    const auto* complete = o.if_contains("complete");
    f.complete = complete && complete->is_bool() && complete->get_bool();
    return f;
}

Gap gap_from_json(const json::object& o) {
    Gap g;
    g.after_frame = u64(o, "after_frame");
    g.skipped = u64(o, "skipped");
    g.missing_ms = u64(o, "missing_ms");
    g.cause = parse_cause(text(o, "cause")).value_or(Gap::Cause::queue_full);
    return g;
}

}  // namespace

boost::json::object to_json(const Recording& r) {
    json::array gaps;
    for (const auto& g : r.gaps) gaps.push_back(gap_json(g));
    json::array files;
    for (const auto& f : r.files) files.push_back(to_json(f));
    json::object o{{"id", r.id},
                   {"label", r.label},
                   {"state", to_string(r.state)},
                   {"format", to_string(r.format)},
                   {"sample_rate", r.sample_rate},
                   {"started_at", r.started_at},
                   {"stopped_at", optional_value(r.stopped_at)},
                   {"first_frame", optional_value(r.first_frame)},
                   {"last_frame", optional_value(r.last_frame)},
                   {"frames", r.frames},
                   {"frames_lost", r.frames_lost},
                   {"gaps", std::move(gaps)},
                   {"bytes", r.bytes},
                   {"files", std::move(files)}};
    if (!r.error.empty()) o["error"] = r.error;
    if (r.stop_requested && r.state == State::recording) o["stop_requested"] = true;
    return o;
}

std::optional<Recording> recording_from_json(const std::string& text_in, std::string& why) {
    try {
        const auto value = json::parse(text_in);
        const auto& o = value.as_object();
        Recording r;
        r.id = text(o, "id");
        r.label = text(o, "label");
        const auto state = parse_state(text(o, "state"));
        const auto format = parse_format(text(o, "format"));
        if (r.id.empty() || !state || !format) throw std::runtime_error("no id, state or format");
        r.state = *state;
        r.format = *format;
        r.sample_rate = static_cast<std::uint32_t>(u64(o, "sample_rate"));
        r.started_at = u64(o, "started_at");
        r.stopped_at = optional_u64(o, "stopped_at");
        r.first_frame = optional_u64(o, "first_frame");
        r.last_frame = optional_u64(o, "last_frame");
        r.frames = u64(o, "frames");
        r.frames_lost = u64(o, "frames_lost");
        r.bytes = u64(o, "bytes");
        r.error = text(o, "error");
        for (const auto& g : o.at("gaps").as_array())
            r.gaps.push_back(gap_from_json(g.as_object()));
        for (const auto& f : o.at("files").as_array())
            r.files.push_back(file_from_json(f.as_object()));
        return r;
    } catch (const std::exception& e) {
        why = e.what();
        return std::nullopt;
    }
}

boost::json::object sidecar_json(const Recording& recording, const RecordingFile& file,
                                 const Provenance& provenance) {
    json::object o = to_json(file);
    json::array gaps;
    for (const auto& g : recording.gaps)
        if (g.after_frame + 1 >= file.first_frame && g.after_frame <= file.last_frame + 1)
            gaps.push_back(gap_json(g));
    o["recording"] = recording.id;
    o["label"] = recording.label;
    o["format"] = to_string(recording.format);
    o["sample_rate"] = recording.sample_rate;
    o["channels"] = json::array{"a", "b"};
    o["gaps"] = std::move(gaps);
    o["source"] = provenance.source;
    o["software"] = "acoustream " + provenance.version;
    o["config_digest"] = provenance.config_digest;
    return o;
}

std::string write_file_atomically(const std::filesystem::path& path, const std::string& text) {
    const auto tmp = path.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return "cannot create " + tmp + ": " + std::strerror(errno);
    std::size_t done = 0;
    while (done < text.size()) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return "cannot write " + tmp + ": " + why;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        return "cannot replace " + path.string() + ": " + why;
    }
    return {};
}

}  // namespace acoustream::record
