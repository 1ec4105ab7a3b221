#include "config/config_loader.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <string_view>
#include <system_error>
#include <vector>

#include "config/config_limits.hpp"
#include "config/config_validate.hpp"
#include "config/key_suggest.hpp"
#include "config/scalar_text.hpp"
#include "config/text_format.hpp"

namespace acoustream::config {
namespace {

// yaml-cpp marks plain (unquoted) scalars with the non-specific tag "?";
// only those may be read as numbers or booleans.
bool is_plain_scalar(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "?"; }

std::string describe_node(const YAML::Node& node) {
    if (node.IsNull()) return "null";
    if (node.IsSequence()) return "a list";
    if (node.IsMap()) return "a mapping";
    if (node.Tag() == "!") return "the quoted string " + quote_text(node.Scalar());
    return quote_text(node.Scalar());
}

std::string join_key(const std::string& parent, std::string_view name) {
    return parent.empty() ? std::string(name) : parent + '.' + std::string(name);
}

std::string element_key(const std::string& parent, std::size_t index) {
    return parent + '[' + std::to_string(index) + ']';
}

KeyPosition position_of(const YAML::Mark& mark) {
    if (mark.is_null() || mark.line < 0) return {};
    return {mark.line + 1, mark.column + 1};
}

// One `key: value` pair of a mapping; errors about the value point at the key,
// because yaml-cpp places an empty (null) value's mark on the following line.
struct Entry {
    const YAML::Node& key;
    const YAML::Node& value;
    std::string path;
};

class Reader;

template <class T>
struct Field {
    std::string_view name;
    void (*parse)(Reader&, const Entry&, T&);
};

template <class T, std::size_t N>
std::vector<std::string_view> names_of(const std::array<Field<T>, N>& fields) {
    std::vector<std::string_view> names;
    for (const auto& field : fields) names.push_back(field.name);
    return names;
}

const std::vector<std::string>& all_dotted_keys();

class Reader {
public:
    Reader(const std::string& origin, KeyPositions& positions)
        : origin_(origin), positions_(positions) {}

    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& key,
                           const std::string& detail) const {
        const KeyPosition where = position_of(mark);
        throw ConfigError(origin_, where.line, where.column, key, detail);
    }

    [[noreturn]] void fail(const Entry& entry, const std::string& detail) const {
        fail(entry.key.Mark(), entry.path, detail);
    }

    template <class T, std::size_t N>
    void section(const YAML::Node& map, const YAML::Mark& where, const std::string& path,
                 const std::array<Field<T>, N>& fields, T& out) {
        if (map.IsNull()) return;  // "server:" with nothing under it keeps the defaults
        if (!map.IsMap()) {
            if (path.empty()) {
                fail(where, path,
                     "expected a mapping of sections (server, auth, acquisition, streaming, "
                     "logging) at the top level, got " +
                         describe_node(map));
            }
            fail(where, path, "expected a mapping, got " + describe_node(map));
        }
        for (auto it = map.begin(); it != map.end(); ++it) {
            // Copies: the iterator hands out a temporary pair proxy.
            const YAML::Node key = it->first;
            const YAML::Node value = it->second;
            if (!key.IsScalar()) {
                fail(key.IsNull() ? where : key.Mark(), path,
                     "keys must be strings, got " + describe_node(key));
            }
            const std::string& name = key.Scalar();
            const std::string child = join_key(path, name);
            const Field<T>* field = nullptr;
            for (const auto& candidate : fields) {
                if (candidate.name == name) field = &candidate;
            }
            if (field == nullptr) unknown_key(key.Mark(), path, name, names_of(fields));
            if (const auto seen = positions_.find(child); seen != positions_.end()) {
                fail(key.Mark(), child,
                     "duplicate key (first set on line " + std::to_string(seen->second.line) + ")");
            }
            positions_[child] = position_of(key.Mark());
            field->parse(*this, Entry{key, value, child}, out);
        }
    }

    template <class T, std::size_t N>
    void section(const Entry& entry, const std::array<Field<T>, N>& fields, T& out) {
        section(entry.value, entry.key.Mark(), entry.path, fields, out);
    }

