// The case hub for aid tests: a CaseClient whose stubs answer from a real ReferralCore in
// the same process, called as service:aid (the access table applies as over gRPC). Cases
// and agencies come from the referral service's own operations, not hand-made rows.
#ifndef SHOUHU_TESTS_INTEGRATION_AID_CASE_HUB_H_
#define SHOUHU_TESTS_INTEGRATION_AID_CASE_HUB_H_

#include <gmock/gmock.h>

#include <memory>

#include "common/server/case_client.h"
#include "common/server/grpc_status.h"
#include "referral/core.h"
#include "shouhu/referral/v1/referral_mock.grpc.pb.h"
#include "support/principals.h"

namespace shouhu::testing {

// `core` must outlive the client.
inline std::unique_ptr<CaseClient> InProcessCaseHub(referral::ReferralCore* core) {
  namespace rpb = ::shouhu::referral::v1;
  auto cases = std::make_unique<::testing::NiceMock<rpb::MockCaseServiceStub>>();
  ON_CALL(*cases, GetCase)
      .WillByDefault([core](grpc::ClientContext*, const rpb::GetCaseRequest& req, rpb::Case* out) {
        absl::StatusOr<rpb::Case> c = core->GetCase(Service("aid"), req);
        if (!c.ok()) return ToGrpcStatus(c.status());
        *out = *std::move(c);
        return grpc::Status::OK;
      });
  auto registry = std::make_unique<::testing::NiceMock<rpb::MockRegistryServiceStub>>();
  ON_CALL(*registry, GetAgency)
      .WillByDefault(
          [core](grpc::ClientContext*, const rpb::GetAgencyRequest& req, rpb::Agency* out) {
            absl::StatusOr<rpb::Agency> a = core->GetAgency(Service("aid"), req);
            if (!a.ok()) return ToGrpcStatus(a.status());
            *out = *std::move(a);
            return grpc::Status::OK;
          });
  return std::make_unique<CaseClient>(std::move(cases), absl::Seconds(5), std::move(registry));
}

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_AID_CASE_HUB_H_
