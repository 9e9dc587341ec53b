// The case-quality review engine without I/O: each check kind on facts that pass and fail,
// the shipped rule set on a realistic case, validation naming each wrong field, the diff of
// two evaluations, and docs/oversight.md's generated rule and record-kind tables.
#include "oversight/review_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/base/dates.h"
#include "common/base/text.h"
#include "support/generated_doc.h"

namespace shouhu::oversight {
namespace {

absl::Time China(int y, int m, int d, int hh = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, 0, 0), ChinaTime());
}

v1::RecordFacts Rec(const std::string& kind, const std::string& id, const std::string& status,
                    std::map<std::string, std::string> fields) {
  v1::RecordFacts r;
  r.set_kind(kind);
  r.set_record_id(id);
  r.set_status(status);
  for (auto& [k, v] : fields) (*r.mutable_fields())[k] = v;
  return r;
}

v1::Rule Rule(const std::string& id) {
  v1::Rule r;
  r.set_rule_id(id);
  r.set_title_zh("规则");
  r.set_title_en("rule");
  r.set_severity(v1::SEVERITY_MAJOR);
  return r;
}

std::vector<std::string> Ids(const std::vector<FindingKey>& keys) {
  std::vector<std::string> out;
  for (const FindingKey& k : keys) {
    out.push_back(k.rule_id + "/" + k.record_kind + "/" + k.record_id + "/" + k.field);
  }
  return out;
}

std::vector<std::string> Eval(const v1::Rule& rule, const ReviewInput& in) {
  EXPECT_TRUE(ValidateRules({rule}).ok()) << ValidateRules({rule});
  return Ids(EvaluateRules({rule}, in));
}

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ReviewRulesTest, RequiredFieldOnMatchingRecordsOnly) {
  v1::Rule r = Rule("Q-T");
  r.mutable_required_field()->mutable_applies_to()->set_kind("case");
  r.mutable_required_field()->mutable_applies_to()->add_statuses("CASE_STATUS_CLOSED");
  r.mutable_required_field()->set_field("close_note");
  ReviewInput in;
  in.records = {Rec("case", "c1", "CASE_STATUS_CLOSED", {}),
                Rec("case", "c2", "CASE_STATUS_CLOSED", {{"close_note", "*"}}),
                Rec("case", "c3", "CASE_STATUS_OPEN", {}),
                Rec("referral", "r1", "CASE_STATUS_CLOSED", {})};
  EXPECT_THAT(Eval(r, in), ElementsAre("Q-T/case/c1/close_note"));

  // `filled` narrows the match.
  v1::Rule d = Rule("Q-D");
  d.mutable_required_field()->mutable_applies_to()->set_kind("aid_application");
  d.mutable_required_field()->mutable_applies_to()->add_filled("decided_on");
  d.mutable_required_field()->set_field("decision_document_number");
  in.records = {Rec("aid_application", "a1", "", {{"decided_on", "2026-02-10"}}),
                Rec("aid_application", "a2", "", {}),
                Rec("aid_application", "a3", "",
                    {{"decided_on", "2026-02-10"}, {"decision_document_number", "1"}})};
  EXPECT_THAT(Eval(d, in), ElementsAre("Q-D/aid_application/a1/decision_document_number"));
}

