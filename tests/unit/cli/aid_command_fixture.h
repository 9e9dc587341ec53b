// The fixture of the `shouhu aid` command tests: a CommandTest over the generated mocks of
// the referral and aid service stubs.
#ifndef SHOUHU_TESTS_UNIT_CLI_AID_COMMAND_FIXTURE_H_
#define SHOUHU_TESTS_UNIT_CLI_AID_COMMAND_FIXTURE_H_

#include <string>
#include <vector>

#include "cli/money.h"
#include "shouhu/aid/v1/aid_mock.grpc.pb.h"
#include "shouhu/referral/v1/referral_mock.grpc.pb.h"
#include "unit/cli/command_fixture.h"

namespace shouhu::cli {

namespace pb = ::shouhu::aid::v1;
namespace rv1 = ::shouhu::referral::v1;

class AidCommandTest : public CommandTest {
 protected:
  void Wire(Stubs* s) override {
    *s = Stubs{&referral_, &cases_, &people_,   &registry_, &aid_,   &disbursements_,
               &fund_,     &recon_, &recovery_, &social_,   &stats_, &config_};
  }

  static pb::Application Application(const std::string& id, int64_t version) {
    pb::Application a;
    a.set_application_id(id);
    a.set_version(version);
    a.set_status(pb::APPLICATION_STATUS_UNDER_REVIEW);
    return a;
  }

  rv1::MockReferralServiceStub referral_;
  rv1::MockCaseServiceStub cases_;
  rv1::MockPersonServiceStub people_;
  rv1::MockRegistryServiceStub registry_;
  pb::MockAidApplicationServiceStub aid_;
  pb::MockDisbursementServiceStub disbursements_;
  pb::MockFundServiceStub fund_;
  pb::MockReconciliationServiceStub recon_;
  pb::MockRecoveryServiceStub recovery_;
  pb::MockSocialAidServiceStub social_;
  pb::MockAidStatisticsServiceStub stats_;
  pb::MockAidConfigServiceStub config_;
};

}  // namespace shouhu::cli

#endif  // SHOUHU_TESTS_UNIT_CLI_AID_COMMAND_FIXTURE_H_
