#include "auth/jwt_verifier.hpp"

#include <jwt.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>
#include <variant>
#include <vector>

#include "auth/base64url.hpp"
#include "auth/bearer.hpp"
#include "auth/public_key_file.hpp"
#include "text/ascii.hpp"

namespace acoustream::auth {
namespace {

using nlohmann::json;

// Keys are handed to libjwt as an int length; anything near that is a configuration error.
constexpr std::size_t kMaxKeyBytes = 1024 * 1024;

AuthResult invalid_token(std::string description) {
    AuthResult r;
    r.ok = false;
    r.status = 401;
    r.error = "invalid_token";
    r.description = std::move(description);
    return r;
}

AuthResult insufficient_scope(std::string description) {
    AuthResult r;
    r.ok = false;
    r.status = 403;
    r.error = "insufficient_scope";
    r.description = std::move(description);
    return r;
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out)) {
        return b > 0 ? std::numeric_limits<std::int64_t>::max()
                     : std::numeric_limits<std::int64_t>::min();
    }
    return out;
}

// Parses a JSON object and refuses duplicate member names: parsers disagree on which duplicate
// wins, and libjwt (jansson) parses the same bytes again, so both must see one meaning.
// Returns the object, or the reason it was refused.
std::variant<json, const char*> parse_object(std::string_view text) {
    std::vector<std::set<std::string>> open_objects;
    bool duplicate = false;
    const json::parser_callback_t on_event = [&](int /*depth*/, json::parse_event_t event,
                                                 json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start:
                open_objects.emplace_back();
                break;
            case json::parse_event_t::key:
                if (!open_objects.empty() &&
                    !open_objects.back().insert(parsed.get<std::string>()).second) {
                    duplicate = true;
                }
                break;
            case json::parse_event_t::object_end:
                if (!open_objects.empty()) open_objects.pop_back();
                break;
            default:
                break;
        }
        return true;
    };
    json value = json::parse(text.begin(), text.end(), on_event, /*allow_exceptions=*/false);
    if (value.is_discarded() || !value.is_object()) return "is not a JSON object";
    if (duplicate) return "has duplicate JSON members";
    return value;
}

std::optional<std::int64_t> as_int64(const json& value) {
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        return static_cast<std::int64_t>(u);
    }
    if (value.is_number_integer()) return value.get<std::int64_t>();
    return std::nullopt;
}

// A NumericDate (RFC 7519 section 2): seconds, which may have a fraction (some
// identity providers write 1700000000.5). Rounded the safe way for the claim:
// `down` for exp and iat, up for nbf. Non-finite or out-of-range: nullopt.
std::optional<std::int64_t> numeric_date(const json& value, bool round_up) {
    if (value.is_number_integer() || value.is_number_unsigned()) return as_int64(value);
    if (!value.is_number_float()) return std::nullopt;
    const double seconds = value.get<double>();
    constexpr double kLimit = 9.0e18;  // well inside int64
    if (!std::isfinite(seconds) || seconds > kLimit || seconds < -kLimit) return std::nullopt;
    return static_cast<std::int64_t>(round_up ? std::ceil(seconds) : std::floor(seconds));
}

// Header values come from the client: quote them only when short and alphanumeric.
std::string quote_alg(std::string_view alg) {
    const bool printable =
        !alg.empty() && alg.size() <= 16 &&
        alg.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") ==
            std::string_view::npos;
    return printable ? "'" + std::string(alg) + "'" : std::string("(unrecognised)");
}

bool scope_string_contains(std::string_view scopes, std::string_view wanted) {
    std::size_t pos = 0;
    while (pos < scopes.size()) {
        const std::size_t end = std::min(scopes.find(' ', pos), scopes.size());
        if (scopes.substr(pos, end - pos) == wanted) return true;
        pos = end + 1;
    }
    return false;
}

// A scope claim as identity providers write it: a space-separated string
// (RFC 8693 `scope`) or an array of strings (`scp` of Okta and Azure AD,
// `permissions` of Auth0, `scope` arrays of some others).
bool claim_holds(const json& claims, std::string_view name, const std::string& required) {
    const auto it = claims.find(name);
    if (it == claims.end()) return false;
    if (it->is_string()) return scope_string_contains(it->get_ref<const std::string&>(), required);
    if (it->is_array()) {
        for (const auto& p : *it)
            if (p.is_string() && p.get_ref<const std::string&>() == required) return true;
    }
    return false;
}

bool has_scope(const json& claims, const std::string& required) {
    if (required.empty()) return true;
    return claim_holds(claims, "scope", required) || claim_holds(claims, "scp", required) ||
           claim_holds(claims, "permissions", required);
}

