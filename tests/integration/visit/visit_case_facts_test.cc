// GetCaseFacts of the visit service (CaseFactsService, proto/shouhu/oversight/v1/review.proto)
// on a real MariaDB, through the method tables as main.cc binds them: plans and visits made
// by the service's own operations and events come back as "visit_plan" and "visit" records
// with exactly the facts that are filled; another case's records never; an unknown case
// has none; a malformed case id is INVALID_ARGUMENT naming case_id; only the oversight
// service may ask (the access matrix walks every caller on both procuratorates' cases).
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/text.h"
#include "gmock/gmock.h"
#include "integration/visit/visit_access_walk.h"
#include "shouhu/oversight/v1/review.pb.h"
#include "support/access_matrix.h"
#include "support/principals.h"

namespace shouhu::testing {
namespace {

namespace opb = ::shouhu::oversight::v1;
using Fields = std::map<std::string, std::string>;

class VisitCaseFactsAccessMatrixTest : public VisitAccessWalk {};

TEST_P(VisitCaseFactsAccessMatrixTest, EveryCallerOnOwnAndOtherCasesGetsWhatTheTableSays) {
  WalkBothProcuratorates();
}

INSTANTIATE_TEST_SUITE_P(CaseFacts, VisitCaseFactsAccessMatrixTest,
                         ::testing::ValuesIn(VisitMethodsOf("CaseFactsService")), MethodTestName);

class VisitCaseFactsTest : public VisitAccessMatrix {
 protected:
  absl::StatusOr<opb::CaseFacts> Facts(const std::string& case_id,
                                       const Principal& p = Service("oversight")) {
    opb::GetCaseFactsRequest req;
    req.set_case_id(case_id);
    absl::StatusOr<std::string> got = CallRpc(kGetCaseFactsKey, p, req);
    if (!got.ok()) return got.status();
    opb::CaseFacts f;
    if (!f.ParseFromString(*got)) return absl::InternalError("unparsable CaseFacts");
    return f;
  }

  static Fields FieldsOf(const opb::RecordFacts& r) {
    return Fields(r.fields().begin(), r.fields().end());
  }

  // The plan's current version (after visits and waivers).
  int64_t VersionOf(const std::string& plan_id) {
    vpb::GetPlanRequest get;
    get.set_plan_id(plan_id);
    auto p = plans_->GetPlan(zhang_, get);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? p->version() : 0;
  }
};

TEST_F(VisitCaseFactsTest, PlansAndVisitsOfTheCaseWithExactlyTheFilledFacts) {
  // A plan by hand (u-zhang): slot 1 done by a home visit with one need, slot 2 waived.
  auto manual = plans_->CreatePlan(zhang_, ManualPlan());
  ASSERT_TRUE(manual.ok()) << manual.status();
  vpb::RecordVisitRequest home = NewVisitRequest(false);
  home.set_plan_id(manual->plan_id());
  home.set_slot_sequence(1);
  *home.mutable_visited_on() = FromCivilDay(absl::CivilDay(2025, 3, 10));
  home.set_subject_person_id(kMinor);
  vpb::Need* need = home.add_needs();
  need->set_kind(::shouhu::aid::v1::MEASURE_KIND_SCHOOLING);
  need->set_description("需要课业辅导");
  auto v1 = visit_core_->RecordVisit(zhang_, home);
  ASSERT_TRUE(v1.ok()) << v1.status();
  vpb::WaiveSlotRequest waive;
  waive.set_request_id(VRid());
  waive.set_plan_id(manual->plan_id());
  waive.set_version(VersionOf(manual->plan_id()));
  waive.set_slot_sequence(2);
  waive.set_reason("家庭已搬离本县");
  ASSERT_TRUE(plans_->WaiveSlot(zhang_, waive).ok());
  // A plan from the order's event: assigned by the event, no department.
  ASSERT_TRUE(
      OrderIssued("gord-520382-1", absl::CivilDay(2025, 3, 10), absl::CivilDay(2025, 6, 10), "ev-1")
          .ok());
  // An unscheduled phone visit by another caseworker, later that day, without needs.
  clock_.Set(China(2025, 3, 10, 11, 30, 15));
  vpb::RecordVisitRequest phone = NewVisitRequest(false);
  phone.set_kind(vpb::VISIT_KIND_PHONE);
  auto v2 = visit_core_->RecordVisit(wang_, phone);
  ASSERT_TRUE(v2.ok()) << v2.status();
  // Records of another case: never among kCase's facts.
  const std::string other_plan = PlanIn(false, false).plan_id();
  vpb::RecordVisitRequest elsewhere = NewVisitRequest(false);
  elsewhere.set_case_id(kLiCase);
  auto other_visit = visit_core_->RecordVisit(head_, elsewhere);
  ASSERT_TRUE(other_visit.ok()) << other_visit.status();

  std::string order_plan;
  const auto plans_of_case = PlansOf(kCase, zhang_);  // kept: the loop reads into it
  for (const vpb::VisitPlan& p : plans_of_case.plans()) {
    if (p.anchor_kind() == vpb::ANCHOR_KIND_ORDER_ISSUED) order_plan = p.plan_id();
  }
  ASSERT_FALSE(order_plan.empty());

  auto facts = Facts(kCase);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->case_id(), kCase);
  EXPECT_EQ(facts->source(), "visit");
  // Sorted by (kind, record id): "visit" before "visit_plan".
  std::vector<std::pair<std::string, std::string>> want_order = {{"visit", v1->visit_id()},
                                                                 {"visit", v2->visit_id()},
                                                                 {"visit_plan", manual->plan_id()},
                                                                 {"visit_plan", order_plan}};
  std::sort(want_order.begin(), want_order.end());
  std::vector<std::pair<std::string, std::string>> got_order;
  for (const opb::RecordFacts& r : facts->records())
    got_order.emplace_back(r.kind(), r.record_id());
  ASSERT_EQ(got_order, want_order);