    template <class T>
    T integer(const Entry& entry, IntRange<T> allowed) {
        return static_cast<T>(unsigned_in(entry.value, entry.key.Mark(), entry.path,
                                          static_cast<std::uint64_t>(allowed.min),
                                          static_cast<std::uint64_t>(allowed.max)));
    }

    template <class T>
    std::optional<T> optional_integer(const Entry& entry, IntRange<T> allowed) {
        if (entry.value.IsNull()) return std::nullopt;
        return integer(entry, allowed);
    }

    double real(const Entry& entry) const {
        if (!is_plain_scalar(entry.value)) {
            fail(entry, "expected a number, got " + describe_node(entry.value));
        }
        const auto value = parse_real_text(entry.value.Scalar());
        if (!value) fail(entry, "expected a number, got " + describe_node(entry.value));
        if (!std::isfinite(*value)) {
            fail(entry, "expected a finite number, got " + describe_node(entry.value));
        }
        return *value;
    }

    bool boolean(const Entry& entry) const {
        const auto value =
            is_plain_scalar(entry.value) ? parse_bool_text(entry.value.Scalar()) : std::nullopt;
        if (!value) fail(entry, "expected true or false, got " + describe_node(entry.value));
        return *value;
    }

    std::string string(const Entry& entry) const {
        if (!entry.value.IsScalar()) {
            fail(entry, "expected a string, got " + describe_node(entry.value));
        }
        return entry.value.Scalar();
    }

    std::optional<std::string> optional_string(const Entry& entry) const {
        if (entry.value.IsNull()) return std::nullopt;
        return string(entry);
    }

    std::vector<std::string> string_list(const Entry& entry) {
        if (!entry.value.IsSequence()) {
            fail(entry, "expected a list of strings, got " + describe_node(entry.value));
        }
        std::vector<std::string> out;
        for (std::size_t i = 0; i < entry.value.size(); ++i) {
            const YAML::Node element = entry.value[i];
            const std::string key = element_key(entry.path, i);
            const YAML::Mark mark = element_mark(element, entry);
            if (!element.IsScalar())
                fail(mark, key, "expected a string, got " + describe_node(element));
            positions_[key] = position_of(mark);
            out.push_back(element.Scalar());
        }
        return out;
    }

    std::array<int, 2> channels(const Entry& entry) {
        if (!entry.value.IsSequence()) {
            fail(entry, "expected a list of 2 channel indices, got " + describe_node(entry.value));
        }
        if (entry.value.size() != 2) {
            fail(entry, "expected exactly 2 channel indices (A and B), got " +
                            std::to_string(entry.value.size()));
        }
        std::array<int, 2> out{};
        for (std::size_t i = 0; i < out.size(); ++i) {
            const YAML::Node element = entry.value[i];
            const std::string key = element_key(entry.path, i);
            const YAML::Mark mark = element_mark(element, entry);
            positions_[key] = position_of(mark);
            out[i] = static_cast<int>(
                unsigned_in(element, mark, key, limits::kChannel.min, limits::kChannel.max));
        }
        return out;
    }

private:
    static YAML::Mark element_mark(const YAML::Node& element, const Entry& entry) {
        return element.IsNull() ? entry.key.Mark() : element.Mark();
    }

