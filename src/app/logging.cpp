#include "app/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>

#include "text/json_escape.hpp"

namespace acoustream::app {

namespace {

// One JSON object per record: {"time":...,"level":...,"logger":...,"message":...}.
class JsonFormatter final : public spdlog::formatter {
public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        using namespace std::chrono;
        const auto ms = duration_cast<milliseconds>(msg.time.time_since_epoch()).count();
        const std::time_t secs = static_cast<std::time_t>(ms / 1000);
        std::tm tm{};
        gmtime_r(&secs, &tm);
        char when[32];
        std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
        fmt::format_to(std::back_inserter(dest), "{{\"time\":\"{}.{:03d}Z\",\"level\":", when,
                       static_cast<int>(ms % 1000));
        const auto level = spdlog::level::to_string_view(msg.level);
        text::append_json_string(dest, std::string_view(level.data(), level.size()));
        dest.append(std::string_view(",\"logger\":"));
        text::append_json_string(dest,
                                 std::string_view(msg.logger_name.data(), msg.logger_name.size()));
        dest.append(std::string_view(",\"message\":"));
        text::append_json_string(dest, std::string_view(msg.payload.data(), msg.payload.size()));
        dest.append(std::string_view("}\n"));
    }
    [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<JsonFormatter>();
    }
};

}  // namespace

std::shared_ptr<spdlog::logger> make_logger(const std::string& level, const std::string& format) {
    const auto lvl = spdlog::level::from_str(level);
    if (lvl == spdlog::level::off && level != "off")
        throw std::invalid_argument("logging.level: unknown level \"" + level +
                                    "\" (trace, debug, info, warn, error, critical, off)");
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    if (format == "json") {
        sink->set_formatter(std::make_unique<JsonFormatter>());
    } else if (format == "text") {
        sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    } else {
        throw std::invalid_argument("logging.format: unknown format \"" + format +
                                    "\" (text, json)");
    }
    auto logger = std::make_shared<spdlog::logger>("acoustream", std::move(sink));
    logger->set_level(lvl);
    logger->flush_on(spdlog::level::info);
    return logger;
}

}  // namespace acoustream::app
