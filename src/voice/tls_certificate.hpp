#pragma once

#include <string>
#include <vector>

namespace accord::voice {

// A certificate and its private key, both PEM.
struct PemPair {
  std::string certificate;
  std::string private_key;
};

// A self-signed EC P-256 certificate valid for a year, for these subject alternative names
// ("IP:127.0.0.1", "DNS:localhost", ...). @discordjs/voice only speaks wss://, so a server without
// a configured certificate makes one; clients trust it through NODE_EXTRA_CA_CERTS.
PemPair make_self_signed_certificate(const std::vector<std::string>& subject_alt_names);

}  // namespace accord::voice
