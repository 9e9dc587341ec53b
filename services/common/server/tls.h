// TLS credentials. Servers always require and verify a client certificate issued by the
// platform CA (mTLS); clients always verify the server against the same CA.
#ifndef SHOUHU_COMMON_SERVER_TLS_H_
#define SHOUHU_COMMON_SERVER_TLS_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace shouhu {

struct TlsFiles {
  std::string cert;  // PEM certificate chain
  std::string key;   // PEM private key
  std::string ca;    // PEM CA bundle
};

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerTlsCredentials(const TlsFiles& f);
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ClientTlsCredentials(const TlsFiles& f);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_TLS_H_
