// The eligibility rule set 2021.1 (deploy/aid/rules): every situation both ways, every
// exclusion both ways, minors' additions only for minors, the once-per-case principle,
// ground selection, rule-file errors and the generated table in docs/aid-rules.md.
#include "aid/rules.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"

namespace shouhu::aid {
namespace {

using ::shouhu::referral::v1::AidGround;

std::string SourceDir() {
  const char* dir = std::getenv("SHOUHU_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

const RuleSet& Rules() {
  static const RuleSet* rules = [] {
    auto loaded = RuleSet::Load(SourceDir() + "/deploy/aid/rules/eligibility-2021.1.json");
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      return new RuleSet();
    }
    return new RuleSet(*std::move(loaded));
  }();
  return *rules;
}

// Sets a boolean fact by its rule name ("harm.serious_injury", "details.victim_minor").
void SetFact(pb::ApplicationDetails& d, const std::string& name, bool value) {
  google::protobuf::Message* msg = &d;
  std::string field = name;
  if (absl::StartsWith(name, "harm.")) {
    msg = d.mutable_harm_facts();
    field = name.substr(5);
  } else if (absl::StartsWith(name, "exclusion.")) {
    msg = d.mutable_exclusion_facts();
    field = name.substr(10);
  } else if (absl::StartsWith(name, "details.")) {
    field = name.substr(8);
  }
  const auto* f = msg->GetDescriptor()->FindFieldByName(field);
  ASSERT_NE(f, nullptr) << name;
  msg->GetReflection()->SetBool(msg, f, value);
}

const pb::RuleOutcome& Outcome(const pb::EligibilityResult& r, const std::string& id) {
  for (const auto& o : r.outcomes()) {
    if (o.rule_id() == id) return o;
  }
  static const pb::RuleOutcome kNone;
  ADD_FAILURE() << "no outcome for " << id;
  return kNone;
}

pb::EligibilityResult Judge(const pb::ApplicationDetails& d, std::vector<pb::PriorAid> prior = {},
                            bool granted_here = false) {
  return Evaluate(
      Rules(),
      {.details = &d, .prior_aid = std::move(prior), .already_granted_here = granted_here});
}

TEST(RuleSetTest, LoadsVersionAndEveryRule) {
  EXPECT_EQ(Rules().version(), "2021.1");
  EXPECT_EQ(Rules().rules().size(), 19u);  // 8 situations + 3 minors' + 7 exclusions + 1
  pb::ApplicationDetails d;
  pb::EligibilityResult r = Judge(d);
  EXPECT_EQ(r.rule_set_version(), "2021.1");
  ASSERT_EQ(r.outcomes_size(), 19);
  for (int i = 0; i < r.outcomes_size(); ++i) {
    EXPECT_EQ(r.outcomes(i).rule_id(), Rules().rules()[i].id);  // rule-set order
    EXPECT_FALSE(r.outcomes(i).reason().empty());
    EXPECT_FALSE(r.outcomes(i).reason_en().empty());
  }
  EXPECT_FALSE(r.eligible());
}

struct SituationCase {
  std::string rule_id;
  AidGround ground;
  std::vector<std::string> facts;  // a minimal set that matches
  std::string essential;           // dropping it fails the rule
};

class SituationTest : public testing::TestWithParam<SituationCase> {};

TEST_P(SituationTest, MatchesWithItsFactsAndFailsWithoutOne) {
  const SituationCase& c = GetParam();
  pb::ApplicationDetails d;
  for (const auto& f : c.facts) SetFact(d, f, true);
  pb::EligibilityResult r = Judge(d);
  const pb::RuleOutcome& o = Outcome(r, c.rule_id);
  EXPECT_TRUE(o.matched()) << o.reason_en();
  EXPECT_EQ(o.kind(), pb::RuleOutcome::KIND_SITUATION);
  EXPECT_EQ(o.ground(), c.ground);
  EXPECT_TRUE(absl::StrContains(o.reason(), c.essential)) << o.reason();
  EXPECT_TRUE(r.eligible());
  EXPECT_NE(std::find(r.matched_grounds().begin(), r.matched_grounds().end(), c.ground),
            r.matched_grounds().end());

  SetFact(d, c.essential, false);
  pb::EligibilityResult failed = Judge(d);
  const pb::RuleOutcome& f = Outcome(failed, c.rule_id);
  EXPECT_FALSE(f.matched());
  EXPECT_TRUE(absl::StrContains(f.reason(), c.essential)) << f.reason();
  EXPECT_TRUE(absl::StrContains(f.reason_en(), c.essential)) << f.reason_en();
  EXPECT_FALSE(failed.eligible());
}

const char kHard[] = "harm.hardship_from_case";

INSTANTIATE_TEST_SUITE_P(
    EverySituation, SituationTest,
    testing::Values(
        SituationCase{"ground.serious_injury",
                      referral::v1::AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED,
                      {"harm.serious_injury", "harm.case_unsolved", kHard},
                      "harm.case_unsolved"},
        SituationCase{"ground.serious_injury",
                      referral::v1::AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED,
                      {"harm.severe_disability", "harm.offender_dead_or_unable_to_pay", kHard},
                      "harm.severe_disability"},
        SituationCase{"ground.urgent_medical",
                      referral::v1::AID_GROUND_URGENT_MEDICAL,
                      {"harm.life_endangered", "harm.urgent_treatment_needed",
                       "harm.cannot_pay_medical_costs", kHard},
                      "harm.cannot_pay_medical_costs"},
        SituationCase{"ground.death_dependants",
                      referral::v1::AID_GROUND_DEATH_DEPENDANTS,
                      {"harm.victim_died", "harm.dependants_in_hardship", kHard},
                      "harm.dependants_in_hardship"},
        SituationCase{"ground.property_loss",
                      referral::v1::AID_GROUND_PROPERTY_LOSS,
                      {"harm.major_property_loss", "harm.limitation_expired", kHard},
                      "harm.major_property_loss"},
        SituationCase{"ground.retaliation",
                      referral::v1::AID_GROUND_RETALIATION,
                      {"harm.retaliation_harm", kHard},
                      kHard},
        SituationCase{"ground.road_accident_tort",
                      referral::v1::AID_GROUND_ROAD_ACCIDENT_TORT,
                      {"harm.civil_tort_injury", "harm.no_compensation_obtainable", kHard},
                      "harm.no_compensation_obtainable"},
        SituationCase{"ground.unpaid_support",
                      referral::v1::AID_GROUND_UNPAID_SUPPORT,
                      {"harm.support_unpaid", "harm.debtor_unable_to_pay", kHard},
                      "harm.debtor_unable_to_pay"},
        SituationCase{"ground.other",
                      referral::v1::AID_GROUND_OTHER,
                      {"harm.procuratorate_finds_need", kHard},
                      "harm.procuratorate_finds_need"},
        SituationCase{"minor.psychological_trauma",
                      referral::v1::AID_GROUND_MINOR_PSYCHOLOGICAL_TRAUMA,
                      {"details.victim_minor", "harm.psychological_trauma", kHard},
                      "harm.psychological_trauma"},
        SituationCase{"minor.carer_killed",
                      referral::v1::AID_GROUND_MINOR_CARER_KILLED,
                      {"details.victim_minor", "harm.carer_killed", kHard},
                      "harm.carer_killed"},
        SituationCase{"minor.unpaid_child_support",
                      referral::v1::AID_GROUND_UNPAID_SUPPORT,
                      {"details.victim_minor", "harm.support_unpaid", kHard},
                      "details.victim_minor"}),
    [](const testing::TestParamInfo<SituationCase>& info) {
      std::string name = info.param.rule_id + "_" + std::to_string(info.index);
      for (char& ch : name) {
        if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

TEST(MinorsTest, AdditionsApplyOnlyToMinors) {
  pb::ApplicationDetails d;
  SetFact(d, "harm.psychological_trauma", true);
  SetFact(d, "harm.carer_killed", true);
  SetFact(d, "harm.support_unpaid", true);
  SetFact(d, kHard, true);
  pb::EligibilityResult adult = Judge(d);
  for (const char* id :
       {"minor.psychological_trauma", "minor.carer_killed", "minor.unpaid_child_support"}) {
    EXPECT_FALSE(Outcome(adult, id).matched()) << id;
    EXPECT_TRUE(absl::StrContains(Outcome(adult, id).reason(), "details.victim_minor")) << id;
  }
  // An adult's unpaid support needs the debtor's inability to pay.
  EXPECT_FALSE(Outcome(adult, "ground.unpaid_support").matched());
  EXPECT_FALSE(adult.eligible());

  SetFact(d, "details.victim_minor", true);
  pb::EligibilityResult minor = Judge(d);
  for (const char* id :
       {"minor.psychological_trauma", "minor.carer_killed", "minor.unpaid_child_support"}) {
    EXPECT_TRUE(Outcome(minor, id).matched()) << id;
  }
  EXPECT_TRUE(minor.eligible());
}

struct ExclusionCase {
  std::string rule_id;
  std::string fact;
  pb::ExclusionReason reason;
};

class ExclusionTest : public testing::TestWithParam<ExclusionCase> {};

TEST_P(ExclusionTest, ExcludesAnEligibleApplicationOnlyWhenItsFactHolds) {
  const ExclusionCase& c = GetParam();
  pb::ApplicationDetails d;
  for (const char* f : {"harm.retaliation_harm", kHard}) SetFact(d, f, true);
  pb::EligibilityResult clean = Judge(d);
  EXPECT_TRUE(clean.eligible());
  EXPECT_FALSE(Outcome(clean, c.rule_id).matched());
  EXPECT_TRUE(clean.exclusion_reasons().empty());

  SetFact(d, c.fact, true);
  pb::EligibilityResult r = Judge(d);
  const pb::RuleOutcome& o = Outcome(r, c.rule_id);
  EXPECT_TRUE(o.matched());
  EXPECT_EQ(o.kind(), pb::RuleOutcome::KIND_EXCLUSION);
  EXPECT_EQ(o.exclusion(), c.reason);
  EXPECT_TRUE(absl::StrContains(o.reason(), c.fact)) << o.reason();
  EXPECT_FALSE(r.eligible());
  ASSERT_EQ(r.exclusion_reasons_size(), 1);
  EXPECT_EQ(r.exclusion_reasons(0), c.reason);
}

INSTANTIATE_TEST_SUITE_P(
    EveryExclusion, ExclusionTest,
    testing::Values(ExclusionCase{"exclusion.major_fault", "exclusion.major_fault",
                                  pb::EXCLUSION_REASON_MAJOR_FAULT},
                    ExclusionCase{"exclusion.refused_cooperation", "exclusion.refused_cooperation",
                                  pb::EXCLUSION_REASON_REFUSED_COOPERATION},
                    ExclusionCase{"exclusion.false_statement", "exclusion.false_statement",
                                  pb::EXCLUSION_REASON_FALSE_STATEMENT},
                    ExclusionCase{"exclusion.waived_claim", "exclusion.waived_claim",
                                  pb::EXCLUSION_REASON_WAIVED_CLAIM},
                    ExclusionCase{"exclusion.not_caused_by_case",
                                  "exclusion.hardship_not_caused_by_case",
                                  pb::EXCLUSION_REASON_NOT_CAUSED_BY_CASE},
                    ExclusionCase{"exclusion.already_compensated",
                                  "exclusion.reasonably_compensated",
                                  pb::EXCLUSION_REASON_ALREADY_COMPENSATED},
                    ExclusionCase{"exclusion.legal_person", "details.applicant_is_organisation",
                                  pb::EXCLUSION_REASON_LEGAL_PERSON}),
    [](const testing::TestParamInfo<ExclusionCase>& info) {
      std::string name = info.param.rule_id;
      for (char& ch : name) {
        if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

TEST(PrincipleTest, PriorAidByAnotherOrganExcludesAndIsNamed) {
  pb::ApplicationDetails d;
  for (const char* f : {"harm.retaliation_harm", kHard}) SetFact(d, f, true);
  pb::PriorAid prior;
  prior.set_organ(pb::PriorAid::ORGAN_COURT);
  prior.set_organ_name("仁怀市人民法院");
  prior.mutable_aided_on()->set_year(2025);
  prior.mutable_aided_on()->set_month(3);
  prior.mutable_aided_on()->set_day(14);
  prior.set_amount_fen(1'234'500);
  pb::EligibilityResult r = Judge(d, {prior});
  const pb::RuleOutcome& o = Outcome(r, "principle.once_per_case");
  EXPECT_TRUE(o.matched());
  EXPECT_EQ(o.kind(), pb::RuleOutcome::KIND_PRINCIPLE);
  EXPECT_EQ(o.exclusion(), pb::EXCLUSION_REASON_ALREADY_AIDED);
  EXPECT_TRUE(absl::StrContains(o.reason(), "仁怀市人民法院")) << o.reason();
  EXPECT_TRUE(absl::StrContains(o.reason(), "2025-03-14")) << o.reason();
  EXPECT_TRUE(absl::StrContains(o.reason(), "12345.00")) << o.reason();
  EXPECT_TRUE(absl::StrContains(o.reason_en(), "2025-03-14")) << o.reason_en();
  EXPECT_FALSE(r.eligible());
  ASSERT_EQ(r.exclusion_reasons_size(), 1);
  EXPECT_EQ(r.exclusion_reasons(0), pb::EXCLUSION_REASON_ALREADY_AIDED);
}

TEST(PrincipleTest, GrantedHereExcludesAndNothingRecordedDoesNot) {
  pb::ApplicationDetails d;
  for (const char* f : {"harm.retaliation_harm", kHard}) SetFact(d, f, true);
  pb::EligibilityResult here = Judge(d, {}, /*granted_here=*/true);
  EXPECT_TRUE(Outcome(here, "principle.once_per_case").matched());
  EXPECT_FALSE(here.eligible());
  pb::EligibilityResult none = Judge(d);
  EXPECT_FALSE(Outcome(none, "principle.once_per_case").matched());
  EXPECT_TRUE(none.eligible());
}

TEST(GroundSelectionTest, OnlyASelectedGroundMakesEligible) {
  pb::ApplicationDetails d;
  for (const char* f : {"harm.retaliation_harm", kHard}) SetFact(d, f, true);
  d.add_grounds(referral::v1::AID_GROUND_URGENT_MEDICAL);
  pb::EligibilityResult r = Judge(d);
  EXPECT_TRUE(Outcome(r, "ground.retaliation").matched());
  EXPECT_FALSE(r.eligible());  // the situation matched is not the one selected
  d.add_grounds(referral::v1::AID_GROUND_RETALIATION);
  EXPECT_TRUE(Judge(d).eligible());
}

TEST(GroundSelectionTest, NullDetailsIsNotEligible) {
  pb::EligibilityResult r = Evaluate(Rules(), {});
  EXPECT_FALSE(r.eligible());
  EXPECT_EQ(r.outcomes_size(), 19);
}

// A valid one-rule file with `rule` spliced in.
std::string File(const std::string& rules, const std::string& version = "\"t.1\"") {
  return "{\"version\": " + version + ", \"rules\": [" + rules + "]}";
}
std::string RuleJson(const std::string& id, const std::string& when,
                     const std::string& extra = "") {
  return "{\"id\": \"" + id +
         "\", \"kind\": \"situation\", \"ground\": \"AID_GROUND_OTHER\", \"title\": \"t\", "
         "\"when\": " +
         when + extra +
         ", \"matched_zh\": \"m\", \"matched_en\": \"m\", \"failed_zh\": \"f\", "
         "\"failed_en\": \"f\"}";
}

void ExpectInvalid(const std::string& json, const std::string& mention) {
  absl::StatusOr<RuleSet> r = RuleSet::FromJson(json);
  ASSERT_FALSE(r.ok()) << json;
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(r.status().message(), mention)) << r.status();
}

TEST(RuleFileTest, AcceptsAMinimalFile) {
  auto r = RuleSet::FromJson(
      File(RuleJson("a", R"({"all": [{"fact": "harm.serious_injury"}, {"not": {"fact": )"
                         R"("history.prior_aid"}}]})")));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version(), "t.1");
  pb::ApplicationDetails d;
  d.mutable_harm_facts()->set_serious_injury(true);
  EXPECT_TRUE(Evaluate(*r, {.details = &d}).eligible());
  pb::PriorAid prior;
  EXPECT_FALSE(Evaluate(*r, {.details = &d, .prior_aid = {prior}}).eligible());
}

TEST(RuleFileTest, RefusesBadFiles) {
  const std::string ok_when = R"({"fact": "harm.serious_injury"})";
  ExpectInvalid("not json", "not a JSON object");
  ExpectInvalid(File(RuleJson("a", ok_when), "\"\""), "version");
  ExpectInvalid("{\"version\": \"x\", \"rules\": []}", "rules");
  ExpectInvalid(File(RuleJson("a", R"({"fact": "harm.serious_injuri"})")),
                "unknown fact name \"harm.serious_injuri\"");
  ExpectInvalid(File(RuleJson("", ok_when)), "missing id");
  ExpectInvalid(File(RuleJson("a", ok_when) + "," + RuleJson("a", ok_when)), "duplicate id");
  ExpectInvalid(File(RuleJson("a", R"({"any": []})")), "non-empty");
  ExpectInvalid(File(RuleJson("a", R"({"some": [{"fact": "harm.serious_injury"}]})")),
                "unknown condition operator");
  ExpectInvalid(File(RuleJson("a", ok_when, ", \"minor_only\": true")), "unknown key");
  std::string bad_ground = RuleJson("a", ok_when);
  bad_ground.replace(bad_ground.find("AID_GROUND_OTHER"), 16, "AID_GROUND_NONE");
  ExpectInvalid(File(bad_ground), "unknown ground");
  std::string bad_kind = RuleJson("a", ok_when);
  bad_kind.replace(bad_kind.find("situation"), 9, "situatio");
  ExpectInvalid(File(bad_kind), "unknown kind");
  std::string no_reason = RuleJson("a", ok_when);
  no_reason.replace(no_reason.find("\"failed_en\": \"f\""), 16, "\"failed_en\": \"\"");
  ExpectInvalid(File(no_reason), "failed_en");
}

TEST(RuleFileTest, LoadOfAMissingFileIsNotFound) {
  EXPECT_EQ(RuleSet::Load("/nonexistent/rules.json").status().code(), absl::StatusCode::kNotFound);
}

TEST(RuleDocsTest, DocsShowTheGeneratedTable) {
  std::ifstream in(SourceDir() + "/docs/aid-rules.md");
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string table = RulesMarkdownTable(Rules());
  EXPECT_TRUE(absl::StrContains(buf.str(), table))
      << "docs/aid-rules.md is out of date; the table is:\n"
      << table;
}

}  // namespace
}  // namespace shouhu::aid
