// The fixture of the `shouhu order` command tests: a Runner over the generated mocks of
// every service stub, the output and error streams, and the request id the runner made.
#ifndef SHOUHU_TESTS_UNIT_CLI_ORDER_COMMAND_FIXTURE_H_
#define SHOUHU_TESTS_UNIT_CLI_ORDER_COMMAND_FIXTURE_H_

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shouhu/guardianship/v1/guardianship_mock.grpc.pb.h"

namespace shouhu::cli {

using ::testing::_;
using ::testing::DoAll;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Not;
using ::testing::Return;
using ::testing::SetArgPointee;

namespace gv1 = ::shouhu::guardianship::v1;

class OrderCommandTest : public ::testing::Test {
 protected:
  int Run(std::vector<std::string> args) {
    ParseResult parsed = ParseArgs(args, [](const char*) { return std::nullopt; });
    EXPECT_TRUE(parsed.ok()) << parsed.error;
    if (!parsed.ok()) return -1;
    invocation_ = parsed.invocation;
    out_.str("");
    err_.str("");
    Stubs stubs;
    stubs.orders = &orders_;
    stubs.escalations = &escalations_;
    stubs.unattended = &unattended_;
    stubs.order_config = &config_;
    Runner runner(invocation_, stubs, "", out_, err_);
    request_id_ = runner.request_id();
    return runner.Run();
  }

  static gv1::Order Order(const std::string& id, int64_t version) {
    gv1::Order o;
    o.set_order_id(id);
    o.set_version(version);
    o.set_status(gv1::ORDER_STATUS_DRAFT);
    o.set_kind(gv1::ORDER_KIND_SUPERVISION);
    return o;
  }

  static gv1::Escalation Escalation(const std::string& id, int64_t version) {
    gv1::Escalation e;
    e.set_escalation_id(id);
    e.set_version(version);
    e.set_status(gv1::ESCALATION_STATUS_DRAFT);
    return e;
  }

  // Expects one GetOrder and answers with `version`.
  void ExpectOrderRead(const std::string& id, int64_t version) {
    EXPECT_CALL(orders_, GetOrder(_, _, _))
        .WillOnce(DoAll(Invoke([id](auto*, const gv1::GetOrderRequest& req, auto*) {
                          EXPECT_EQ(req.order_id(), id);
                        }),
                        SetArgPointee<2>(Order(id, version)), Return(grpc::Status::OK)));
  }

  gv1::MockGuardianshipOrderServiceStub orders_;
  gv1::MockEscalationServiceStub escalations_;
  gv1::MockUnattendedChildServiceStub unattended_;
  gv1::MockGuardianshipConfigServiceStub config_;
  Invocation invocation_;
  std::ostringstream out_, err_;
  std::string request_id_;
};

}  // namespace shouhu::cli

#endif  // SHOUHU_TESTS_UNIT_CLI_ORDER_COMMAND_FIXTURE_H_
