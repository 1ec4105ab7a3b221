#pragma once
// Reads the file auth.rs256_public_key names and turns what labs are given
// by their identity provider into the PEM public key the verifier takes: a
// "PUBLIC KEY" PEM as it is, or an X.509 certificate PEM whose public key is
// extracted. Anything else is refused with what the file is instead.

#include <string>

namespace acoustream::auth {

// Throws std::invalid_argument naming auth.rs256_public_key and the path when
// the file is missing or unreadable, a JWK (JSON), a certificate that cannot
// be parsed, or fails check_rs256_public_key_pem().
[[nodiscard]] std::string read_rs256_public_key(const std::string& path);

// Throws std::invalid_argument, prefixed with `where`, unless `pem` is an RSA
// public key in a "PUBLIC KEY" PEM block; the message says what it is instead
// (no PEM at all, a private key, a PKCS#1 block, another key type).
void check_rs256_public_key_pem(const std::string& pem, const std::string& where);

}  // namespace acoustream::auth