TEST(ReviewRulesTest, LinkedRecordByIdAndByListEntries) {
  v1::Rule r = Rule("Q-L");
  r.mutable_linked_record()->mutable_applies_to()->set_kind("aid_application");
  r.mutable_linked_record()->set_field("source_referral_id");
  r.mutable_linked_record()->set_target_kind("referral");
  ReviewInput in;
  in.records = {Rec("referral", "ref-1", "", {}),
                Rec("aid_application", "a1", "", {{"source_referral_id", "ref-1"}}),
                Rec("aid_application", "a2", "", {{"source_referral_id", "ref-9"}}),
                Rec("aid_application", "a3", "", {})};  // not filled: not this rule's concern
  EXPECT_THAT(Eval(r, in), ElementsAre("Q-L/aid_application/a2/source_referral_id"));

  // A list value: every entry must name a record.
  v1::Rule m = Rule("Q-M");
  m.mutable_linked_record()->mutable_applies_to()->set_kind("case");
  m.mutable_linked_record()->set_field("referral_ids");
  m.mutable_linked_record()->set_target_kind("referral");
  in.records = {Rec("referral", "ref-1", "", {}), Rec("referral", "ref-2", "", {}),
                Rec("case", "c1", "", {{"referral_ids", "ref-1, ref-2"}}),
                Rec("case", "c2", "", {{"referral_ids", "ref-1,ref-x"}})};
  EXPECT_THAT(Eval(m, in), ElementsAre("Q-M/case/c2/referral_ids"));

  // A target list field: the value must be one of its entries.
  v1::Rule p = Rule("Q-P");
  p.mutable_linked_record()->mutable_applies_to()->set_kind("order");
  p.mutable_linked_record()->set_field("minor_person_id");
  p.mutable_linked_record()->set_target_kind("referral");
  p.mutable_linked_record()->set_target_field("person_ids");
  in.records = {Rec("referral", "ref-1", "", {{"person_ids", "per-1,per-2"}}),
                Rec("order", "o1", "", {{"minor_person_id", "per-2"}}),
                Rec("order", "o2", "", {{"minor_person_id", "per-3"}})};
  EXPECT_THAT(Eval(p, in), ElementsAre("Q-P/order/o2/minor_person_id"));
}

TEST(ReviewRulesTest, DateOrderComparesChinaDaysAndTimestamps) {
  v1::Rule r = Rule("Q-O");
  r.mutable_date_order()->mutable_applies_to()->set_kind("case");
  r.mutable_date_order()->set_earlier_field("opened_at");
  r.mutable_date_order()->set_later_field("closed_at");
  ReviewInput in;
  in.records = {Rec("case", "ok", "",
                    {{"opened_at", "2026-02-01T02:00:00Z"}, {"closed_at", "2026-03-10T01:00:00Z"}}),
                Rec("case", "bad", "",
                    {{"opened_at", "2026-03-10T02:00:00Z"}, {"closed_at", "2026-03-10T01:00:00Z"}}),
                Rec("case", "half", "", {{"opened_at", "2026-03-10T02:00:00Z"}}),
                Rec("case", "garbage", "",
                    {{"opened_at", "yesterday"}, {"closed_at", "2026-03-10T01:00:00Z"}})};
  EXPECT_THAT(Eval(r, in), ElementsAre("Q-O/case/bad/opened_at/closed_at"));

  // A date against a timestamp: by the timestamp's China day (2026-03-09T17:00Z is 10 March).
  v1::Rule m = Rule("Q-M");
  m.mutable_date_order()->mutable_applies_to()->set_kind("disbursement");
  m.mutable_date_order()->set_earlier_field("funds_arrived_on");
  m.mutable_date_order()->set_later_field("applicant_notified_at");
  in.records = {
      Rec("disbursement", "same-day", "",
          {{"funds_arrived_on", "2026-03-10"}, {"applicant_notified_at", "2026-03-09T17:00:00Z"}}),
      Rec("disbursement", "day-before", "",
          {{"funds_arrived_on", "2026-03-10"}, {"applicant_notified_at", "2026-03-09T15:59:59Z"}})};
  EXPECT_THAT(Eval(m, in),
              ElementsAre("Q-M/disbursement/day-before/funds_arrived_on/applicant_notified_at"));
}

TEST(ReviewRulesTest, FollowUpNeedsOneMatchingRecordInTheCase) {
  v1::Rule r = Rule("Q-F");
  r.mutable_follow_up()->mutable_trigger()->set_kind("aid_application");
  r.mutable_follow_up()->mutable_trigger()->add_filled("paid_fen");
  r.mutable_follow_up()->mutable_required()->set_kind("visit");
  ReviewInput in;
  in.records = {Rec("aid_application", "a1", "", {{"paid_fen", "500000"}}),
                Rec("aid_application", "a2", "", {})};
  EXPECT_THAT(Eval(r, in), ElementsAre("Q-F/aid_application/a1/visit"));
  in.records.push_back(Rec("visit", "v1", "", {}));
  EXPECT_THAT(Eval(r, in), IsEmpty());
}

