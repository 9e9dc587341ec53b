// A NOT_COMPLIED evaluation proposes an escalation: EvaluateOrder writes a DRAFT escalation
// of the order's case addressed as asked, linked both ways, for the order's caseworker to
// confirm (submit) or withdraw; one proposal per order, also on replay.
#include <gtest/gtest.h>

#include <memory>

#include "guardianship/escalation_grpc.h"
#include "guardianship/escalation_ops.h"
#include "integration/guardianship/order_fixture.h"

namespace shouhu::testing {
namespace {

namespace g = ::shouhu::guardianship;

class EscalationProposalTest : public OrderFixture {
 protected:
  void SetUp() override {
    OrderFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    esc_ = std::make_unique<g::EscalationCore>(deps_);
    esc_table_ = std::make_unique<MethodTable>(g::EscalationMethods(esc_.get()));
    ASSERT_TRUE(esc_table_->status().ok());
  }
  std::unique_ptr<g::EscalationCore> esc_;
  std::unique_ptr<MethodTable> esc_table_;
};

TEST_F(EscalationProposalTest, NotCompliedProposesADraftForTheCaseworker) {
  gpb::Order o = Supervised();
  clock_.Advance(absl::Hours(24 * 100));
  gpb::EvaluateOrderRequest ev = Evaluation(o, gpb::OVERALL_FINDING_REFUSED);
  ev.set_propose_addressee_agency_code("mz-renhuai");
  gpb::Order evaluated = Must(head_, "EvaluateOrder", ev);
  ASSERT_EQ(evaluated.status(), gpb::ORDER_STATUS_NOT_COMPLIED);
  const std::string id = evaluated.evaluation().proposed_escalation_id();
  ASSERT_FALSE(id.empty());
  // A replay proposes nothing more.
  gpb::Order again = Must(head_, "EvaluateOrder", ev);
  EXPECT_EQ(again.evaluation().proposed_escalation_id(), id);
  EXPECT_EQ(Count("guard_escalations"), 1);
  EXPECT_EQ(Count("audit_log", "action = 'guardianship.escalation.propose'"), 1);

  gpb::GetEscalationRequest get;
  get.set_escalation_id(id);
  auto e = Call<gpb::Escalation>(*esc_table_, zhang_, "GetEscalation", get);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->status(), gpb::ESCALATION_STATUS_DRAFT);
  EXPECT_EQ(e->kind(), gpb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
  EXPECT_EQ(e->basis(), gpb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114);
  EXPECT_EQ(e->proposed_by_order_id(), o.order_id());
  EXPECT_EQ(e->order_id(), o.order_id());
  EXPECT_EQ(e->case_id(), o.case_id());
  EXPECT_EQ(e->addressee_agency_code(), "mz-renhuai");
  // The order's caseworker confirms it.
  gpb::EscalationActionRequest submit;
  submit.set_request_id(Rid());
  submit.set_escalation_id(id);
  submit.set_version(e->version());
  auto s = Call<gpb::Escalation>(*esc_table_, zhang_, "SubmitEscalation", submit);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->status(), gpb::ESCALATION_STATUS_PENDING_APPROVAL);
}

TEST_F(EscalationProposalTest, NothingProposedWithoutAnAddressee) {
  gpb::Order o = Supervised();
  clock_.Advance(absl::Hours(24 * 100));
  gpb::Order evaluated = Must(head_, "EvaluateOrder", Evaluation(o, gpb::OVERALL_FINDING_REFUSED));
  EXPECT_TRUE(evaluated.evaluation().proposed_escalation_id().empty());
  EXPECT_EQ(Count("guard_escalations"), 0);
}

}  // namespace
}  // namespace shouhu::testing