  std::map<std::string, opb::RecordFacts> by_id;
  for (const opb::RecordFacts& r : facts->records()) by_id[r.record_id()] = r;
  EXPECT_EQ(by_id.count(other_plan), 0u);
  EXPECT_EQ(by_id.count(other_visit->visit_id()), 0u);

  const opb::RecordFacts& m = by_id[manual->plan_id()];
  EXPECT_EQ(m.status(), "PLAN_STATUS_ACTIVE");
  EXPECT_EQ(m.assigned_to(), "u-zhang");
  EXPECT_EQ(m.department(), "未成年人检察部");
  EXPECT_EQ(FieldsOf(m), (Fields{{"subject_person_id", kMinor},
                                 {"anchor_kind", "ANCHOR_KIND_MANUAL"},
                                 {"anchor_date", "2025-03-10"},
                                 {"slots", "2"},
                                 {"slots_done", "1"},
                                 {"slots_waived", "1"}}));

  const opb::RecordFacts& o = by_id[order_plan];
  EXPECT_EQ(o.status(), "PLAN_STATUS_ACTIVE");
  EXPECT_EQ(o.assigned_to(), "u-zhang");
  EXPECT_EQ(o.department(), "");
  EXPECT_EQ(FieldsOf(o), (Fields{{"subject_person_id", kMinor},
                                 {"anchor_kind", "ANCHOR_KIND_ORDER_ISSUED"},
                                 {"anchor_ref", "gord-520382-1"},
                                 {"anchor_date", "2025-03-10"},
                                 {"slots", "7"}}));

  const opb::RecordFacts& a = by_id[v1->visit_id()];
  EXPECT_EQ(a.status(), "");
  EXPECT_EQ(a.assigned_to(), "u-zhang");
  EXPECT_EQ(a.department(), "未成年人检察部");
  EXPECT_EQ(FieldsOf(a), (Fields{{"plan_id", manual->plan_id()},
                                 {"slot_sequence", "1"},
                                 {"kind", "VISIT_KIND_HOME"},
                                 {"visited_on", "2025-03-10"},
                                 {"subject_person_id", kMinor},
                                 {"needs", "1"},
                                 {"recorded_at", "2025-03-10T02:00:00Z"}}));

  const opb::RecordFacts& b = by_id[v2->visit_id()];
  EXPECT_EQ(b.status(), "");
  EXPECT_EQ(b.assigned_to(), "u-wang");
  EXPECT_EQ(b.department(), "未成年人检察部");
  // Unscheduled, no needs: no plan_id, slot_sequence or needs; the case's subject.
  EXPECT_EQ(FieldsOf(b), (Fields{{"kind", "VISIT_KIND_PHONE"},
                                 {"visited_on", "2025-03-08"},
                                 {"subject_person_id", kMinor},
                                 {"recorded_at", "2025-03-10T03:30:15Z"}}));