TEST(ReviewRulesTest, DeadlinesMetLateOrOpenPastDueAreFindings) {
  v1::Rule r = Rule("Q-DL");
  r.mutable_deadline_met();
  ReviewInput in;
  in.now = China(2026, 3, 10, 9);
  const absl::Time due = China(2026, 3, 1, 18);
  in.deadlines = {
      {"AID_DECISION:a-late", v1::AID_DECISION, "a-late", due, v1::DEADLINE_MET, China(2026, 3, 2)},
      {"AID_DECISION:a-ok", v1::AID_DECISION, "a-ok", due, v1::DEADLINE_MET, China(2026, 3, 1, 17)},
      {"REFERRAL_ANSWER:r-open", v1::REFERRAL_ANSWER, "r-open", due, v1::DEADLINE_OPEN},
      {"REFERRAL_ANSWER:r-future", v1::REFERRAL_ANSWER, "r-future", China(2026, 3, 20),
       v1::DEADLINE_OPEN},
      {"ORDER_EVALUATION:o-x", v1::ORDER_EVALUATION, "o-x", due, v1::DEADLINE_CANCELLED},
      {"VISIT_WINDOW:plan-1:2", v1::VISIT_WINDOW, "plan-1", due, v1::DEADLINE_OPEN},
  };
  EXPECT_THAT(Eval(r, in), ElementsAre("Q-DL/aid_application/a-late/AID_DECISION",
                                       "Q-DL/referral/r-open/REFERRAL_ANSWER",
                                       "Q-DL/visit_plan/plan-1/VISIT_WINDOW:2"));
  r.mutable_deadline_met()->add_kinds(v1::VISIT_WINDOW);
  EXPECT_THAT(Eval(r, in), ElementsAre("Q-DL/visit_plan/plan-1/VISIT_WINDOW:2"));
}

TEST(ReviewRulesTest, EveryDeadlineKindIsOnAKnownRecordKind) {
  const auto* e = v1::DeadlineKind_descriptor();
  for (int i = 0; i < e->value_count(); ++i) {
    const auto kind = static_cast<v1::DeadlineKind>(e->value(i)->number());
    if (kind == v1::DEADLINE_KIND_UNSPECIFIED) continue;
    EXPECT_NE(FindRecordKind(DeadlineRecordKind(kind)), nullptr) << e->value(i)->name();
  }
}