    std::uint64_t unsigned_in(const YAML::Node& value, const YAML::Mark& mark,
                              const std::string& key, std::uint64_t min, std::uint64_t max) const {
        const std::string expected = "expected a non-negative integer, got ";
        if (!is_plain_scalar(value)) fail(mark, key, expected + describe_node(value));
        const UnsignedText parsed = parse_unsigned_text(value.Scalar());
        if (parsed.status == UnsignedText::Status::not_an_integer) {
            fail(mark, key, expected + describe_node(value));
        }
        if (parsed.status == UnsignedText::Status::too_large || parsed.value < min ||
            parsed.value > max) {
            fail(mark, key,
                 "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                     ", got " + value.Scalar());
        }
        return parsed.value;
    }

    [[noreturn]] void unknown_key(const YAML::Mark& mark, const std::string& parent,
                                  const std::string& name,
                                  const std::vector<std::string_view>& siblings) const {
        const std::string key = join_key(parent, name);
        if (name.find('.') != std::string::npos) {
            for (const std::string& known : all_dotted_keys()) {
                if (known == key) {
                    fail(mark, key,
                         "unknown key; dotted keys are not expanded, nest it under its section "
                         "instead");
                }
            }
        }
        if (const auto close = closest_key(name, siblings)) {
            fail(mark, key, "unknown key; did you mean \"" + std::string(*close) + "\"?");
        }
        // The right name in the wrong section, e.g. "port" under "streaming".
        for (const std::string& known : all_dotted_keys()) {
            const auto dot = known.rfind('.');
            const std::string_view leaf = dot == std::string::npos
                                              ? std::string_view(known)
                                              : std::string_view(known).substr(dot + 1);
            if (edit_distance(leaf, name) == 0) {
                fail(mark, key, "unknown key; did you mean \"" + known + "\"?");
            }
        }
        std::string list;
        for (const std::string_view sibling : siblings) {
            list += list.empty() ? "" : ", ";
            list += sibling;
        }
        fail(mark, key, "unknown key (expected one of: " + list + ")");
    }

    const std::string& origin_;
    KeyPositions& positions_;
};

// The schema: one table per section, in the order of docs/configuration.md.

constexpr std::array<Field<ServerConfig>, 10> kServerFields{{
    {"address", [](Reader& r, const Entry& e, ServerConfig& c) { c.address = r.string(e); }},
    {"port",
     [](Reader& r, const Entry& e, ServerConfig& c) { c.port = r.integer(e, limits::kPort); }},
    {"cors_allowed_origins",
     [](Reader& r, const Entry& e, ServerConfig& c) { c.cors_allowed_origins = r.string_list(e); }},
    {"trusted_proxies",
     [](Reader& r, const Entry& e, ServerConfig& c) { c.trusted_proxies = r.string_list(e); }},
    {"max_connections",
     [](Reader& r, const Entry& e, ServerConfig& c) {
         c.max_connections = r.integer(e, limits::kMaxConnections);
     }},
    {"max_header_bytes",
     [](Reader& r, const Entry& e, ServerConfig& c) {
         c.max_header_bytes = r.integer(e, limits::kMaxHeaderBytes);
     }},
    {"header_timeout_secs",
     [](Reader& r, const Entry& e, ServerConfig& c) {
         c.header_timeout_secs = r.integer(e, limits::kHeaderTimeoutSecs);
     }},
    {"threads", [](Reader& r, const Entry& e,
                   ServerConfig& c) { c.threads = r.integer(e, limits::kThreads); }},
    {"web_root", [](Reader& r, const Entry& e, ServerConfig& c) { c.web_root = r.string(e); }},
    {"vendor_root",
     [](Reader& r, const Entry& e, ServerConfig& c) { c.vendor_root = r.string(e); }},
}};

constexpr std::array<Field<AuthConfig>, 8> kAuthFields{{
    {"hmac_secret",
     [](Reader& r, const Entry& e, AuthConfig& c) { c.hmac_secret = r.optional_string(e); }},
    {"rs256_public_key",
     [](Reader& r, const Entry& e, AuthConfig& c) { c.rs256_public_key = r.optional_string(e); }},
    {"issuer", [](Reader& r, const Entry& e, AuthConfig& c) { c.issuer = r.optional_string(e); }},
    {"audience",
     [](Reader& r, const Entry& e, AuthConfig& c) { c.audience = r.optional_string(e); }},
    {"required_scope",
     [](Reader& r, const Entry& e, AuthConfig& c) { c.required_scope = r.string(e); }},
    {"write_scope", [](Reader& r, const Entry& e, AuthConfig& c) { c.write_scope = r.string(e); }},
    {"allow_query_token",
     [](Reader& r, const Entry& e, AuthConfig& c) { c.allow_query_token = r.boolean(e); }},
    {"leeway_secs", [](Reader& r, const Entry& e,
                       AuthConfig& c) { c.leeway_secs = r.integer(e, limits::kLeewaySecs); }},
}};

using FileConfig = AcquisitionConfig::FileConfig;
using MicrophoneConfig = AcquisitionConfig::MicrophoneConfig;
using SimulatedConfig = AcquisitionConfig::SimulatedConfig;

constexpr std::array<Field<FileConfig>, 4> kFileFields{{
    {"path", [](Reader& r, const Entry& e, FileConfig& c) { c.path = r.optional_string(e); }},
    {"loop", [](Reader& r, const Entry& e, FileConfig& c) { c.loop = r.boolean(e); }},
    {"realtime", [](Reader& r, const Entry& e, FileConfig& c) { c.realtime = r.boolean(e); }},
    {"channels", [](Reader& r, const Entry& e, FileConfig& c) { c.channels = r.channels(e); }},
}};

constexpr std::array<Field<MicrophoneConfig>, 2> kMicrophoneFields{{
    {"device", [](Reader& r, const Entry& e, MicrophoneConfig& c) { c.device = r.string(e); }},
    {"channels",
     [](Reader& r, const Entry& e, MicrophoneConfig& c) { c.channels = r.channels(e); }},
}};

constexpr std::array<Field<SimulatedConfig>, 7> kSimulatedFields{{
    {"frequency", [](Reader& r, const Entry& e, SimulatedConfig& c) { c.frequency = r.real(e); }},
    {"amplitude", [](Reader& r, const Entry& e, SimulatedConfig& c) { c.amplitude = r.real(e); }},
    {"noise_amplitude",
     [](Reader& r, const Entry& e, SimulatedConfig& c) { c.noise_amplitude = r.real(e); }},
    {"phase_difference_deg",
     [](Reader& r, const Entry& e, SimulatedConfig& c) { c.phase_difference_deg = r.real(e); }},
    {"seed",
     [](Reader& r, const Entry& e, SimulatedConfig& c) { c.seed = r.integer(e, limits::kSeed); }},
    {"modulation_depth",
     [](Reader& r, const Entry& e, SimulatedConfig& c) { c.modulation_depth = r.real(e); }},
    {"modulation_frequency",
     [](Reader& r, const Entry& e, SimulatedConfig& c) { c.modulation_frequency = r.real(e); }},
}};

constexpr std::array<Field<AcquisitionConfig>, 7> kAcquisitionFields{{
    {"source", [](Reader& r, const Entry& e, AcquisitionConfig& c) { c.source = r.string(e); }},
    {"sample_rate",
     [](Reader& r, const Entry& e, AcquisitionConfig& c) {
         c.sample_rate = r.integer(e, limits::kSampleRate);
     }},
    {"target_fps",
     [](Reader& r, const Entry& e, AcquisitionConfig& c) { c.target_fps = r.real(e); }},
    {"frame_size",
     [](Reader& r, const Entry& e, AcquisitionConfig& c) {
         c.frame_size = r.optional_integer(e, limits::kFrameSize);
     }},
    {"file",
     [](Reader& r, const Entry& e, AcquisitionConfig& c) { r.section(e, kFileFields, c.file); }},
    {"microphone", [](Reader& r, const Entry& e,
                      AcquisitionConfig& c) { r.section(e, kMicrophoneFields, c.microphone); }},
    {"simulated", [](Reader& r, const Entry& e,
                     AcquisitionConfig& c) { r.section(e, kSimulatedFields, c.simulated); }},
}};

constexpr std::array<Field<StreamingConfig>, 12> kStreamingFields{{
    {"broadcast_buffer_size",
     [](Reader& r, const Entry& e, StreamingConfig& c) {
         c.broadcast_buffer_size = r.integer(e, limits::kBroadcastBufferSize);
     }},
    {"sse_timeout_secs",
     [](Reader& r, const Entry& e, StreamingConfig& c) {
         c.sse_timeout_secs = r.integer(e, limits::kSseTimeoutSecs);
     }},
    {"enable_heartbeats",
     [](Reader& r, const Entry& e, StreamingConfig& c) { c.enable_heartbeats = r.boolean(e); }},
    {"slow_client_policy",
     [](Reader& r, const Entry& e, StreamingConfig& c) { c.slow_client_policy = r.string(e); }},
    {"max_degrade_decimate",
     [](Reader& r, const Entry& e, StreamingConfig& c) {
         c.max_degrade_decimate = r.integer(e, limits::kMaxDegradeDecimate);
     }},
    {"write_timeout_secs",
     [](Reader& r, const Entry& e, StreamingConfig& c) {
         c.write_timeout_secs = r.integer(e, limits::kWriteTimeoutSecs);
     }},
    {"sse_retry_ms",
     [](Reader& r, const Entry& e, StreamingConfig& c) {
         c.sse_retry_ms = r.integer(e, limits::kSseRetryMs);
     }},
    {"client_max_queue_bytes",
     [](Reader& r, const Entry& e, StreamingConfig& c) {
         c.client_max_queue_bytes = r.integer(e, limits::kClientMaxQueueBytes);
     }},
    {"socket_send_buffer_bytes",
     [](Reader& r, const Entry& e, StreamingConfig& c) {
         c.socket_send_buffer_bytes = r.integer(e, limits::kSocketSendBufferBytes);
     }},
    {"spectral_window_size",
     [](Reader& r, const Entry& e, StreamingConfig& c) {
         c.spectral_window_size = r.integer(e, limits::kSpectralWindowSize);
     }},
    {"spectral_window",
     [](Reader& r, const Entry& e, StreamingConfig& c) { c.spectral_window = r.string(e); }},
    {"spectral_averages",
     [](Reader& r, const Entry& e, StreamingConfig& c) {
         c.spectral_averages = r.integer(e, limits::kSpectralAverages);
     }},
}};

constexpr std::array<Field<RecordingConfig>, 7> kRecordingFields{{
    {"directory", [](Reader& r, const Entry& e, RecordingConfig& c) { c.directory = r.string(e); }},
    {"format", [](Reader& r, const Entry& e, RecordingConfig& c) { c.format = r.string(e); }},
    {"rotate_secs", [](Reader& r, const Entry& e,
                       RecordingConfig& c) { c.rotate_secs = r.integer(e, limits::kRotateSecs); }},
    {"rotate_bytes",
     [](Reader& r, const Entry& e, RecordingConfig& c) {
         c.rotate_bytes = r.integer(e, limits::kRotateBytes);
     }},
    {"max_total_bytes",
     [](Reader& r, const Entry& e, RecordingConfig& c) {
         c.max_total_bytes = r.integer(e, limits::kMaxTotalBytes);
     }},
    {"autostart",
     [](Reader& r, const Entry& e, RecordingConfig& c) { c.autostart = r.boolean(e); }},
    {"queue_secs", [](Reader& r, const Entry& e, RecordingConfig& c) { c.queue_secs = r.real(e); }},
}};

constexpr std::array<Field<LoggingConfig>, 3> kLoggingFields{{
    {"level", [](Reader& r, const Entry& e, LoggingConfig& c) { c.level = r.string(e); }},
    {"format", [](Reader& r, const Entry& e, LoggingConfig& c) { c.format = r.string(e); }},
    {"access", [](Reader& r, const Entry& e, LoggingConfig& c) { c.access = r.boolean(e); }},
}};

constexpr std::array<Field<Config>, 6> kRootFields{{
    {"server", [](Reader& r, const Entry& e, Config& c) { r.section(e, kServerFields, c.server); }},
    {"auth", [](Reader& r, const Entry& e, Config& c) { r.section(e, kAuthFields, c.auth); }},
    {"acquisition",
     [](Reader& r, const Entry& e, Config& c) { r.section(e, kAcquisitionFields, c.acquisition); }},
    {"streaming",
     [](Reader& r, const Entry& e, Config& c) { r.section(e, kStreamingFields, c.streaming); }},
    {"recording",
     [](Reader& r, const Entry& e, Config& c) { r.section(e, kRecordingFields, c.recording); }},
    {"logging",
     [](Reader& r, const Entry& e, Config& c) { r.section(e, kLoggingFields, c.logging); }},
}};

const std::vector<std::string>& all_dotted_keys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> out;
        const auto add = [&out](std::string_view prefix,
                                const std::vector<std::string_view>& names) {
            for (const std::string_view name : names)
                out.push_back(join_key(std::string(prefix), name));
        };
        add("", names_of(kRootFields));
        add("server", names_of(kServerFields));
        add("auth", names_of(kAuthFields));
        add("acquisition", names_of(kAcquisitionFields));
        add("acquisition.file", names_of(kFileFields));
        add("acquisition.microphone", names_of(kMicrophoneFields));
        add("acquisition.simulated", names_of(kSimulatedFields));
        add("streaming", names_of(kStreamingFields));
        add("recording", names_of(kRecordingFields));
        add("logging", names_of(kLoggingFields));
        return out;
    }();
    return keys;
}

