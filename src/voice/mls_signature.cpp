#include "voice/mls_signature.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <stdexcept>

namespace accord::voice::mls {
namespace {

struct DigestContext {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  ~DigestContext() { EVP_MD_CTX_free(context); }
};

EVP_PKEY* public_key_from_point(ByteView point) {
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  if (context && params && EVP_PKEY_fromdata_init(context) == 1 &&
      EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
    key = nullptr;
  EVP_PKEY_CTX_free(context);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(builder);
  return key;
}

}  // namespace

SigningKey::SigningKey() : key_(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")) {
  if (!key_) throw std::runtime_error("could not make a P-256 key");
  std::size_t size = 0;
  EVP_PKEY_get_octet_string_param(key_, OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0, &size);
  public_key_.resize(size);
  if (EVP_PKEY_get_octet_string_param(key_, OSSL_PKEY_PARAM_PUB_KEY, public_key_.data(), size, &size) != 1)
    throw std::runtime_error("could not read a P-256 public key");
  public_key_.resize(size);
}

SigningKey::~SigningKey() {
  EVP_PKEY_free(key_);
}

Bytes SigningKey::sign_with_label(std::string_view label, ByteView content) const {
  const auto message = sign_content(label, content);
  DigestContext digest;
  std::size_t size = 0;
  if (EVP_DigestSignInit(digest.context, nullptr, EVP_sha256(), nullptr, key_) != 1 ||
      EVP_DigestSign(digest.context, nullptr, &size, message.data(), message.size()) != 1)
    throw std::runtime_error("ECDSA signing failed");
  Bytes signature(size);
  if (EVP_DigestSign(digest.context, signature.data(), &size, message.data(), message.size()) != 1)
    throw std::runtime_error("ECDSA signing failed");
  signature.resize(size);  // DER length varies with the values of r and s
  return signature;
}

bool verify_with_label(ByteView public_key, std::string_view label, ByteView content, ByteView signature) {
  EVP_PKEY* key = public_key_from_point(public_key);
  if (!key) return false;
  const auto message = sign_content(label, content);
  DigestContext digest;
  const bool valid = EVP_DigestVerifyInit(digest.context, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                     EVP_DigestVerify(digest.context, signature.data(), signature.size(), message.data(),
                                      message.size()) == 1;
  EVP_PKEY_free(key);
  return valid;
}

}  // namespace accord::voice::mls