// The seeded case of the integration test: a closed case without its note, aid paid and
// nobody visited, a decision two days late: exactly three findings.
TEST(ReviewRulesTest, ShippedRulesOnAClosedCase) {
  ReviewInput in;
  in.case_id = "case-520382-1";
  in.now = China(2026, 3, 10, 9);
  in.records = {Rec("case", "case-520382-1", "CASE_STATUS_CLOSED",
                    {{"kind", "REFERRAL_KIND_JUDICIAL_AID"},
                     {"subject_person_id", "per-1"},
                     {"opened_at", "2026-02-01T02:00:00Z"},
                     {"closed_at", "2026-03-10T01:00:00Z"},
                     {"close_reason", "CLOSE_REASON_RESOLVED"},
                     {"referral_ids", "ref-520382-1"}}),
                Rec("referral", "ref-520382-1", "REFERRAL_STATUS_ACCEPTED",
                    {{"case_id", "case-520382-1"},
                     {"agency_code", "fl-renhuai"},
                     {"facts", "*"},
                     {"person_ids", "per-1,per-2"}}),
                Rec("aid_application", "aid-520382-1", "APPLICATION_STATUS_PAID",
                    {{"case_id", "case-520382-1"},
                     {"registered_on", "2026-02-02"},
                     {"decided_on", "2026-02-10"},
                     {"decision_document_number", "仁检救决〔2026〕1号"},
                     {"approved_fen", "500000"},
                     {"paid_fen", "500000"},
                     {"source_referral_id", "ref-520382-1"}})};
  in.deadlines = {{"AID_DECISION:aid-520382-1", v1::AID_DECISION, "aid-520382-1",
                   China(2026, 2, 8, 18), v1::DEADLINE_MET, China(2026, 2, 10, 12)}};
  const std::vector<v1::Rule> shipped = ShippedRules();
  std::vector<FindingKey> found = EvaluateRules(shipped, in);
  EXPECT_THAT(Ids(found), ElementsAre("Q-AID-VISIT/aid_application/aid-520382-1/visit",
                                      "Q-CASE-CLOSE-NOTE/case/case-520382-1/close_note",
                                      "Q-DEADLINES/aid_application/aid-520382-1/AID_DECISION"));
  EXPECT_EQ(found[1].severity, v1::SEVERITY_MINOR);
  EXPECT_EQ(found[2].severity, v1::SEVERITY_MAJOR);

  // Fixing the record clears its finding; a wrong link and reversed dates are found.
  (*in.records[0].mutable_fields())["close_note"] = "*";
  (*in.records[2].mutable_fields())["source_referral_id"] = "ref-other";
  (*in.records[2].mutable_fields())["registered_on"] = "2026-02-11";
  EXPECT_THAT(Ids(EvaluateRules(shipped, in)),
              ElementsAre("Q-AID-DATES/aid_application/aid-520382-1/registered_on/decided_on",
                          "Q-AID-REFERRAL/aid_application/aid-520382-1/source_referral_id",
                          "Q-AID-VISIT/aid_application/aid-520382-1/visit",
                          "Q-DEADLINES/aid_application/aid-520382-1/AID_DECISION"));
}

TEST(ReviewRulesTest, ShippedRulesAreValidWithUniqueIds) {
  const std::vector<v1::Rule> shipped = ShippedRules();
  EXPECT_TRUE(ValidateRules(shipped).ok()) << ValidateRules(shipped);
  std::set<std::string> ids;
  for (const v1::Rule& r : shipped) EXPECT_TRUE(ids.insert(r.rule_id()).second) << r.rule_id();
  EXPECT_EQ(ids.size(), shipped.size());
  EXPECT_EQ(RuleTitle(shipped[0], "en"), shipped[0].title_en());
  EXPECT_EQ(RuleTitle(shipped[0], ""), shipped[0].title_zh());
}