std::string read_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw ConfigError(path, 0, 0, "", "cannot read config file: it is a directory");
    }
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                               &std::fclose);
    if (!file) {
        throw ConfigError(path, 0, 0, "",
                          "cannot open config file: " +
                              std::error_code(errno, std::generic_category()).message());
    }
    std::string text;
    std::array<char, 64 * 1024> chunk{};
    while (true) {
        const std::size_t got = std::fread(chunk.data(), 1, chunk.size(), file.get());
        text.append(chunk.data(), got);
        if (text.size() > kMaxConfigFileBytes) {
            throw ConfigError(
                path, 0, 0, "",
                "config file is larger than " + std::to_string(kMaxConfigFileBytes >> 20) + " MiB");
        }
        if (got < chunk.size()) break;
    }
    if (std::ferror(file.get())) {
        throw ConfigError(path, 0, 0, "",
                          "cannot read config file: " +
                              std::error_code(errno, std::generic_category()).message());
    }
    return text;
}

// Counts documents (and remembers where the second starts) without
// building nodes.
struct DocumentCounter final : YAML::EventHandler {
    int documents = 0;
    // Where the second document's content starts (its "---" line when empty).
    YAML::Mark second_start = YAML::Mark::null_mark();
    bool second_has_content = false;

    void content(const YAML::Mark& mark) {
        if (documents == 2 && !second_has_content) {
            second_has_content = true;
            second_start = mark;
        }
    }
    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents == 2) second_start = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { content(mark); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { content(mark); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  const std::string&) override {
        content(mark);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        content(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        content(mark);
    }
    void OnMapEnd() override {}
};

}  // namespace