  // Nothing personal or free text leaves the service: no summary, notes, need text,
  // waive reason or name, and none of the facts kept only sealed.
  const std::string wire = facts->SerializeAsString();
  for (const std::string& text :
       {home.summary(), std::string("情况稳定"), std::string("需要课业辅导"),
        std::string("家庭已搬离本县"), std::string("王小明")}) {
    EXPECT_EQ(wire.find(text), std::string::npos) << text;
  }
  for (const opb::RecordFacts& r : facts->records()) {
    for (const char* sealed :
         {"summary", "assessments", "visitor_ids", "agency_codes", "ended_on"}) {
      EXPECT_EQ(r.fields().count(sealed), 0u) << r.record_id() << " " << sealed;
    }
  }
}

TEST_F(VisitCaseFactsTest, AMovedPlanIsUnderItsNewCaseWithWhereItCameFrom) {
  ASSERT_TRUE(
      OrderIssued("gord-520382-1", absl::CivilDay(2025, 3, 10), absl::CivilDay(2025, 6, 10), "ev-1")
          .ok());
  const std::string old_id = PlansOf(kCase, zhang_).plans(0).plan_id();
  rpb::CaseTransferred t;
  t.set_case_id(kCase);
  t.set_new_case_id("case-520330-0000000000000077");
  t.set_to_procuratorate_code(kXishui);
  ASSERT_TRUE(Deliver(visit::kTopicCaseTransferred, t, "ev-t1").ok());

  auto old_case = Facts(kCase);
  ASSERT_TRUE(old_case.ok()) << old_case.status();
  EXPECT_EQ(old_case->records_size(), 0);
  auto moved = Facts("case-520330-0000000000000077");
  ASSERT_TRUE(moved.ok()) << moved.status();
  ASSERT_EQ(moved->records_size(), 1);
  const opb::RecordFacts& r = moved->records(0);
  EXPECT_EQ(r.kind(), "visit_plan");
  EXPECT_NE(r.record_id(), old_id);
  EXPECT_EQ(r.status(), "PLAN_STATUS_ACTIVE");
  EXPECT_EQ(r.assigned_to(), "");  // unassigned until the receiving head assigns it
  EXPECT_EQ(r.department(), "");
  EXPECT_EQ(FieldsOf(r), (Fields{{"subject_person_id", kMinor},
                                 {"anchor_kind", "ANCHOR_KIND_ORDER_ISSUED"},
                                 {"anchor_ref", "gord-520382-1"},
                                 {"anchor_date", "2025-03-10"},
                                 {"slots", "7"},
                                 {"moved_from_plan_id", old_id}}));
}

TEST_F(VisitCaseFactsTest, AnUnknownCaseHasNoRecords) {
  ASSERT_TRUE(plans_->CreatePlan(zhang_, ManualPlan()).ok());
  for (const std::string id : {"case-520382-9999999999999999", "case-520330-0000000000000001"}) {
    auto facts = Facts(id);
    ASSERT_TRUE(facts.ok()) << id << ": " << facts.status();
    EXPECT_EQ(facts->case_id(), id);
    EXPECT_EQ(facts->source(), "visit");
    EXPECT_EQ(facts->records_size(), 0) << id;
  }
}

TEST_F(VisitCaseFactsTest, AMalformedCaseIdIsInvalidArgumentNamingOnlyCaseId) {
  ASSERT_TRUE(plans_->CreatePlan(zhang_, ManualPlan()).ok());
  const std::vector<std::string> bad = {
      "",
      absl::StrCat("case-520382-", std::string(53, '0')),  // 65 characters
      "vplan-520382-0000000000000001",                     // not a case id
      "ref-520382-0000000000000001",
      "case-52038-0000000000000001",  // no 6-digit procuratorate
      "case-520382-",
      "case-520382",
      "case-520382-0000000000000001-x",
      "case-520382-00000000000 0001",
      "case-520382-0000000000000001'",
      "case-520382-%",
  };
  for (const std::string& id : bad) {
    auto facts = Facts(id);
    EXPECT_EQ(facts.status().code(), absl::StatusCode::kInvalidArgument) << "\"" << id << "\"";
    const auto violations = FieldViolationsOf(facts.status());
    ASSERT_EQ(violations.size(), 1u) << "\"" << id << "\": " << facts.status();
    EXPECT_EQ(violations[0].first, "case_id") << facts.status();
  }
  // 64 characters is still a case id: an unknown one.
  auto longest = Facts(absl::StrCat("case-520382-", std::string(52, '0')));
  ASSERT_TRUE(longest.ok()) << longest.status();
  EXPECT_EQ(longest->records_size(), 0);
}

TEST_F(VisitCaseFactsTest, NobodyButTheOversightServiceMayAsk) {
  ASSERT_TRUE(plans_->CreatePlan(zhang_, ManualPlan()).ok());
  const std::vector<std::pair<std::string, Principal>> refused = {
      {"the case's caseworker", zhang_},
      {"a department head", head_},
      {"the chief", chief_},
      {"an analyst", analyst_},
      {"the admin", admin_},
      {"an agency", Agency("fl-renhuai", kRenhuai)},
      {"the aid service", Service("aid")},
      {"the referral service", Service("referral")},
      {"the guardianship service", Service("guardianship")},
      {"the visit service", Service("visit")},
  };
  for (const auto& [who, p] : refused) {
    auto facts = Facts(kCase, p);
    EXPECT_EQ(facts.status().code(), absl::StatusCode::kPermissionDenied)
        << who << ": " << facts.status();
  }
  // Refused before anything is read: a malformed id is still PERMISSION_DENIED.
  EXPECT_EQ(Facts("", zhang_).status().code(), absl::StatusCode::kPermissionDenied);
  auto ok = Facts(kCase);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->records_size(), 1);
}

}  // namespace
}  // namespace shouhu::testing
