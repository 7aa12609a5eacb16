#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace accord::voice {

// The transport encryption modes @discordjs/voice 0.19 speaks (Discord dropped the xsalsa20 ones).
enum class EncryptionMode { aes256_gcm_rtpsize, xchacha20_poly1305_rtpsize };

std::optional<EncryptionMode> parse_encryption_mode(std::string_view name);
std::string_view encryption_mode_name(EncryptionMode mode);

using SecretKey = std::array<std::uint8_t, 32>;
SecretKey random_secret_key();

inline constexpr std::size_t aead_tag_size = 16;
inline constexpr std::size_t nonce_suffix_size = 4;

// One client's transport key. The packet layout of both *_rtpsize modes is
//   clear header (AAD) ‖ ciphertext ‖ 16-byte tag ‖ u32 BE counter
// and the nonce is that counter in the first 4 bytes of 12 (AES-GCM) or 24 (XChaCha) zero bytes.
// Not thread-safe: one per client, used on the voice thread.
class TransportCipher {
 public:
  TransportCipher(EncryptionMode mode, const SecretKey& key, std::uint32_t first_nonce);
  ~TransportCipher();
  TransportCipher(const TransportCipher&) = delete;
  TransportCipher& operator=(const TransportCipher&) = delete;

  EncryptionMode mode() const { return mode_; }

  // Decrypts a packet whose first `clear_size` bytes are its clear header. The plaintext (header
  // extension elements, then payload) replaces `plaintext`'s contents. False when it does not
  // authenticate or is too short.
  bool open(std::span<const std::uint8_t> packet, std::size_t clear_size,
            std::vector<std::uint8_t>& plaintext);

  // Builds `clear` ‖ seal(plaintext) ‖ tag ‖ counter into `out`, with the next value of this cipher's
  // own counter.
  void seal(std::span<const std::uint8_t> clear, std::span<const std::uint8_t> plaintext,
            std::vector<std::uint8_t>& out);

 private:
  struct OpenSsl;
  EncryptionMode mode_;
  SecretKey key_;
  std::uint32_t next_nonce_;
  std::unique_ptr<OpenSsl> openssl_;  // AES-GCM contexts, keyed once
};

}  // namespace accord::voice