Config load_config_file(const std::string& path) {
    return load_config_string(read_file(path), path);
}

Config load_config_string(const std::string& yaml, const std::string& origin_name) {
    // Documents are counted with a bounded loop of our own: yaml-cpp 0.7's
    // LoadAll never returns on some malformed inputs (e.g. "&a,_info", found
    // by fuzz_config), producing empty documents forever.
    DocumentCounter counter;
    YAML::Node document;
    try {
        std::istringstream stream(yaml);
        YAML::Parser parser(stream);
        while (counter.documents < 2 && parser.HandleNextDocument(counter)) {
        }
        if (counter.documents == 1) document = YAML::Load(yaml);
    } catch (const YAML::Exception& error) {
        const KeyPosition where = position_of(error.mark);
        throw ConfigError(origin_name, where.line, where.column, "", "invalid YAML: " + error.msg);
    }
    if (counter.documents > 1) {
        const KeyPosition where = position_of(counter.second_start);
        throw ConfigError(origin_name, where.line, where.column, "",
                          "expected one YAML document, found 2 or more");
    }
    std::vector<YAML::Node> documents;
    if (counter.documents == 1) documents.push_back(document);

    Config config;
    KeyPositions positions;
    if (!documents.empty()) {
        Reader reader(origin_name, positions);
        try {
            reader.section(documents.front(), documents.front().Mark(), "", kRootFields, config);
        } catch (const YAML::Exception& error) {
            // Not expected once the document parsed; kept so a yaml-cpp surprise
            // still reads as a configuration error, not a crash.
            const KeyPosition where = position_of(error.mark);
            throw ConfigError(origin_name, where.line, where.column, "", error.msg);
        }
    }
    validate_config(config, origin_name, positions);
    config.warnings = config_warnings(config, origin_name, positions);
    return config;
}

}  // namespace acoustream::config
