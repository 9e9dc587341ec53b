#include "common/server/tls.h"

#include "common/base/file.h"
#include "common/base/status_macros.h"

namespace shouhu {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerTlsCredentials(const TlsFiles& f) {
  ASSIGN_OR_RETURN(std::string cert, ReadFile(f.cert));
  ASSIGN_OR_RETURN(std::string key, ReadFile(f.key));
  ASSIGN_OR_RETURN(std::string ca, ReadFile(f.ca));
  grpc::SslServerCredentialsOptions opts(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  opts.pem_root_certs = ca;
  opts.pem_key_cert_pairs.push_back({key, cert});
  return grpc::SslServerCredentials(opts);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ClientTlsCredentials(const TlsFiles& f) {
  grpc::SslCredentialsOptions opts;
  ASSIGN_OR_RETURN(opts.pem_root_certs, ReadFile(f.ca));
  if (!f.cert.empty()) {
    ASSIGN_OR_RETURN(opts.pem_cert_chain, ReadFile(f.cert));
    ASSIGN_OR_RETURN(opts.pem_private_key, ReadFile(f.key));
  }
  return grpc::SslCredentials(opts);
}

}  // namespace shouhu
