// Where the case-quality review gets the facts of a case: one source per record service
// (referral, aid, guardianship, visit), each answering CaseFactsService.GetCaseFacts
// (proto/shouhu/oversight/v1/review.proto) over mTLS with the oversight service's own
// certificate. Tests give in-process sources.
#ifndef SHOUHU_OVERSIGHT_FACTS_SOURCE_H_
#define SHOUHU_OVERSIGHT_FACTS_SOURCE_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"

namespace shouhu::oversight {

class FactsSource {
 public:
  virtual ~FactsSource() = default;
  // "referral", "aid", "guardianship" or "visit".
  virtual const std::string& name() const = 0;
  // Every record of the case the service holds; an error when it did not answer.
  [[nodiscard]] virtual absl::StatusOr<v1::CaseFacts> GetCaseFacts(
      const std::string& case_id) const = 0;
};

class GrpcFactsSource final : public FactsSource {
 public:
  // The channel connects lazily: creating the source never fails on an unreachable peer.
  GrpcFactsSource(std::string name, const std::string& address,
                  std::shared_ptr<grpc::ChannelCredentials> creds,
                  absl::Duration deadline = absl::Seconds(10));

  const std::string& name() const override { return name_; }
  absl::StatusOr<v1::CaseFacts> GetCaseFacts(const std::string& case_id) const override;

 private:
  std::string name_;
  std::unique_ptr<v1::CaseFactsService::Stub> stub_;
  absl::Duration deadline_;
};

// A record service this oversight instance has no address for: never answers, so the
// reviews wait for it (and name it) instead of running on part of the facts.
class UnconfiguredFactsSource final : public FactsSource {
 public:
  explicit UnconfiguredFactsSource(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  absl::StatusOr<v1::CaseFacts> GetCaseFacts(const std::string&) const override {
    return absl::UnavailableError("no address configured for this service");
  }

 private:
  std::string name_;
};

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_FACTS_SOURCE_H_