TEST(ReviewRulesTest, ValidationNamesEachWrongField) {
  std::vector<v1::Rule> rules(9, Rule("Q-A"));
  rules[0].mutable_required_field()->mutable_applies_to()->set_kind("case");
  rules[0].mutable_required_field()->set_field("close_note");
  rules[1] = rules[0];  // duplicate id
  rules[2] = rules[0];
  rules[2].set_rule_id("q-lower");
  rules[2].set_title_zh("");
  rules[2].set_severity(v1::SEVERITY_UNSPECIFIED);
  rules[3].set_rule_id("Q-KIND");
  rules[3].mutable_required_field()->mutable_applies_to()->set_kind("cases");
  rules[3].mutable_required_field()->set_field("close_note");
  rules[4].set_rule_id("Q-FIELD");
  rules[4].mutable_required_field()->mutable_applies_to()->set_kind("referral");
  rules[4].mutable_required_field()->mutable_applies_to()->add_statuses("accepted");
  rules[4].mutable_required_field()->set_field("ocurred_on");
  rules[5].set_rule_id("Q-ORDER");
  rules[5].mutable_date_order()->mutable_applies_to()->set_kind("aid_application");
  rules[5].mutable_date_order()->set_earlier_field("paid_fen");
  rules[5].mutable_date_order()->set_later_field("paid_fen");
  rules[6].set_rule_id("Q-LINK");
  rules[6].mutable_linked_record()->mutable_applies_to()->set_kind("order");
  rules[6].mutable_linked_record()->set_field("order_date");
  rules[6].mutable_linked_record()->set_target_kind("nothing");
  rules[7].set_rule_id("Q-DL");
  rules[7].mutable_deadline_met()->add_kinds(v1::DEADLINE_KIND_UNSPECIFIED);
  rules[7].mutable_deadline_met()->add_kinds(static_cast<v1::DeadlineKind>(77));
  rules[8].set_rule_id("Q-NONE");
  const absl::Status s = ValidateRules(rules);
  ASSERT_TRUE(absl::IsInvalidArgument(s)) << s;
  std::set<std::string> fields;
  for (const auto& [f, d] : FieldViolationsOf(s)) fields.insert(f);
  EXPECT_EQ(fields, (std::set<std::string>{
                        "rules[1].rule_id", "rules[2].rule_id", "rules[2].title_zh",
                        "rules[2].severity", "rules[3].required_field.applies_to.kind",
                        "rules[4].required_field.applies_to.statuses[0]",
                        "rules[4].required_field.field", "rules[5].date_order.earlier_field",
                        "rules[5].date_order.later_field", "rules[6].linked_record.field",
                        "rules[6].linked_record.target_kind", "rules[7].deadline_met.kinds[0]",
                        "rules[7].deadline_met.kinds[1]", "rules[8].check"}))
      << s;

  EXPECT_TRUE(absl::IsInvalidArgument(ValidateRules({})));
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateRules(std::vector<v1::Rule>(201, rules[0]))));
}

TEST(ReviewRulesTest, EvaluationIsSortedAndDedupedAndDiffsByIdentity) {
  v1::Rule a = Rule("Q-A");
  a.mutable_required_field()->mutable_applies_to()->set_kind("visit");
  a.mutable_required_field()->set_field("plan_id");
  ReviewInput in;
  in.records = {Rec("visit", "v2", "", {}), Rec("visit", "v1", "", {}), Rec("visit", "v1", "", {})};
  const std::vector<FindingKey> active = EvaluateRules({a}, in);
  EXPECT_THAT(Ids(active), ElementsAre("Q-A/visit/v1/plan_id", "Q-A/visit/v2/plan_id"));

  v1::Rule b = a;
  b.set_rule_id("Q-B");
  b.set_severity(v1::SEVERITY_MINOR);
  a.set_severity(v1::SEVERITY_MINOR);  // a severity change alone is not a change of finding
  in.records.pop_back();
  in.records.pop_back();  // only v2 left
  const std::vector<FindingKey> tried = EvaluateRules({a, b}, in);
  const FindingDiff d = DiffFindings(active, tried);
  EXPECT_THAT(Ids(d.added), ElementsAre("Q-B/visit/v2/plan_id"));
  EXPECT_THAT(Ids(d.removed), ElementsAre("Q-A/visit/v1/plan_id"));
}

// docs/oversight.md's tables are the renderings of the code's (re-render with
// SHOUHU_UPDATE_OVERSIGHT_DOC=1).
TEST(ReviewRulesTest, DocsAreTheRenderedTables) {
  if (!testing::ExpectGeneratedSection(
          "docs/oversight.md", "<!-- BEGIN GENERATED: review rules -->\n",
          "<!-- END GENERATED: review rules -->", RenderRuleTable(ShippedRules()),
          "SHOUHU_UPDATE_OVERSIGHT_DOC") ||
      !testing::ExpectGeneratedSection("docs/oversight.md",
                                       "<!-- BEGIN GENERATED: review record kinds -->\n",
                                       "<!-- END GENERATED: review record kinds -->",
                                       RenderRecordKinds(), "SHOUHU_UPDATE_OVERSIGHT_DOC")) {
    GTEST_SKIP() << "SHOUHU_SOURCE_DIR is not set";
  }
}

}  // namespace
}  // namespace shouhu::oversight
