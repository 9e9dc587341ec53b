// What the aid, visit and guardianship services ask the referral service (the case hub)
// about a case, a person (masked), and about a partner agency (to authenticate agency
// certificates): one reused mTLS channel, a deadline on every call, the answer as absl::Status. The
// services authenticate with their own service certificate.
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
  // For tests: any stubs (e.g. generated mocks); `registry` may be null (no agencies),
  // `persons` may be null (no person reads).
  CaseClient(std::unique_ptr<referral::v1::CaseService::StubInterface> stub,
             absl::Duration deadline,
             std::unique_ptr<referral::v1::RegistryService::StubInterface> registry = nullptr,
             std::unique_ptr<referral::v1::PersonService::StubInterface> persons = nullptr);

  // The case, or the referral service's answer (NOT_FOUND, PERMISSION_DENIED, ...);
  // DEADLINE_EXCEEDED / UNAVAILABLE when it does not answer in time.
  [[nodiscard]] absl::StatusOr<referral::v1::Case> GetCase(const std::string& case_id) const;
  // RegistryService.GetAgency: the agency of `code` (NOT_FOUND when unknown).
  [[nodiscard]] absl::StatusOr<referral::v1::Agency> GetAgency(const std::string& code) const;
  // PersonService.GetPerson, masked (name, ID number, phone, address masked; the birth date
  // and `minor` as stored): NOT_FOUND when unknown.
  [[nodiscard]] absl::StatusOr<common::v1::Person> GetPerson(const std::string& person_id) const;

 private:
  std::unique_ptr<referral::v1::CaseService::StubInterface> stub_;
  std::unique_ptr<referral::v1::RegistryService::StubInterface> registry_;
  std::unique_ptr<referral::v1::PersonService::StubInterface> persons_;
  absl::Duration deadline_;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_CASE_CLIENT_H_
