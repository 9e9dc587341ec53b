// What the aid, visit and guardianship services ask the referral service (the case hub)
// about a case: one reused mTLS channel and stub, a deadline on every call, the answer as
// absl::Status. The services authenticate with their own service certificate.
#ifndef SHOUHU_COMMON_SERVER_CASE_CLIENT_H_
#define SHOUHU_COMMON_SERVER_CASE_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"

namespace shouhu {

class CaseClient {
 public:
  struct Options {
    std::string address;  // host:port of the referral service
    absl::Duration deadline = absl::Seconds(5);
  };
  // The channel connects lazily: creating the client never fails on an unreachable peer.
  CaseClient(const Options& options, std::shared_ptr<grpc::ChannelCredentials> creds);
  // For tests: any stub (e.g. a generated mock).
  CaseClient(std::unique_ptr<referral::v1::CaseService::StubInterface> stub,
             absl::Duration deadline);

  // The case, or the referral service's answer (NOT_FOUND, PERMISSION_DENIED, ...);
  // DEADLINE_EXCEEDED / UNAVAILABLE when it does not answer in time.
  [[nodiscard]] absl::StatusOr<referral::v1::Case> GetCase(const std::string& case_id) const;

 private:
  std::unique_ptr<referral::v1::CaseService::StubInterface> stub_;
  absl::Duration deadline_;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_CASE_CLIENT_H_
