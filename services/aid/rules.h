// The eligibility rule set (救助条件) as versioned DATA: a JSON file
// (deploy/aid/rules/eligibility-<version>.json), not if-chains. Each rule has an id, a
// kind (situation 救助情形, exclusion 不予救助情形, principle such as once per party per
// case), a condition over named facts and its reasons in Chinese and English.
//
// Condition language (JSON):
//   {"fact": "harm.serious_injury"}            a boolean fact (names below)
//   {"all": [c, ...]}  {"any": [c, ...]}       conjunction / disjunction (non-empty)
//   {"not": c}                                 negation
// Facts: "harm.<HarmFacts field>", "exclusion.<ExclusionFacts field>",
// "details.victim_minor", "details.victim_disabled", "details.victim_veteran",
// "details.victim_rural_hardship", "details.applicant_is_organisation",
// "history.prior_aid" (a declaration of aid by any organ for this party and case),
// "history.already_granted_here" (this platform already granted aid for them).
// The loader refuses unknown fact names, so a typo cannot silently never match.
#ifndef SHOUHU_AID_RULES_H_
#define SHOUHU_AID_RULES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;

// A parsed condition (see the language above).
struct RuleCondition {
  enum class Op { kFact, kAll, kAny, kNot };
  Op op = Op::kFact;
  std::string fact;                     // kFact
  std::vector<RuleCondition> children;  // kAll, kAny (>= 1), kNot (exactly 1)
};

struct Rule {
  std::string id;  // unique, e.g. "ground.serious_injury"
  pb::RuleOutcome::Kind kind = pb::RuleOutcome::KIND_UNSPECIFIED;
  ::shouhu::referral::v1::AidGround ground =
      ::shouhu::referral::v1::AID_GROUND_UNSPECIFIED;                // situations
  pb::ExclusionReason exclusion = pb::EXCLUSION_REASON_UNSPECIFIED;  // others
  bool minors_only = false;  // a minors' addition: only evaluated when victim_minor
  std::string title;         // short Chinese title (docs)
  RuleCondition when;
  // Reasons: *_matched when the condition holds, *_failed otherwise. Chinese and English.
  std::string matched_zh, matched_en, failed_zh, failed_en;
};

class RuleSet {
 public:
  // INVALID_ARGUMENT naming the problem (unknown fact name, missing id, duplicate id...).
  static absl::StatusOr<RuleSet> FromJson(absl::string_view json);
  static absl::StatusOr<RuleSet> Load(const std::string& path);  // reads the file
  const std::string& version() const { return version_; }
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  std::string version_;
  std::vector<Rule> rules_;
};

// The rule set as a Markdown table (docs/aid-rules.md embeds it; a test compares).
std::string RulesMarkdownTable(const RuleSet& rules);

// Every fact name the condition language knows, in a stable order.
const std::vector<std::string>& KnownFacts();

struct EligibilityInput {
  const pb::ApplicationDetails* details = nullptr;  // harm_facts, exclusion_facts, grounds,
                                                    // victim_minor, applicant_is_organisation
  // Aid recorded for this applicant and original case number by any organ (declarations)
  // and whether this platform already granted aid for them (another application).
  std::vector<pb::PriorAid> prior_aid;
  bool already_granted_here = false;
};

// Every rule in rule-set order with matched/failed and its reason (zh and en, naming the
// facts); eligible = some situation matched for a ground the caseworker selected (or,
// when no ground was selected, any situation) and no exclusion/principle matched.
// Minors' additions are reported (not matched, "not a minor") when victim_minor is false.
pb::EligibilityResult Evaluate(const RuleSet& rules, const EligibilityInput& input);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_RULES_H_
