#include "auth/token_issuer.hpp"

#include <jwt.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>
#include <limits>
#include <memory>
#include <stdexcept>

#include "auth/base64url.hpp"

namespace acoustream::auth {
namespace {

struct JwtDeleter {
    void operator()(jwt_t* j) const noexcept { jwt_free(j); }
};
struct CharDeleter {
    void operator()(char* p) const noexcept { std::free(p); }  // libjwt 1.10 allocates with malloc
};

void check(int rc, const char* what) {
    if (rc != 0) {
        throw std::runtime_error(std::string("issue token: libjwt failed to ") + what + " (errno " +
                                 std::to_string(rc) + ")");
    }
}

}  // namespace

std::string issue_hs256(const std::string& secret, const TokenRequest& request,
                        std::int64_t now_unix_secs) {
    if (secret.empty()) throw std::invalid_argument("issue token: HMAC secret is empty");
    if (request.subject.empty()) throw std::invalid_argument("issue token: subject is empty");
    if (request.ttl_secs <= 0) {
        throw std::invalid_argument("issue token: ttl must be positive, got " +
                                    std::to_string(request.ttl_secs));
    }
    std::int64_t exp = 0;
    if (__builtin_add_overflow(now_unix_secs, request.ttl_secs, &exp)) {
        throw std::invalid_argument("issue token: ttl too large");
    }

    jwt_t* raw = nullptr;
    check(jwt_new(&raw), "allocate a token");
    const std::unique_ptr<jwt_t, JwtDeleter> jwt(raw);
    check(jwt_add_grant(jwt.get(), "sub", request.subject.c_str()), "add 'sub'");
    check(jwt_add_grant_int(jwt.get(), "iat", static_cast<long>(now_unix_secs)), "add 'iat'");
    check(jwt_add_grant_int(jwt.get(), "exp", static_cast<long>(exp)), "add 'exp'");
    if (!request.scope.empty()) {
        check(jwt_add_grant(jwt.get(), "scope", request.scope.c_str()), "add 'scope'");
    }
    if (request.issuer)
        check(jwt_add_grant(jwt.get(), "iss", request.issuer->c_str()), "add 'iss'");
    if (request.audience) {
        check(jwt_add_grant(jwt.get(), "aud", request.audience->c_str()), "add 'aud'");
    }
    check(
        jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret.data()),
                    static_cast<int>(secret.size())),
        "set HS256");
    const std::unique_ptr<char, CharDeleter> encoded(jwt_encode_str(jwt.get()));
    if (!encoded) {
        ERR_clear_error();
        throw std::runtime_error("issue token: libjwt failed to sign the token");
    }
    return std::string(encoded.get());
}

std::string generate_secret() {
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        const unsigned long code = ERR_get_error();
        ERR_clear_error();
        throw std::runtime_error("generate secret: RAND_bytes failed (OpenSSL error " +
                                 std::to_string(code) + ")");
    }
    const std::string secret = base64url_encode(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    return secret;
}

std::int64_t parse_ttl(std::string_view text) {
    const auto bad = [&](const char* why) {
        return std::invalid_argument("invalid ttl '" + std::string(text) + "': " + why +
                                     " (expected e.g. 90, 90s, 15m, 1h, 7d)");
    };
    if (text.empty()) throw bad("empty");
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0) throw bad("must start with a number");
    std::int64_t multiplier = 1;
    const std::string_view unit = text.substr(digits);
    if (unit.empty() || unit == "s") {
        multiplier = 1;
    } else if (unit == "m") {
        multiplier = 60;
    } else if (unit == "h") {
        multiplier = 3600;
    } else if (unit == "d") {
        multiplier = 86400;
    } else {
        throw bad("unknown unit (use s, m, h or d)");
    }
    std::int64_t value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        if (__builtin_mul_overflow(value, std::int64_t{10}, &value) ||
            __builtin_add_overflow(value, std::int64_t{text[i] - '0'}, &value)) {
            throw bad("too large");
        }
    }
    std::int64_t seconds = 0;
    if (__builtin_mul_overflow(value, multiplier, &seconds)) throw bad("too large");
    if (seconds == 0) throw bad("must be positive");
    return seconds;
}

}  // namespace acoustream::auth