// The JWS signature (RFC 7515 section 5.2) over `signing_input`
// (header.payload as sent), checked with OpenSSL directly: libjwt 1.x's
// jwt_decode refuses any `typ` but JWT, and identity providers send RFC 9068
// access tokens as at+jwt. The caller has already matched `alg` to the key.
bool hs256_valid(std::string_view signing_input, const std::string& signature,
                 const std::string& secret) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(),
             mac, &mac_len) == nullptr)
        return false;
    return signature.size() == mac_len && CRYPTO_memcmp(mac, signature.data(), mac_len) == 0;
}

bool rs256_valid(std::string_view signing_input, const std::string& signature,
                 const std::string& public_pem) {
    const std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())), &BIO_free);
    if (!bio) return false;
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
    if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) return false;
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                      &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(signing_input.data()),
                            signing_input.size()) == 1;
}

bool signature_valid(std::string_view signing_input, const std::string& signature,
                     const std::string& key, jwt_alg_t alg) {
    bool ok = false;
    if (alg == JWT_ALG_HS256) ok = hs256_valid(signing_input, signature, key);
    if (alg == JWT_ALG_RS256) ok = rs256_valid(signing_input, signature, key);
    ERR_clear_error();  // leave no stale OpenSSL errors on this thread
    return ok;
}

// RFC 7519 §4.1.4-6; `exp` is mandatory here. Returns why the token fails, if it does.
std::optional<std::string> check_time_claims(const json& claims, std::int64_t now,
                                             std::int64_t leeway, std::int64_t& exp_out) {
    const auto exp_it = claims.find("exp");
    if (exp_it == claims.end()) return "token has no 'exp' claim";
    const auto exp = numeric_date(*exp_it, false);
    if (!exp) return "'exp' claim is not a NumericDate (seconds since 1970)";
    if (now >= saturating_add(*exp, leeway)) return "token expired";
    if (const auto it = claims.find("nbf"); it != claims.end()) {
        const auto nbf = numeric_date(*it, true);
        if (!nbf) return "'nbf' claim is not a NumericDate (seconds since 1970)";
        if (saturating_add(now, leeway) < *nbf)
            return "token not valid yet ('nbf' is in the future)";
    }
    if (const auto it = claims.find("iat"); it != claims.end()) {
        const auto iat = numeric_date(*it, false);
        if (!iat) return "'iat' claim is not a NumericDate (seconds since 1970)";
        if (*iat > saturating_add(now, leeway)) return "token issued in the future ('iat')";
    }
    exp_out = *exp;
    return std::nullopt;
}

std::optional<std::string> check_issuer_and_audience(const json& claims,
                                                     const VerifierOptions& options) {
    if (options.issuer) {
        const auto it = claims.find("iss");
        if (it == claims.end()) return "token has no 'iss' claim";
        if (!it->is_string() || it->get_ref<const std::string&>() != *options.issuer) {
            return "issuer mismatch ('iss')";
        }
    }
    // RFC 7519 §4.1.3: a token naming audiences must name us, so with no audience configured
    // a token carrying `aud` is refused too.
    const auto it = claims.find("aud");
    if (it == claims.end()) {
        if (options.audience) return "token has no 'aud' claim";
        return std::nullopt;
    }
    if (!options.audience) return "token has an 'aud' claim but no audience is configured";
    if (it->is_string() && it->get_ref<const std::string&>() == *options.audience) {
        return std::nullopt;
    }
    if (it->is_array()) {
        for (const auto& a : *it) {
            if (a.is_string() && a.get_ref<const std::string&>() == *options.audience) {
                return std::nullopt;
            }
        }
    }
    return "audience mismatch ('aud')";
}

// The three dot-separated segments of a compact JWS, undecoded.
struct Segments {
    std::string_view header;
    std::string_view payload;
    std::string_view signature;
};

std::optional<Segments> split_segments(std::string_view token) {
    const std::size_t dot1 = token.find('.');
    const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    return Segments{token.substr(0, dot1), token.substr(dot1 + 1, dot2 - dot1 - 1),
                    token.substr(dot2 + 1)};
}

// Decodes segment `what` ("header" or "payload") into the JSON object `out`;
// returns the refusal when it is not base64url or not an acceptable object.
std::optional<AuthResult> decode_segment(std::string_view b64, const char* what, json& out) {
    const auto text = base64url_decode(b64);
    if (!text || text->empty()) {
        return invalid_token(std::string("malformed token: ") + what + " is not base64url");
    }
    auto parsed = parse_object(*text);
    if (const auto* why = std::get_if<const char*>(&parsed)) {
        return invalid_token(std::string("malformed token: ") + what + " " + *why);
    }
    out = std::move(std::get<json>(parsed));
    return std::nullopt;
}

struct SigningKey {
    const std::string* key = nullptr;
    jwt_alg_t alg = JWT_ALG_INVAL;
};

