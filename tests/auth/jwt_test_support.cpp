#include "auth/jwt_test_support.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "auth/base64url.hpp"

namespace acoustream::testing {
namespace {

struct BioDeleter {
    void operator()(BIO* b) const noexcept { BIO_free(b); }
};
struct PkeyDeleter {
    void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
};
struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(len));
}

std::string public_pem_of(EVP_PKEY* key) {
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
        throw std::runtime_error("test support: cannot write public PEM");
    }
    return bio_text(bio.get());
}

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int out_len = 0;
    if (HMAC(md, key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
             &out_len) == nullptr) {
        throw std::runtime_error("test support: HMAC failed");
    }
    return std::string(reinterpret_cast<const char*>(out), out_len);
}

std::string rs256(std::string_view private_pem, std::string_view data) {
    const BioPtr bio(BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size())));
    const PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) throw std::runtime_error("test support: cannot read private PEM");
    const std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    std::size_t sig_len = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &sig_len,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
        throw std::runtime_error("test support: RS256 init failed");
    }
    std::vector<unsigned char> sig(sig_len);
    if (EVP_DigestSign(ctx.get(), sig.data(), &sig_len,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
        throw std::runtime_error("test support: RS256 sign failed");
    }
    return std::string(reinterpret_cast<const char*>(sig.data()), sig_len);
}

}  // namespace

RsaKeyPair generate_rsa_key_pair(unsigned bits) {
    const PkeyPtr key(EVP_RSA_gen(bits));
    if (!key) throw std::runtime_error("test support: RSA key generation failed");
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1) {
        throw std::runtime_error("test support: cannot write private PEM");
    }
    return RsaKeyPair{bio_text(bio.get()), public_pem_of(key.get())};
}

std::string generate_ec_public_pem() {
    const PkeyPtr key(EVP_EC_gen("P-256"));
    if (!key) throw std::runtime_error("test support: EC key generation failed");
    return public_pem_of(key.get());
}

std::string sign_token(std::string_view header_json, std::string_view payload_json,
                       std::string_view alg, std::string_view key) {
    const std::string signing_input =
        auth::base64url_encode(header_json) + "." + auth::base64url_encode(payload_json);
    std::string signature;
    if (alg == "HS256") {
        signature = hmac(EVP_sha256(), key, signing_input);
    } else if (alg == "HS384") {
        signature = hmac(EVP_sha384(), key, signing_input);
    } else if (alg == "HS512") {
        signature = hmac(EVP_sha512(), key, signing_input);
    } else if (alg == "RS256") {
        signature = rs256(key, signing_input);
    }
    return signing_input + "." + auth::base64url_encode(signature);
}

}  // namespace acoustream::testing
