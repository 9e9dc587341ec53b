// The case-quality review engine (案件质量评查规则), without I/O: the record kinds and their
// facts (the one table the record services' CaseFactsService answers follow, the rule
// validation checks and docs/oversight.md renders), the shipped rule set, rule
// validation, evaluation of a rule set over one case's facts and deadlines, and the
// comparison of two evaluations (trying a draft rule set on past cases).
#ifndef SHOUHU_OVERSIGHT_REVIEW_RULES_H_
#define SHOUHU_OVERSIGHT_REVIEW_RULES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "shouhu/oversight/v1/review.pb.h"

namespace shouhu::oversight {

// What a fact's value is (RecordFacts.fields).
enum class FactType {
  kId,         // One record id, person id or code.
  kIdList,     // Comma-separated ids.
  kEnum,       // An enum value name.
  kDate,       // "YYYY-MM-DD", China time.
  kTimestamp,  // RFC 3339, UTC.
  kAmount,     // Fen.
  kCount,
  kFlag,      // "true" (absent when false).
  kText,      // Free text (a document number, a reference).
  kPersonal,  // Personal data or free narrative: the value is always "*".
};

struct FactInfo {
  absl::string_view name;
  FactType type;
};

struct RecordKindInfo {
  absl::string_view kind;    // RecordFacts.kind.
  absl::string_view source;  // The service answering with it.
  absl::string_view name_zh;
  absl::string_view name_en;
  std::vector<FactInfo> facts;
};

// Every record kind, in source order.
const std::vector<RecordKindInfo>& RecordKinds();
const RecordKindInfo* FindRecordKind(absl::string_view kind);
const FactInfo* FindFact(const RecordKindInfo& kind, absl::string_view field);

// One watched deadline of the case, as the review reads it.
struct CaseDeadline {
  std::string item_key;
  v1::DeadlineKind kind = v1::DEADLINE_KIND_UNSPECIFIED;
  std::string record_id;
  absl::Time due_at;
  v1::DeadlineState state = v1::DEADLINE_STATE_UNSPECIFIED;
  absl::Time ended_at = absl::InfinitePast();  // InfinitePast: not ended.
};

struct ReviewInput {
  std::string case_id;
  std::vector<v1::RecordFacts> records;
  std::vector<CaseDeadline> deadlines;
  absl::Time now;  // An open deadline past its due time at `now` is missed.
};

// One finding of one evaluation. Its identity (rule, record, field) is what stays the same
// when a later run finds it again; the severity is the rule's.
struct FindingKey {
  std::string rule_id;
  std::string record_kind;
  std::string record_id;
  std::string field;
  v1::Severity severity = v1::SEVERITY_UNSPECIFIED;

  // On the identity only.
  friend bool operator<(const FindingKey& a, const FindingKey& b);
  friend bool operator==(const FindingKey& a, const FindingKey& b);
};

// Every finding of `rules` on the case, sorted by identity, each identity once.
std::vector<FindingKey> EvaluateRules(absl::Span<const v1::Rule> rules, const ReviewInput& in);

// OK, or INVALID_ARGUMENT naming each wrong field as "rules[i].<path>": 1-200 rules,
// unique well-formed ids, both titles, a severity, one check, known record kinds and
// facts of the right types, known deadline kinds.
absl::Status ValidateRules(absl::Span<const v1::Rule> rules);

// The rule set every procuratorate starts with (version 1).
std::vector<v1::Rule> ShippedRules();

// The record kind a deadline of `kind` is on ("referral", "aid_application", ...).
std::string DeadlineRecordKind(v1::DeadlineKind kind);

// A rule's title in "zh" (default) or "en".
const std::string& RuleTitle(const v1::Rule& rule, absl::string_view language);

// Markdown tables for docs/oversight.md: the rules, and the record kinds with their facts.
std::string RenderRuleTable(absl::Span<const v1::Rule> rules);
std::string RenderRecordKinds();

// What `tried` finds that `active` does not (added) and the reverse (removed), by
// identity; both inputs sorted as EvaluateRules returns them.
struct FindingDiff {
  std::vector<FindingKey> added;
  std::vector<FindingKey> removed;
};
FindingDiff DiffFindings(const std::vector<FindingKey>& active,
                         const std::vector<FindingKey>& tried);

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_REVIEW_RULES_H_