// Sets `key` to the key the header's `alg` picks; returns the refusal when
// the header names no accepted algorithm or asks for what is not supported.
std::optional<AuthResult> check_header(const json& header, const VerifierOptions& options,
                                       SigningKey& key) {
    // The algorithm picks the key and anything not configured is refused: `none` never reaches
    // libjwt and the RSA public key is never used as an HMAC secret (algorithm confusion).
    const auto alg_it = header.find("alg");
    if (alg_it == header.end() || !alg_it->is_string()) {
        return invalid_token("malformed token: header has no 'alg'");
    }
    const std::string& alg = alg_it->get_ref<const std::string&>();
    if (alg == "HS256" && options.hmac_secret) {
        key = {&*options.hmac_secret, JWT_ALG_HS256};
    } else if (alg == "RS256" && options.rs256_public_key_pem) {
        key = {&*options.rs256_public_key_pem, JWT_ALG_RS256};
    } else {
        std::string accepted;
        if (options.hmac_secret) accepted.append("HS256");
        if (options.rs256_public_key_pem) accepted += accepted.empty() ? "RS256" : ", RS256";
        return invalid_token("algorithm " + quote_alg(alg) +
                             " is not accepted (accepted: " + accepted + ")");
    }
    if (const auto typ = header.find("typ"); typ != header.end()) {
        // RFC 9068 access tokens say at+jwt (or the media type application/at+jwt).
        const std::string_view value =
            typ->is_string() ? std::string_view(typ->get_ref<const std::string&>()) : "";
        if (!text::iequals(value, "JWT") && !text::iequals(value, "at+jwt") &&
            !text::iequals(value, "application/at+jwt")) {
            return invalid_token("unsupported token type in header 'typ' (expected JWT or at+jwt)");
        }
    }
    if (header.contains("crit")) {
        return invalid_token("header 'crit' extensions are not supported");
    }
    return std::nullopt;
}

// The answer for a token whose signature is valid: its claims decide.
AuthResult check_claims(const json& claims, std::int64_t now, const VerifierOptions& options) {
    std::int64_t exp = 0;
    if (auto why = check_time_claims(claims, now, options.leeway_secs, exp)) {
        return invalid_token(std::move(*why));
    }
    if (auto why = check_issuer_and_audience(claims, options)) {
        return invalid_token(std::move(*why));
    }
    if (!has_scope(claims, options.required_scope)) {
        return insufficient_scope("token lacks the required scope '" + options.required_scope +
                                  "'");
    }
    AuthResult ok;
    ok.ok = true;
    ok.status = 200;
    if (const auto it = claims.find("sub"); it != claims.end() && it->is_string()) {
        ok.subject = it->get_ref<const std::string&>();
    }
    ok.expires_at = exp;
    ok.accepted_until = saturating_add(exp, options.leeway_secs);
    return ok;
}

}  // namespace

JwtVerifier::JwtVerifier(VerifierOptions options) : options_(std::move(options)) {
    if (!options_.hmac_secret && !options_.rs256_public_key_pem) {
        throw std::invalid_argument(
            "auth: no JWT key configured (set auth.hmac_secret or auth.rs256_public_key)");
    }
    if (options_.hmac_secret) {
        if (options_.hmac_secret->empty()) {
            throw std::invalid_argument("auth.hmac_secret: must not be empty");
        }
        if (options_.hmac_secret->size() > kMaxKeyBytes) {
            throw std::invalid_argument("auth.hmac_secret: longer than 1 MiB");
        }
    }
    if (options_.rs256_public_key_pem)
        check_rs256_public_key_pem(*options_.rs256_public_key_pem, "auth.rs256_public_key: ");
    if (options_.leeway_secs < 0) {
        throw std::invalid_argument("auth: leeway_secs must not be negative");
    }
}

AuthResult JwtVerifier::verify(std::string_view token, std::int64_t now_unix_secs) const {
    if (token.empty()) return missing_token_result();
    if (token.size() > kMaxTokenBytes) {
        return invalid_token("token too large (" + std::to_string(token.size()) + " bytes, limit " +
                             std::to_string(kMaxTokenBytes) + ")");
    }
    const auto segments = split_segments(token);
    if (!segments) return invalid_token("malformed token: expected three dot-separated segments");

    json header;
    if (auto failed = decode_segment(segments->header, "header", header)) return *failed;
    SigningKey key;
    if (auto failed = check_header(header, options_, key)) return *failed;
    json claims;
    if (auto failed = decode_segment(segments->payload, "payload", claims)) return *failed;

    if (segments->signature.empty()) return invalid_token("token has no signature");
    const auto signature = base64url_decode(segments->signature);
    if (!signature) return invalid_token("malformed token: signature is not base64url");
    const std::string_view signing_input =
        token.substr(0, segments->header.size() + 1 + segments->payload.size());
    if (!signature_valid(signing_input, *signature, *key.key, key.alg)) {
        return invalid_token("signature verification failed");
    }
    return check_claims(claims, now_unix_secs, options_);
}

}  // namespace acoustream::auth
