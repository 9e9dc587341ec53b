// Bad input for every mutating order RPC: INVALID_ARGUMENT naming the field, and nothing
// written (every table's row count unchanged, including the audit log and the outbox).
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "integration/guardianship/order_fixture.h"
#include "support/table_counts.h"

namespace shouhu::guardianship {
namespace {

class GuardianshipOrderInputTest : public ::shouhu::testing::OrderFixture {};

TEST_F(GuardianshipOrderInputTest, EveryMutatingRpcNamesTheFieldAndWritesNothing) {
  const pb::Order draft = MustDraft(Draft());
  const pb::Order pending = Must(zhang_, "SubmitOrder", Action(MustDraft(Draft())));
  const pb::Order issued = Issued();
  const pb::Order supervised = Supervised();
  ASSERT_FALSE(HasFailure());

  struct Bad {
    std::string what;
    const Principal* p;
    std::string method;
    std::function<std::unique_ptr<google::protobuf::Message>()> req;
    std::string field;
  };
  std::vector<Bad> cases;
  auto add = [&](std::string what, const Principal* p, std::string method, auto req,
                 std::string field) {
    auto copy = std::make_shared<decltype(req)>(req);
    cases.push_back({std::move(what), p, std::move(method),
                     [copy] {
                       auto m = std::unique_ptr<google::protobuf::Message>(copy->New());
                       m->CopyFrom(*copy);
                       return m;
                     },
                     std::move(field)});
  };

  auto d = Draft();
  d.set_facts("");
  add("draft without facts", &zhang_, "DraftOrder", d, "facts");
  d = Draft();
  d.set_compliance_months(9);
  add("draft beyond the policy", &zhang_, "DraftOrder", d, "compliance_months");
  d = Draft();
  d.set_failings(0, pb::FAILING_UNSPECIFIED);
  add("draft with an unknown failing", &zhang_, "DraftOrder", d, "failings[0]");
  d = Draft();
  d.clear_trigger_grounds();
  add("draft without a ground", &zhang_, "DraftOrder", d, "trigger_grounds");
  d = Draft();
  d.set_request_id("");
  add("draft without request id", &zhang_, "DraftOrder", d, "request_id");

  auto a = Action(draft);
  a.set_version(0);
  add("submit without version", &zhang_, "SubmitOrder", a, "version");
  a = Action(pending, false, "");
  add("return without a note", &chief_, "ApproveOrder", a, "note");
  a = Action(draft, true, "");
  add("cancel without a reason", &head_, "CancelOrder", a, "note");
  a = Action(supervised, true, "延长");
  a.set_extra_months(0);
  add("extend by nothing", &head_, "ExtendCompliancePeriod", a, "extra_months");

  auto s = Service(issued, {kFather});
  s.clear_guardians();
  add("service of nobody", &zhang_, "RecordService", s, "guardians");
  s = Service(issued, {kFather});
  *s.mutable_guardians(0)->mutable_served_on() = FromCivilDay(absl::CivilDay(2025, 4, 1));
  add("service in the future", &zhang_, "RecordService", s, "guardians[0].served_on");
  s = Service(issued, {kFather});
  s.mutable_guardians(0)->set_guardian_signed(false);
  add("refused signature without a note", &zhang_, "RecordService", s, "guardians[0].refusal_note");

  pb::RecordCourtOrderRequest court;
  court.set_request_id(Rid());
  court.set_case_id(kCase);
  *court.mutable_decided_on() = FromCivilDay(absl::CivilDay(2025, 3, 1));
  pb::Addressee* ad = court.add_addressees();
  ad->set_person_id(kFather);
  ad->set_relation("父亲");
  court.set_content("接受家庭教育指导");
  court.set_compliance_months(3);
  court.set_court_case_number("（2025）黔0382民特1号");
  add("court order without a court", &zhang_, "RecordCourtOrder", court, "court_name");

  pb::TerminateOrderRequest t;
  t.set_request_id(Rid());
  t.set_order_id(supervised.order_id());
  t.set_version(supervised.version());
  add("termination without a reason", &head_, "TerminateOrder", t, "reason");

  auto ev = Evaluation(supervised, pb::OVERALL_FINDING_UNSPECIFIED);
  add("evaluation without a finding", &head_, "EvaluateOrder", ev, "evaluation.overall");
  ev = Evaluation(supervised, pb::OVERALL_FINDING_FULLY_COMPLIED);
  ev.mutable_evaluation()->mutable_action_outcomes()->RemoveLast();
  add("evaluation missing an action", &head_, "EvaluateOrder", ev, "evaluation.action_outcomes");
  ev = Evaluation(supervised, pb::OVERALL_FINDING_FULLY_COMPLIED);
  ev.mutable_evaluation()->set_result(pb::ORDER_STATUS_NOT_COMPLIED);
  add("evaluation contradicting itself", &head_, "EvaluateOrder", ev, "evaluation.result");

  pb::RecordGuidanceSessionRequest gs;
  gs.set_request_id(Rid());
  gs.set_order_id(supervised.order_id());
  *gs.mutable_held_on() = FromCivilDay(absl::CivilDay(2025, 3, 10));
  gs.set_minutes(-1);
  add("session of negative length", &fulian_, "RecordGuidanceSession", gs, "minutes");

  pb::RecordComplianceCheckRequest ck;
  ck.set_request_id(Rid());
  ck.mutable_check()->set_order_id(supervised.order_id());
  *ck.mutable_check()->mutable_checked_on() = FromCivilDay(absl::CivilDay(2025, 3, 10));
  add("check without a method", &zhang_, "RecordComplianceCheck", ck, "check.method");
  ck.mutable_check()->set_method(pb::CHECK_METHOD_PHONE);
  (*ck.mutable_check()->mutable_action_progress())[7] = pb::PROGRESS_DONE;
  add("check of an unknown action", &zhang_, "RecordComplianceCheck", ck,
      "check.action_progress[7]");

  auto before = ::shouhu::testing::CountEveryTable(*pool_);
  ASSERT_TRUE(before.ok()) << before.status();
  for (const Bad& b : cases) {
    auto req = b.req();
    absl::Status st;
    if (b.method == "RecordGuidanceSession") {
      st = Do<pb::GuidanceSession>(*b.p, b.method, *req).status();
    } else if (b.method == "RecordComplianceCheck") {
      st = Do<pb::ComplianceCheck>(*b.p, b.method, *req).status();
    } else {
      st = Do<pb::Order>(*b.p, b.method, *req).status();
    }
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << b.what << ": " << st;
    EXPECT_TRUE(HasField(st, b.field)) << b.what << ": want " << b.field << ", got " << st;
  }
  auto after = ::shouhu::testing::CountEveryTable(*pool_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*before, *after) << ::shouhu::testing::DescribeChange(*before, *after);
}

TEST_F(GuardianshipOrderInputTest, UnknownIdsAreNotFoundAndForeignIdsDenied) {
  pb::OrderActionRequest a;
  a.set_request_id(Rid());
  a.set_order_id("gord-520382-nothere");
  a.set_version(1);
  EXPECT_EQ(Do<pb::Order>(zhang_, "SubmitOrder", a).status().code(), absl::StatusCode::kNotFound);
  pb::GetOrderRequest get;
  get.set_order_id("gord-520382-nothere");
  EXPECT_EQ(Do<pb::Order>(zhang_, "GetOrder", get).status().code(), absl::StatusCode::kNotFound);
  get.set_order_id("gord-520330-whatever");
  EXPECT_EQ(Do<pb::Order>(zhang_, "GetOrder", get).status().code(),
            absl::StatusCode::kPermissionDenied);
  a.set_order_id("gord-520330-whatever");
  EXPECT_EQ(Do<pb::Order>(zhang_, "SubmitOrder", a).status().code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace shouhu::guardianship
