// Any bytes as a token, an Authorization header value and a request target.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/bearer.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/redact.hpp"

namespace {

constexpr std::int64_t kNow = 1'700'000'000;

const acoustream::auth::JwtVerifier& verifier() {
    // Immutable after construction; built once so each input costs only the verify.
    static const acoustream::auth::JwtVerifier instance([] {
        acoustream::auth::VerifierOptions options;
        options.hmac_secret = "fuzz-secret-0123456789abcdef";
        options.issuer = "acoustream";
        options.audience = "dashboard";
        options.leeway_secs = 5;
        return options;
    }());
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace acoustream::auth;

    const AuthResult direct = verifier().verify(input, kNow);
    if (direct.ok && direct.status != 200) __builtin_trap();
    if (!direct.ok && direct.status != 401 && direct.status != 403) __builtin_trap();
    if (!direct.ok) static_cast<void>(www_authenticate_header(direct));

    if (const auto token = extract_bearer(input)) {
        // The view must lie inside the header it was cut from.
        if (token->data() < input.data() || token->data() + token->size() > input.data() + size)
            __builtin_trap();
        static_cast<void>(verifier().verify(*token, kNow));
    }

    const std::string redacted = redact_query_token(input);
    static_cast<void>(redacted);
    return 0;
}
