// The pure rules of visit records: field checks of a visit (each field named), identity
// numbers in free text, whether a visit may complete a slot, which conflict an offline
// visit meets, replay classification and the changed fields of an amendment.
#include "visit/visit_rules.h"

#include <gtest/gtest.h>

#include "common/base/dates.h"

namespace shouhu::visit {
namespace {

using absl::CivilDay;

pb::RecordVisitRequest Good() {
  pb::RecordVisitRequest r;
  r.set_case_id("case-520382-1");
  r.set_kind(pb::VISIT_KIND_PHONE);
  *r.mutable_visited_on() = FromCivilDay(CivilDay(2025, 3, 10));
  for (pb::Dimension d :
       {pb::DIMENSION_MOOD, pb::DIMENSION_PHYSICAL, pb::DIMENSION_LIVING, pb::DIMENSION_FAMILY}) {
    pb::Assessment* a = r.add_assessments();
    a->set_dimension(d);
    a->set_rating(pb::RATING_NOT_ASSESSED);
  }
  return r;
}

std::vector<std::string> Fields(const pb::RecordVisitRequest& r, const std::string& prefix = "") {
  FieldErrors e;
  CheckVisit(e, prefix, r, CivilDay(2025, 3, 10));
  std::vector<std::string> out;
  for (const auto& [f, d] : e.violations()) out.push_back(f);
  return out;
}

using Vec = std::vector<std::string>;

TEST(VisitRulesTest, EveryFieldIsNamed) {
  EXPECT_EQ(Fields(Good()), Vec{});
  pb::RecordVisitRequest r = Good();
  r.mutable_assessments(2)->set_dimension(pb::DIMENSION_MOOD);
  EXPECT_EQ(Fields(r, "items[3].visit."), Vec{"items[3].visit.assessments[2].dimension"});
  r = Good();
  r.mutable_assessments(3)->set_dimension(pb::DIMENSION_UNSPECIFIED);
  EXPECT_EQ(Fields(r), Vec{"assessments[3].dimension"});
  r = Good();
  r.add_assessments()->CopyFrom(r.assessments(0));
  EXPECT_EQ(Fields(r), (Vec{"assessments", "assessments[4].dimension"}));
  r = Good();
  r.mutable_assessments(0)->set_rating(static_cast<pb::Rating>(42));
  EXPECT_EQ(Fields(r), Vec{"assessments[0].rating"});
  r = Good();
  *r.mutable_visited_on() = FromCivilDay(CivilDay(2025, 3, 11));
  EXPECT_EQ(Fields(r), Vec{"visited_on"});
  r = Good();
  r.mutable_visited_on()->set_day(31);
  r.mutable_visited_on()->set_month(2);
  EXPECT_EQ(Fields(r), Vec{"visited_on"});
  r = Good();
  r.set_kind(pb::VISIT_KIND_JOINT);
  EXPECT_EQ(Fields(r), Vec{"agency_codes"});
  r.add_agency_codes("fl-renhuai");
  EXPECT_EQ(Fields(r), Vec{});
  r.add_agency_codes("bad code!");
  EXPECT_EQ(Fields(r), Vec{"agency_codes[1]"});
  r = Good();
  r.add_visitor_ids("u zhang");
  EXPECT_EQ(Fields(r), Vec{"visitor_ids[0]"});
  r = Good();
  r.set_plan_id("vplan-520382-1");
  EXPECT_EQ(Fields(r), Vec{"slot_sequence"});
  r.set_slot_sequence(2);
  EXPECT_EQ(Fields(r), Vec{});
  r = Good();
  r.set_summary(std::string(4001, 'x'));
  EXPECT_EQ(Fields(r), Vec{"summary"});
  r = Good();
  pb::Need* n = r.add_needs();
  n->set_kind(::shouhu::aid::v1::MEASURE_KIND_MEDICAL);
  n->set_description("");
  n->set_need_id("need-1");
  EXPECT_EQ(Fields(r), (Vec{"needs[0].description", "needs[0].need_id"}));
  r = Good();
  r.set_kind(static_cast<pb::VisitKind>(99));
  r.set_case_id("");
  EXPECT_EQ(Fields(r), (Vec{"case_id", "kind"}));
}

TEST(VisitRulesTest, IdentityNumbersInFreeText) {
  EXPECT_TRUE(ContainsIdNumber("身份证11010519491231002X"));
  EXPECT_TRUE(ContainsIdNumber("11010519491231002x 已核实"));
  // Full-width digits.
  EXPECT_TRUE(ContainsIdNumber("１１０１０５１９４９１２３１００２Ｘ"));
  // A wrong check character, a phone number, a short number: not identity numbers.
  EXPECT_FALSE(ContainsIdNumber("110105194912310021"));
  EXPECT_FALSE(ContainsIdNumber("电话13800138000"));
  EXPECT_FALSE(ContainsIdNumber("2025年3月10日家访"));
  FieldErrors e;
  CheckFreeText(e, "summary", "母亲 11010519491231002X", 0, 100);
  ASSERT_EQ(e.violations().size(), 1u);
  EXPECT_EQ(e.violations()[0].first, "summary");
  EXPECT_EQ(e.violations()[0].second.find("11010519491231002X"), std::string::npos);
}

pb::VisitPlan Plan(pb::SlotState s1 = pb::SLOT_STATE_UNSPECIFIED) {
  pb::VisitPlan p;
  p.set_plan_id("vplan-520382-1");
  p.set_case_id("case-520382-1");
  p.set_status(pb::PLAN_STATUS_ACTIVE);
  p.set_version(3);
  pb::VisitSlot* s = p.add_slots();
  s->set_sequence(1);
  s->set_state(s1);
  *s->mutable_opens_on() = FromCivilDay(CivilDay(2025, 3, 10));
  *s->mutable_due_on() = FromCivilDay(CivilDay(2025, 3, 15));
  *s->mutable_expires_on() = FromCivilDay(CivilDay(2025, 3, 22));
  return p;
}

TEST(VisitRulesTest, SlotRefusals) {
  const CivilDay today(2025, 3, 12);
  EXPECT_EQ(SlotRefusal(Plan(), "case-520382-1", 1, CivilDay(2025, 3, 10), today, false),
            std::nullopt);
  auto starts = [](const std::optional<std::string>& s, const std::string& prefix) {
    return s.has_value() && s->rfind(prefix, 0) == 0;
  };
  EXPECT_TRUE(starts(SlotRefusal(Plan(), "case-520382-2", 1, today, today, false), "plan_id"));
  EXPECT_TRUE(
      starts(SlotRefusal(Plan(), "case-520382-1", 2, today, today, false), "slot_sequence"));
  EXPECT_TRUE(
      starts(SlotRefusal(Plan(pb::SLOT_STATE_DONE), "case-520382-1", 1, today, today, false),
             "slot_sequence"));
  EXPECT_TRUE(
      starts(SlotRefusal(Plan(pb::SLOT_STATE_WAIVED), "case-520382-1", 1, today, today, false),
             "slot_sequence"));
  EXPECT_TRUE(starts(SlotRefusal(Plan(), "case-520382-1", 1, CivilDay(2025, 3, 9), today, false),
                     "visited_on"));
  pb::VisitPlan cancelled = Plan();
  cancelled.set_status(pb::PLAN_STATUS_CANCELLED);
  EXPECT_TRUE(starts(SlotRefusal(cancelled, "case-520382-1", 1, today, today, false), "plan_id"));
  // Missed today: refused online; offline the visit date (within the window) decides.
  const CivilDay later(2025, 3, 25);
  EXPECT_TRUE(starts(SlotRefusal(Plan(), "case-520382-1", 1, CivilDay(2025, 3, 20), later, false),
                     "slot_sequence"));
  EXPECT_EQ(SlotRefusal(Plan(), "case-520382-1", 1, CivilDay(2025, 3, 20), later, true),
            std::nullopt);
}

TEST(VisitRulesTest, ConflictClassification) {
  EXPECT_EQ(ConflictOf(Plan(), 1, 3), std::nullopt);
  EXPECT_EQ(ConflictOf(Plan(), 1, 2), pb::CONFLICT_REASON_PLAN_CHANGED);
  EXPECT_EQ(ConflictOf(Plan(pb::SLOT_STATE_DONE), 1, 3), pb::CONFLICT_REASON_SLOT_COMPLETED);
  EXPECT_EQ(ConflictOf(Plan(pb::SLOT_STATE_DONE), 1, 2), pb::CONFLICT_REASON_SLOT_COMPLETED);
  EXPECT_EQ(ConflictOf(Plan(pb::SLOT_STATE_WAIVED), 1, 2), pb::CONFLICT_REASON_SLOT_CLOSED);
  pb::VisitPlan ended = Plan();
  ended.set_status(pb::PLAN_STATUS_ENDED);
  EXPECT_EQ(ConflictOf(ended, 1, 3), pb::CONFLICT_REASON_SLOT_CLOSED);
}

TEST(VisitRulesTest, ReplayClassificationAndHash) {
  pb::BatchItem a;
  a.set_client_id("cap-00000001");
  *a.mutable_visit() = Good();
  pb::BatchItem same = a;
  same.mutable_visit()->set_request_id("req-ignored-1");
  pb::BatchItem other = a;
  other.mutable_visit()->set_summary("changed");
  EXPECT_EQ(ItemHash(a), ItemHash(same));
  EXPECT_NE(ItemHash(a), ItemHash(other));
  EXPECT_EQ(ClassifyReplay(std::nullopt, ItemHash(a)), ReplayVerdict::kNew);
  EXPECT_EQ(ClassifyReplay(ItemHash(a), ItemHash(same)), ReplayVerdict::kReplayed);
  EXPECT_EQ(ClassifyReplay(ItemHash(a), ItemHash(other)), ReplayVerdict::kOtherPayload);
}

TEST(VisitRulesTest, ChangedFieldsOfAnAmendment) {
  pb::Visit before;
  *before.mutable_assessments() = Good().assessments();
  before.set_summary("s");
  pb::Visit after = before;
  EXPECT_EQ(ChangedFields(before, after), Vec{});
  // The same four in another order: no change.
  after.mutable_assessments()->SwapElements(0, 3);
  EXPECT_EQ(ChangedFields(before, after), Vec{});
  after.mutable_assessments(1)->set_notes("新");
  after.set_summary("t");
  after.add_needs();
  EXPECT_EQ(ChangedFields(before, after), (Vec{"assessments", "summary", "needs"}));
}

}  // namespace
}  // namespace shouhu::visit
