#include "voice/transport_crypto.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "voice/rtp.hpp"

namespace accord::voice {

std::optional<EncryptionMode> parse_encryption_mode(std::string_view name) {
  if (name == "aead_aes256_gcm_rtpsize") return EncryptionMode::aes256_gcm_rtpsize;
  if (name == "aead_xchacha20_poly1305_rtpsize") return EncryptionMode::xchacha20_poly1305_rtpsize;
  return std::nullopt;
}

std::string_view encryption_mode_name(EncryptionMode mode) {
  return mode == EncryptionMode::aes256_gcm_rtpsize ? "aead_aes256_gcm_rtpsize"
                                                    : "aead_xchacha20_poly1305_rtpsize";
}

SecretKey random_secret_key() {
  SecretKey key;
  randombytes_buf(key.data(), key.size());
  return key;
}

// Keyed once per client: setting up an AES key schedule per packet would cost more than the packet.
struct TransportCipher::OpenSsl {
  EVP_CIPHER_CTX* encrypt = EVP_CIPHER_CTX_new();
  EVP_CIPHER_CTX* decrypt = EVP_CIPHER_CTX_new();
  ~OpenSsl() {
    EVP_CIPHER_CTX_free(encrypt);
    EVP_CIPHER_CTX_free(decrypt);
  }
};

TransportCipher::TransportCipher(EncryptionMode mode, const SecretKey& key, std::uint32_t first_nonce)
    : mode_(mode), key_(key), next_nonce_(first_nonce) {
  if (mode_ != EncryptionMode::aes256_gcm_rtpsize) return;
  openssl_ = std::make_unique<OpenSsl>();
  if (!openssl_->encrypt || !openssl_->decrypt ||
      EVP_EncryptInit_ex(openssl_->encrypt, EVP_aes_256_gcm(), nullptr, key_.data(), nullptr) != 1 ||
      EVP_DecryptInit_ex(openssl_->decrypt, EVP_aes_256_gcm(), nullptr, key_.data(), nullptr) != 1) {
    throw std::runtime_error("AES-256-GCM is not available");
  }
}

TransportCipher::~TransportCipher() = default;

bool TransportCipher::open(std::span<const std::uint8_t> packet, std::size_t clear_size,
                           std::vector<std::uint8_t>& plaintext) {
  if (packet.size() < clear_size + aead_tag_size + nonce_suffix_size) return false;
  const auto* suffix = packet.data() + packet.size() - nonce_suffix_size;
  const auto sealed = packet.subspan(clear_size, packet.size() - clear_size - nonce_suffix_size);
  const auto cipher_size = sealed.size() - aead_tag_size;
  plaintext.resize(cipher_size);
  if (mode_ == EncryptionMode::aes256_gcm_rtpsize) {
    std::uint8_t nonce[12] = {};
    std::copy_n(suffix, nonce_suffix_size, nonce);
    auto* ctx = openssl_->decrypt;
    int length = 0;
    // GCM tags are set through a non-const pointer, though OpenSSL only reads them.
    std::uint8_t tag[aead_tag_size];
    std::copy_n(sealed.data() + cipher_size, aead_tag_size, tag);
    if (EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce) != 1 ||
        EVP_DecryptUpdate(ctx, nullptr, &length, packet.data(), static_cast<int>(clear_size)) != 1 ||
        EVP_DecryptUpdate(ctx, plaintext.data(), &length, sealed.data(), static_cast<int>(cipher_size)) !=
            1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, aead_tag_size, tag) != 1 ||
        EVP_DecryptFinal_ex(ctx, plaintext.data() + length, &length) != 1) {
      return false;
    }
    return true;
  }
  std::uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES] = {};
  std::copy_n(suffix, nonce_suffix_size, nonce);
  unsigned long long length = 0;
  return crypto_aead_xchacha20poly1305_ietf_decrypt(plaintext.data(), &length, nullptr, sealed.data(),
                                                    sealed.size(), packet.data(), clear_size, nonce,
                                                    key_.data()) == 0;
}

void TransportCipher::seal(std::span<const std::uint8_t> clear, std::span<const std::uint8_t> plaintext,
                           std::vector<std::uint8_t>& out) {
  const auto counter = next_nonce_++;
  out.resize(clear.size() + plaintext.size() + aead_tag_size + nonce_suffix_size);
  std::copy(clear.begin(), clear.end(), out.begin());
  auto* sealed = out.data() + clear.size();
  auto* suffix = sealed + plaintext.size() + aead_tag_size;
  write_u32_be(suffix, counter);
  if (mode_ == EncryptionMode::aes256_gcm_rtpsize) {
    std::uint8_t nonce[12] = {};
    std::copy_n(suffix, nonce_suffix_size, nonce);
    auto* ctx = openssl_->encrypt;
    int length = 0;
    if (EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce) != 1 ||
        EVP_EncryptUpdate(ctx, nullptr, &length, clear.data(), static_cast<int>(clear.size())) != 1 ||
        EVP_EncryptUpdate(ctx, sealed, &length, plaintext.data(), static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx, sealed + length, &length) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, aead_tag_size, sealed + plaintext.size()) != 1) {
      throw std::runtime_error("AES-256-GCM encryption failed");
    }
    return;
  }
  std::uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES] = {};
  std::copy_n(suffix, nonce_suffix_size, nonce);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, &length, plaintext.data(), plaintext.size(),
                                             clear.data(), clear.size(), nullptr, nonce, key_.data());
}

}  // namespace accord::voice
