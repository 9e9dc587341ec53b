// The plan reactions behind the service's real inbox (as main.cc wires them): every event
// is recorded, a redelivery is a duplicate that changes nothing, and a reaction that fails
// (the case hub not answering) rolls back the inbox record too, so the relay delivers the
// event again and the plan is made then.
#include <gtest/gtest.h>

#include "common/server/events.h"
#include "integration/visit/visit_fixture.h"

namespace shouhu::testing {
namespace {

class VisitInboxTest : public VisitFixture {
 protected:
  void SetUp() override {
    VisitFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    inbox_ = std::make_unique<InboxReceiver>(
        "visit", pool_.get(), /*env=*/nullptr,
        [this](db::Tx& tx, const cpb::Event& e) { return plans_->ReactToEvent(tx, e); });
  }

  cpb::Event Envelope(const std::string& id, const std::string& topic,
                      const google::protobuf::Message& payload) {
    cpb::Event e;
    e.set_event_id(id);
    e.set_topic(topic);
    e.set_procuratorate_code(kRenhuai);
    *e.mutable_occurred_at() = ToTimestamp(clock_.Now());
    e.mutable_payload()->PackFrom(payload);
    return e;
  }

  int64_t Inbox() { return Int("SELECT COUNT(*) FROM inbox_events WHERE receiver = 'visit'"); }

  std::unique_ptr<InboxReceiver> inbox_;
};

TEST_F(VisitInboxTest, EveryEventRecordedOnePlanPerAnchor) {
  gpb::OrderIssued o;
  o.set_order_id("gord-520382-5");
  o.set_case_id(kCase);
  o.set_procuratorate_code(kRenhuai);
  o.set_minor_person_id(kMinor);
  *o.mutable_served_on() = FromCivilDay(absl::CivilDay(2025, 3, 10));
  o.set_assigned_to("u-zhang");
  const cpb::Event e = Envelope("evt-order-5", visit::kTopicOrderIssued, o);
  auto first = inbox_->Deliver(Service("guardianship"), e);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->duplicate());
  auto again = inbox_->Deliver(Service("guardianship"), e);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->duplicate());
  EXPECT_EQ(Rows("visit_plans"), 1);
  EXPECT_EQ(Inbox(), 1);
  // Topics the plans do not react to are recorded all the same.
  rpb::CaseOpened opened;
  opened.set_case_id(kCase);
  ASSERT_TRUE(
      inbox_->Deliver(Service("referral"), Envelope("evt-open", "case.opened", opened)).ok());
  EXPECT_EQ(Inbox(), 2);
  EXPECT_EQ(Rows("visit_plans"), 1);
}

TEST_F(VisitInboxTest, AFailedReactionIsDeliveredAgain) {
  AddCase("case-520382-0000000000000031", kRenhuai, "u-wang", kAdult, rpb::CASE_STATUS_CLOSED);
  rpb::CaseClosed closed;
  closed.set_case_id("case-520382-0000000000000031");
  closed.set_reason(rpb::CLOSE_REASON_RESOLVED);
  const cpb::Event e = Envelope("evt-closed-31", visit::kTopicCaseClosed, closed);
  SetHubDown(true);
  EXPECT_FALSE(inbox_->Deliver(Service("referral"), e).ok());
  EXPECT_EQ(Inbox(), 0);
  EXPECT_EQ(Rows("visit_plans"), 0);
  SetHubDown(false);
  auto retried = inbox_->Deliver(Service("referral"), e);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_FALSE(retried->duplicate());
  EXPECT_EQ(Inbox(), 1);
  EXPECT_EQ(Rows("visit_plans"), 1);
}

}  // namespace
}  // namespace shouhu::testing
