// The fixture of the `shouhu order` command tests: a CommandTest over the generated mocks
// of the guardianship service stubs.
#ifndef SHOUHU_TESTS_UNIT_CLI_ORDER_COMMAND_FIXTURE_H_
#define SHOUHU_TESTS_UNIT_CLI_ORDER_COMMAND_FIXTURE_H_

#include <string>
#include <vector>

#include "shouhu/guardianship/v1/guardianship_mock.grpc.pb.h"
#include "unit/cli/command_fixture.h"

namespace shouhu::cli {

namespace gv1 = ::shouhu::guardianship::v1;

class OrderCommandTest : public CommandTest {
 protected:
  void Wire(Stubs* s) override {
    s->orders = &orders_;
    s->escalations = &escalations_;
    s->unattended = &unattended_;
    s->order_config = &config_;
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
};

}  // namespace shouhu::cli

#endif  // SHOUHU_TESTS_UNIT_CLI_ORDER_COMMAND_FIXTURE_H_
