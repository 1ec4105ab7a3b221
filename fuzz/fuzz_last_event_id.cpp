// Any Last-Event-ID header (and the same bytes as the last_event_id query
// parameter) through Routes::route, then resuming the audio hub from the id.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "audio/audio_frame.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/token_issuer.hpp"
#include "http/encoded_streams.hpp"
#include "http/metrics.hpp"
#include "http/routes.hpp"
#include "http/server_context.hpp"
#include "stream/shared_audio_stream.hpp"

namespace {

constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::size_t kCapacity = 8;
constexpr std::uint64_t kPublished = 12;  // frames 0..11; 4..11 stay retained
const std::string kSecret = "fuzz-secret-0123456789abcdef";

// Everything the routes need, built once per process: the fuzzer only varies
// the request, so rebuilding the hub for each input would just cost speed.
struct Fixture {
    acoustream::stream::SharedAudioStream audio{kCapacity};
    acoustream::http::ServerContext context;
    acoustream::http::Metrics metrics;
    acoustream::http::EncodedStreams encoded{kCapacity};
    std::string authorization;

    Fixture() {
        for (std::uint64_t n = 0; n < kPublished; ++n) {
            auto frame = std::make_shared<acoustream::audio::AudioFrame>();
            frame->channel_a.assign(16, 0.25f);
            frame->channel_b.assign(16, -0.25f);
            frame->sample_rate = 48000;
            frame->timestamp = 1'700'000'000'000 + n;
            frame->frame_number = n;
            audio.publish(std::move(frame));
        }
        acoustream::auth::VerifierOptions options;
        options.hmac_secret = kSecret;
        context.audio = &audio;
        context.verifier = std::make_shared<const acoustream::auth::JwtVerifier>(options);
        context.now_unix_secs = [] { return kNow; };
        acoustream::auth::TokenRequest request;
        request.subject = "fuzz";
        authorization = "Bearer " + acoustream::auth::issue_hs256(kSecret, request, kNow);
    }
};

Fixture& fixture() {
    static Fixture instance;
    return instance;
}

void resume_from(acoustream::stream::SharedAudioStream& audio, std::uint64_t id) {
    auto subscriber = audio.subscribe_after(id);
    // The hub holds kCapacity frames: more polls than that means it never ends.
    for (std::size_t i = 0; i <= kCapacity + 1; ++i) {
        auto poll = subscriber.poll();
        if (auto* frame = std::get_if<acoustream::audio::FramePtr>(&poll)) {
            if ((*frame)->frame_number <= id) __builtin_trap();  // resumed at or before the id
            continue;
        }
        if (std::holds_alternative<acoustream::stream::Empty>(poll)) return;
        __builtin_trap();  // Lagged or Closed cannot happen on a fresh subscriber of a live hub
    }
    __builtin_trap();
}

void route_and_resume(Fixture& f, const acoustream::http::RequestInfo& request) {
    acoustream::http::Routes routes(f.context, f.metrics, f.encoded);
    auto result = routes.route(request);
    auto* sse = std::get_if<acoustream::http::SseRequest>(&result);
    if (sse == nullptr) {
        const auto& response = std::get<acoustream::http::Response>(result);
        if (response.status != 400) __builtin_trap();  // authenticated: only a bad id is refused
        return;
    }
    if (sse->last_event_id) resume_from(f.audio, *sse->last_event_id);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Fixture& f = fixture();
    const std::string input(reinterpret_cast<const char*>(data), size);

    acoustream::http::RequestInfo header_request;
    header_request.method = "GET";
    header_request.path = "/api/audio/stream/audio";
    header_request.authorization = f.authorization;
    header_request.last_event_id = input;
    route_and_resume(f, header_request);

    acoustream::http::RequestInfo query_request;
    query_request.method = "GET";
    query_request.path = "/api/audio/stream/events";
    query_request.authorization = f.authorization;
    query_request.params.emplace_back("last_event_id", input);
    route_and_resume(f, query_request);
    return 0;
}
