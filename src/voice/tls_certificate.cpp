#include "voice/tls_certificate.hpp"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace accord::voice {
namespace {

template <auto free_function>
struct Deleter {
  template <typename T>
  void operator()(T* pointer) const {
    free_function(pointer);
  }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("making the voice TLS certificate: ") + what);
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

void add_extension(X509* certificate, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  check(extension && X509_add_ext(certificate, extension.get(), -1) == 1, "extension");
}

}  // namespace

PemPair make_self_signed_certificate(const std::vector<std::string>& subject_alt_names) {
  Key key(EVP_EC_gen("P-256"));
  check(key != nullptr, "key");
  Certificate certificate(X509_new());
  check(certificate != nullptr, "X509_new");
  X509_set_version(certificate.get(), 2);  // v3, for extensions
  std::uint64_t serial = 0;
  check(RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial) == 1, "serial");
  ASN1_INTEGER_set_uint64(X509_get_serialNumber(certificate.get()), serial >> 1);
  // An hour of slack for clocks that disagree a little.
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 365L * 24 * 3600);
  check(X509_set_pubkey(certificate.get(), key.get()) == 1, "public key");
  auto* name = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("accord voice"),
                             -1, -1, 0);
  X509_set_issuer_name(certificate.get(), name);
  // As `openssl req -x509` makes them: its own CA, so it can be the trust anchor clients are given.
  add_extension(certificate.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(certificate.get(), NID_subject_key_identifier, "hash");
  // Every node's certificate has the same subject; the key identifier lets a client that trusts
  // several of them (a cluster on one machine) find the right one instead of the first by name.
  add_extension(certificate.get(), NID_authority_key_identifier, "keyid:always");
  std::string names;
  for (const auto& entry : subject_alt_names) names += (names.empty() ? "" : ",") + entry;
  if (!names.empty()) add_extension(certificate.get(), NID_subject_alt_name, names);
  check(X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0, "signing");

  Bio certificate_pem(BIO_new(BIO_s_mem()));
  Bio key_pem(BIO_new(BIO_s_mem()));
  check(certificate_pem && key_pem, "BIO_new");
  check(PEM_write_bio_X509(certificate_pem.get(), certificate.get()) == 1, "certificate PEM");
  check(PEM_write_bio_PrivateKey(key_pem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "key PEM");
  return {bio_text(certificate_pem.get()), bio_text(key_pem.get())};
}

}  // namespace accord::voice
