#include "auth/public_key_file.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace acoustream::auth {

namespace {

// A key file is a few KB; this stops a wrong path (a log, a device) early.
constexpr std::streamsize kMaxKeyFileBytes = 1024 * 1024;

struct BioDeleter {
    void operator()(BIO* b) const noexcept { BIO_free(b); }
};
struct X509Deleter {
    void operator()(X509* x) const noexcept { X509_free(x); }
};
struct PkeyDeleter {
    void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
};

std::string read_text(const std::string& path, const std::string& where) {
    std::ifstream in(path, std::ios::binary);
    if (!in.is_open()) throw std::invalid_argument(where + "cannot open the file");
    std::string text(static_cast<std::size_t>(kMaxKeyFileBytes) + 1, '\0');
    in.read(text.data(), kMaxKeyFileBytes + 1);
    if (in.bad()) throw std::invalid_argument(where + "cannot read the file");
    if (in.gcount() > kMaxKeyFileBytes)
        throw std::invalid_argument(where + "larger than 1 MiB: not a key file");
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

std::string openssl_error_text() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "no OpenSSL detail";
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    return buf;
}

bool looks_like_json(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string::npos && (text[first] == '{' || text[first] == '[');
}

// The SubjectPublicKeyInfo PEM of the certificate's key.
std::string certificate_public_key(const std::string& pem, const std::string& where) {
    std::unique_ptr<BIO, BioDeleter> in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    std::unique_ptr<X509, X509Deleter> cert(
        in ? PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr) : nullptr);
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key(cert ? X509_get_pubkey(cert.get()) : nullptr);
    std::unique_ptr<BIO, BioDeleter> out(BIO_new(BIO_s_mem()));
    if (!key || !out || PEM_write_bio_PUBKEY(out.get(), key.get()) != 1) {
        throw std::invalid_argument(
            where + "cannot read the public key of the certificate: " + openssl_error_text());
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

// Fails early, with a hint, for the usual wrong inputs: a path, a private key, a PKCS#1 key.
void check_rs256_public_key_pem(const std::string& pem, const std::string& where) {
    if (pem.size() > static_cast<std::size_t>(kMaxKeyFileBytes))
        throw std::invalid_argument(where + "PEM text is too large");
    if (pem.find("-----BEGIN") == std::string::npos) {
        throw std::invalid_argument(where +
                                    "no PEM block found (expected the key text starting with "
                                    "'-----BEGIN PUBLIC KEY-----', not a file path)");
    }
    if (pem.find("PRIVATE KEY-----") != std::string::npos) {
        throw std::invalid_argument(where +
                                    "this is a private key; give the public key "
                                    "(openssl pkey -in key.pem -pubout)");
    }
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) throw std::invalid_argument(where + "cannot allocate a memory BIO");
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
        PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key) {
        const std::string detail = openssl_error_text();
        const std::string hint = pem.find("BEGIN RSA PUBLIC KEY") != std::string::npos
                                     ? " (PKCS#1 'RSA PUBLIC KEY' block: convert it with "
                                       "openssl rsa -RSAPublicKey_in -in key.pem -pubout)"
                                     : "";
        throw std::invalid_argument(where + "cannot parse the public key: " + detail + hint);
    }
    if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
        throw std::invalid_argument(where + "key is not an RSA key (RS256 needs RSA)");
    }
}

std::string read_rs256_public_key(const std::string& path) {
    const std::string where = "auth.rs256_public_key: \"" + path + "\": ";
    const std::string text = read_text(path, where);
    if (looks_like_json(text)) {
        throw std::invalid_argument(
            where +
            "this is JSON (a JWK or JWK set), not a PEM file; give the public key as PEM "
            "(\"-----BEGIN PUBLIC KEY-----\") or the issuer's X.509 certificate as PEM");
    }
    const std::string pem = text.find("-----BEGIN CERTIFICATE-----") != std::string::npos
                                ? certificate_public_key(text, where)
                                : text;
    check_rs256_public_key_pem(pem, where);
    return pem;
}

}  // namespace acoustream::auth
