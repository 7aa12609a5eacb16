#include "voice/tls_certificate.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>

namespace accord::voice {
namespace {

using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

Certificate parse(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                BIO_free);
  return Certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
}

// What a client does with the certificate it was told to trust: build a chain to it.
bool trusted_by(const std::vector<const Certificate*>& anchors, X509* presented) {
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  for (const auto* anchor : anchors) X509_STORE_add_cert(store.get(), anchor->get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(X509_STORE_CTX_new(),
                                                                          X509_STORE_CTX_free);
  X509_STORE_CTX_init(context.get(), store.get(), presented, nullptr);
  return X509_verify_cert(context.get()) == 1;
}

TEST(TlsCertificate, ClientsTrustingTwoNodesSelfSignedCertificatesAcceptEach) {
  const auto first = parse(make_self_signed_certificate({"IP:127.0.0.1"}).certificate);
  const auto second = parse(make_self_signed_certificate({"IP:127.0.0.1"}).certificate);
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(trusted_by({&first}, first.get()));
  // Both nodes of a cluster on one machine, trusted together (in either order).
  EXPECT_TRUE(trusted_by({&first, &second}, first.get()));
  EXPECT_TRUE(trusted_by({&first, &second}, second.get()));
  EXPECT_TRUE(trusted_by({&second, &first}, first.get()));
  EXPECT_FALSE(trusted_by({&first}, second.get())) << "one node's certificate does not vouch for another";
}

}  // namespace
}  // namespace accord::voice
