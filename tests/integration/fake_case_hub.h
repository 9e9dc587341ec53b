// A fake case hub for a service's tests: gmocks of the referral service's CaseService,
// RegistryService and PersonService answering from the cases, agencies and persons the
// test adds (NOT_FOUND for the others, UNAVAILABLE for all while it is down). The hub
// must outlive the clients it makes.
#ifndef SHOUHU_TESTS_INTEGRATION_FAKE_CASE_HUB_H_
#define SHOUHU_TESTS_INTEGRATION_FAKE_CASE_HUB_H_

#include <gmock/gmock.h>

#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/server/case_client.h"
#include "shouhu/referral/v1/referral_mock.grpc.pb.h"

namespace shouhu::testing {

class FakeCaseHub {
 public:
  void AddCase(const referral::v1::Case& c) {
    absl::MutexLock lock(&mu_);
    cases_[c.case_id()] = c;
  }
  void AddAgency(const referral::v1::Agency& a) {
    absl::MutexLock lock(&mu_);
    agencies_[a.agency_code()] = a;
  }
  void AddPerson(const common::v1::Person& p) {
    absl::MutexLock lock(&mu_);
    persons_[p.person_id()] = p;
  }
  void SetDown(bool down) {
    absl::MutexLock lock(&mu_);
    down_ = down;
  }

  // A client of the hub's three services.
  std::unique_ptr<CaseClient> NewClient(absl::Duration deadline = absl::Seconds(2)) {
    namespace rpb = ::shouhu::referral::v1;
    auto cases = std::make_unique<::testing::NiceMock<rpb::MockCaseServiceStub>>();
    ON_CALL(*cases, GetCase)
        .WillByDefault(
            [this](grpc::ClientContext*, const rpb::GetCaseRequest& req, rpb::Case* out) {
              return Answer(cases_, req.case_id(), "no such case", out);
            });
    auto registry = std::make_unique<::testing::NiceMock<rpb::MockRegistryServiceStub>>();
    ON_CALL(*registry, GetAgency)
        .WillByDefault(
            [this](grpc::ClientContext*, const rpb::GetAgencyRequest& req, rpb::Agency* out) {
              return Answer(agencies_, req.agency_code(), "no such agency", out);
            });
    auto persons = std::make_unique<::testing::NiceMock<rpb::MockPersonServiceStub>>();
    ON_CALL(*persons, GetPerson)
        .WillByDefault([this](grpc::ClientContext*, const rpb::GetPersonRequest& req,
                              common::v1::Person* out) {
          return Answer(persons_, req.person_id(), "no such person", out);
        });
    return std::make_unique<CaseClient>(std::move(cases), deadline, std::move(registry),
                                        std::move(persons));
  }

 private:
  template <typename T>
  grpc::Status Answer(const std::map<std::string, T>& known, const std::string& key,
                      const char* unknown, T* out) {
    absl::MutexLock lock(&mu_);
    if (down_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
    auto it = known.find(key);
    if (it == known.end()) return grpc::Status(grpc::StatusCode::NOT_FOUND, unknown);
    *out = it->second;
    return grpc::Status::OK;
  }

  absl::Mutex mu_;
  std::map<std::string, referral::v1::Case> cases_;
  std::map<std::string, referral::v1::Agency> agencies_;
  std::map<std::string, common::v1::Person> persons_;
  bool down_ = false;
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_FAKE_CASE_HUB_H_
