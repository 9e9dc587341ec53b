// The fixture of the `shouhu aid` command tests: a Runner over the generated mocks of every
// service stub, the output and error streams, and the request id the runner made.
#ifndef SHOUHU_TESTS_UNIT_CLI_AID_COMMAND_FIXTURE_H_
#define SHOUHU_TESTS_UNIT_CLI_AID_COMMAND_FIXTURE_H_

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/money.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shouhu/aid/v1/aid_mock.grpc.pb.h"
#include "shouhu/referral/v1/referral_mock.grpc.pb.h"

namespace shouhu::cli {

// The matchers and actions every aid command test uses.
using ::testing::_;
using ::testing::DoAll;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Not;
using ::testing::Return;
using ::testing::SetArgPointee;

namespace pb = ::shouhu::aid::v1;
namespace rv1 = ::shouhu::referral::v1;

class AidCommandTest : public ::testing::Test {
 protected:
  int Run(std::vector<std::string> args) {
    ParseResult parsed = ParseArgs(args, [](const char*) { return std::nullopt; });
    EXPECT_TRUE(parsed.ok()) << parsed.error;
    if (!parsed.ok()) return -1;
    invocation_ = parsed.invocation;
    out_.str("");
    err_.str("");
    Stubs stubs{&referral_, &cases_, &people_,   &registry_, &aid_,   &disbursements_,
                &fund_,     &recon_, &recovery_, &social_,   &stats_, &config_};
    Runner runner(invocation_, stubs, "", out_, err_);
    request_id_ = runner.request_id();
    return runner.Run();
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
  Invocation invocation_;
  std::ostringstream out_, err_;
  std::string request_id_;
};

}  // namespace shouhu::cli

#endif  // SHOUHU_TESTS_UNIT_CLI_AID_COMMAND_FIXTURE_H_
