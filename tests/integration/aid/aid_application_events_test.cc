// Event reactions on real MariaDB: an accepted judicial-aid referral drafts an ex officio
// application (once per referral), a transferred case moves its undecided applications.
#include <gtest/gtest.h>

#include "common/base/dates.h"
#include "common/db/transaction.h"
#include "integration/aid/aid_fixture.h"
#include "shouhu/referral/v1/events.pb.h"

namespace shouhu::testing {
namespace {

class AidEventsTest : public AidFixture {
 protected:
  absl::Status Deliver(const std::string& event_id, const std::string& topic,
                       const google::protobuf::Message& payload) {
    cpb::Event e;
    e.set_event_id(event_id);
    e.set_topic(topic);
    e.set_procuratorate_code(kRenhuai);
    e.mutable_payload()->PackFrom(payload);
    return db::RunInTransaction(*pool_, [&](db::Tx& tx) { return core_->ReactToEvent(tx, e); });
  }

  rpb::ReferralAccepted Accepted(const std::string& referral_id,
                                 rpb::ReferralKind kind = rpb::REFERRAL_KIND_JUDICIAL_AID) {
    rpb::ReferralAccepted a;
    a.set_referral_id(referral_id);
    a.set_case_id(kCase);
    a.set_kind(kind);
    a.set_subject_person_id("per-0000000000000042");
    a.set_procuratorate_code(kRenhuai);
    a.set_assigned_to("u-wang");
    return a;
  }
};

TEST_F(AidEventsTest, AnAcceptedJudicialAidReferralDraftsOneExOfficioApplication) {
  ASSERT_TRUE(Deliver("evt-1", "referral.accepted", Accepted("ref-520382-0000000000000009")).ok());
  ASSERT_EQ(Count("aid_applications"), 1);
  // Redelivered (even under another event id): nothing more.
  ASSERT_TRUE(Deliver("evt-1", "referral.accepted", Accepted("ref-520382-0000000000000009")).ok());
  ASSERT_TRUE(Deliver("evt-2", "referral.accepted", Accepted("ref-520382-0000000000000009")).ok());
  EXPECT_EQ(Count("aid_applications"), 1);
  // Other kinds of referral draft nothing.
  ASSERT_TRUE(
      Deliver("evt-3", "referral.accepted",
              Accepted("ref-520382-0000000000000010", rpb::REFERRAL_KIND_GUARDIANSHIP_CONCERN))
          .ok());
  EXPECT_EQ(Count("aid_applications"), 1);
  EXPECT_EQ(Count("audit_log", "action = 'aid.draft_ex_officio'"), 1);

  apb::ListApplicationsRequest list;
  list.set_channel(apb::APPLICATION_CHANNEL_EX_OFFICIO);
  auto listed = core_->ListApplications(wang_, list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->applications_size(), 1);
  const apb::Application& a = listed->applications(0);
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(a.assigned_to(), "u-wang");
  EXPECT_EQ(a.case_id(), kCase);
  EXPECT_EQ(a.source_referral_id(), "ref-520382-0000000000000009");
  EXPECT_EQ(a.details().applicant_person_id(), "per-0000000000000042");
  EXPECT_EQ(DateString(a.decision_due_on()), "2025-03-24");

  // The assigned caseworker completes the card; proposing needs the original case number.
  apb::UpdateApplicationRequest u;
  u.set_request_id(Rid());
  u.set_application_id(a.application_id());
  u.set_version(a.version());
  *u.mutable_details() = EligibleDetails();
  u.mutable_details()->set_applicant_person_id("per-0000000000000042");
  auto updated = core_->UpdateApplication(wang_, u);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(Count("aid_party_claims", "party_key = 'per-0000000000000042'"), 1);
  // Its decision deadline started with the draft; completing the card moves nothing.
  const std::vector<oversight::v1::DeadlineChanged> decision =
      DeadlineChanges("AID_DECISION:" + a.application_id());
  ASSERT_EQ(decision.size(), 1u);
  EXPECT_EQ(decision[0].state(), oversight::v1::DEADLINE_OPEN);
  EXPECT_EQ(decision[0].assigned_to(), "person:u-wang");
  EXPECT_EQ(decision[0].sequence(), 1);
  EXPECT_EQ(Count("outbox_events", "topic = 'deadline.changed' AND service = 'aid'"), 1);
}

TEST_F(AidEventsTest, ATransferredCaseTakesItsUndecidedApplicationsAlong) {
  apb::Application a = MustRegister(zhang_, Registration());
  rpb::CaseTransferred moved;
  moved.set_case_id(kCase);
  moved.set_new_case_id(kXsCase);
  moved.set_to_procuratorate_code(kXishui);
  ASSERT_TRUE(Deliver("evt-9", "case.transferred", moved).ok());

  // The old id is gone: Renhuai no longer finds it, Xishui has it under a new id.
  apb::GetApplicationRequest g;
  g.set_application_id(a.application_id());
  EXPECT_EQ(core_->GetApplication(zhang_, g).status().code(), absl::StatusCode::kNotFound);
  apb::ListApplicationsRequest list;
  auto listed = core_->ListApplications(xs_head_, list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->applications_size(), 1);
  const apb::Application& b = listed->applications(0);
  EXPECT_EQ(b.application_id().rfind("aid-520330-", 0), 0u) << b.application_id();
  EXPECT_EQ(b.case_id(), kXsCase);
  EXPECT_EQ(b.procuratorate_code(), kXishui);
  EXPECT_EQ(b.status(), apb::APPLICATION_STATUS_UNDER_REVIEW);
  // The sealed card was re-sealed under the new id and still reads.
  EXPECT_EQ(b.details().original_case().case_number(), "仁检刑诉〔2025〕12号");
  EXPECT_EQ(b.applicant().name(), "张**");
  EXPECT_EQ(Strings("SELECT moved_from_id FROM aid_applications"),
            std::vector<std::string>{a.application_id()});
  EXPECT_EQ(Count("aid_party_claims", absl::StrCat("application_id = '", b.application_id(),
                                                   "' AND procuratorate_code = '520330'")),
            1);
  EXPECT_EQ(Count("audit_log", "action IN ('aid.moved_out', 'aid.moved_in')"), 2);
  // The decision deadline ends under the old id and starts again, unassigned, under the new.
  const std::vector<oversight::v1::DeadlineChanged> left =
      DeadlineChanges("AID_DECISION:" + a.application_id());
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[1].state(), oversight::v1::DEADLINE_CANCELLED);
  EXPECT_EQ(left[1].procuratorate_code(), kRenhuai);
  EXPECT_GT(left[1].sequence(), left[0].sequence());
  const std::vector<oversight::v1::DeadlineChanged> arrived =
      DeadlineChanges("AID_DECISION:" + b.application_id());
  ASSERT_EQ(arrived.size(), 1u);
  EXPECT_EQ(arrived[0].state(), oversight::v1::DEADLINE_OPEN);
  EXPECT_EQ(arrived[0].procuratorate_code(), kXishui);
  EXPECT_EQ(arrived[0].case_id(), kXsCase);
  EXPECT_EQ(arrived[0].assigned_to(), "");
  EXPECT_EQ(arrived[0].due_at().unix_millis(), left[0].due_at().unix_millis());
  // The receiving department head may work it.
  apb::UpdateApplicationRequest u;
  u.set_request_id(Rid());
  u.set_application_id(b.application_id());
  u.set_version(b.version());
  *u.mutable_details() = EligibleDetails();
  EXPECT_TRUE(core_->UpdateApplication(xs_head_, u).ok());
}

// Every relay delivers every event to all its targets: a topic the aid service does not
// react to (deadline.changed, for the oversight service) is acknowledged and ignored.
TEST_F(AidEventsTest, TopicsItDoesNotHandleAreAcknowledgedAndIgnored) {
  oversight::v1::DeadlineChanged changed;
  changed.set_item_key("VISIT_WINDOW:vplan-520382-1");
  changed.set_kind(oversight::v1::VISIT_WINDOW);
  EXPECT_TRUE(Deliver("evt-d1", "deadline.changed", changed).ok());
  EXPECT_EQ(Count("aid_applications"), 0);
  EXPECT_EQ(Count("outbox_events"), 0);
  EXPECT_EQ(Count("audit_log"), 0);
}

}  // namespace
}  // namespace shouhu::testing
