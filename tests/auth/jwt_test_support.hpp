#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace acoustream::testing {

struct RsaKeyPair {
    std::string private_pem;
    std::string public_pem;
};

// Fresh RSA key pair (OpenSSL EVP), PEM encoded (PKCS#8 private, SubjectPublicKeyInfo public).
RsaKeyPair generate_rsa_key_pair(unsigned bits = 2048);

// Public key of a fresh P-256 key, to check that non-RSA keys are refused.
std::string generate_ec_public_pem();

// Builds a compact JWS from raw header/payload JSON text, signed independently of libjwt:
// HS256/HS384/HS512 use `key` as the HMAC secret, RS256 uses it as a private key PEM, and
// any other alg (e.g. "none") gets an empty signature.
std::string sign_token(std::string_view header_json, std::string_view payload_json,
                       std::string_view alg, std::string_view key);

}  // namespace acoustream::testing
