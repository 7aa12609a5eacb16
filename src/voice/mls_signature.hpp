#pragma once

#include <memory>
#include <string_view>

#include "voice/mls_codec.hpp"

typedef struct evp_pkey_st EVP_PKEY;

// ECDSA P-256 with SHA-256, the signature scheme of DAVE v1's ciphersuite 2. Keys travel as
// uncompressed SEC1 points (65 bytes) and signatures as DER, as RFC 9420 §5.1.1 specifies.
namespace accord::voice::mls {

// The delivery service's external-sender key pair: made once per voice server start, it signs
// every Add and Remove proposal the server sends.
class SigningKey {
 public:
  SigningKey();  // a fresh random key
  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  const Bytes& public_key() const { return public_key_; }
  // SignWithLabel (RFC 9420 §5.1.2).
  Bytes sign_with_label(std::string_view label, ByteView content) const;

 private:
  EVP_PKEY* key_ = nullptr;
  Bytes public_key_;
};

// VerifyWithLabel with a public key as MLS carries it; false for a malformed key or signature.
bool verify_with_label(ByteView public_key, std::string_view label, ByteView content, ByteView signature);

}  // namespace accord::voice::mls
