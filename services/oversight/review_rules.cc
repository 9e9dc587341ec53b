#include "oversight/review_rules.h"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/dates.h"
#include "common/base/text.h"

namespace shouhu::oversight {
namespace {

using T = FactType;

constexpr int kMaxRules = 200;
constexpr size_t kMaxRuleIdLength = 40;
constexpr size_t kMaxTitleLength = 200;

std::vector<RecordKindInfo> BuildKinds() {
  return {
      {"case",
       "referral",
       "案件",
       "case",
       {{"kind", T::kEnum},
        {"subject_person_id", T::kId},
        {"opened_at", T::kTimestamp},
        {"closed_at", T::kTimestamp},
        {"close_reason", T::kEnum},
        {"close_note", T::kPersonal},
        {"referral_ids", T::kIdList},
        {"transferred_to", T::kId},
        {"transferred_at", T::kTimestamp}}},
      {"referral",
       "referral",
       "线索",
       "referral",
       {{"case_id", T::kId},
        {"agency_code", T::kId},
        {"kind", T::kEnum},
        {"submitted_at", T::kTimestamp},
        {"response_due_at", T::kTimestamp},
        {"first_answered_at", T::kTimestamp},
        {"occurred_on", T::kDate},
        {"facts", T::kPersonal},
        {"person_ids", T::kIdList},
        {"urgent", T::kFlag},
        {"decline_reason", T::kPersonal}}},
      {"aid_application",
       "aid",
       "救助申请",
       "aid application",
       {{"case_id", T::kId},
        {"channel", T::kEnum},
        {"applicant_person_id", T::kId},
        {"registered_on", T::kDate},
        {"decision_due_on", T::kDate},
        {"decided_on", T::kDate},
        {"decision_document_number", T::kText},
        {"proposed_decision", T::kEnum},
        {"approved_fen", T::kAmount},
        {"paid_fen", T::kAmount},
        {"source_referral_id", T::kId},
        {"closing_reason", T::kPersonal},
        {"case_closed_on", T::kDate}}},
      {"disbursement",
       "aid",
       "救助金发放",
       "disbursement",
       {{"application_id", T::kId},
        {"case_id", T::kId},
        {"method", T::kEnum},
        {"purpose", T::kEnum},
        {"total_fen", T::kAmount},
        {"paid_fen", T::kAmount},
        {"funds_arrived_on", T::kDate},
        {"notify_due_on", T::kDate},
        {"applicant_notified_at", T::kTimestamp},
        {"notification_method", T::kEnum},
        {"payee_account", T::kPersonal},
        {"custody_agreement_ref", T::kText}}},
      {"payment",
       "aid",
       "支付",
       "payment",
       {{"disbursement_id", T::kId},
        {"application_id", T::kId},
        {"amount_fen", T::kAmount},
        {"paid_on", T::kDate},
        {"voucher_number", T::kText},
        {"bank_reference", T::kText},
        {"receipt_number", T::kText},
        {"receipt_on", T::kDate},
        {"emergency", T::kFlag}}},
      {"order",
       "guardianship",
       "督促监护令",
       "guardianship order",
       {{"kind", T::kEnum},
        {"minor_person_id", T::kId},
        {"document_number", T::kText},
        {"order_date", T::kDate},
        {"compliance_starts_on", T::kDate},
        {"compliance_ends_on", T::kDate},
        {"served_on", T::kDate},
        {"evaluated_on", T::kDate},
        {"evaluation_outcome", T::kEnum},
        {"previous_order_id", T::kId},
        {"requested_by_escalation_id", T::kId},
        {"facts", T::kPersonal}}},
      {"escalation",
       "guardianship",
       "检察建议/支持起诉",
       "escalation",
       {{"kind", T::kEnum},
        {"order_id", T::kId},
        {"addressee_agency_code", T::kId},
        {"document_number", T::kText},
        {"issued_on", T::kDate},
        {"served_on", T::kDate},
        {"reply_due_on", T::kDate},
        {"replied_on", T::kDate},
        {"outcome", T::kEnum},
        {"follows_escalation_id", T::kId},
        {"proposed_by_order_id", T::kId},
        {"content", T::kPersonal}}},
      {"visit_plan",
       "visit",
       "回访计划",
       "visit plan",
       {{"subject_person_id", T::kId},
        {"anchor_kind", T::kEnum},
        {"anchor_ref", T::kId},
        {"anchor_date", T::kDate},
        {"slots", T::kCount},
        {"slots_done", T::kCount},
        {"slots_waived", T::kCount},
        {"moved_from_plan_id", T::kId}}},
      {"visit",
       "visit",
       "回访记录",
       "visit",
       {{"plan_id", T::kId},
        {"slot_sequence", T::kCount},
        {"kind", T::kEnum},
        {"visited_on", T::kDate},
        {"subject_person_id", T::kId},
        {"needs", T::kCount},
        {"recorded_at", T::kTimestamp}}},
  };
}

bool IsDateLike(FactType t) { return t == T::kDate || t == T::kTimestamp; }
bool IsIdLike(FactType t) { return t == T::kId || t == T::kIdList; }

absl::string_view TypeName(FactType t) {
  switch (t) {
    case T::kId:
      return "id";
    case T::kIdList:
      return "id list";
    case T::kEnum:
      return "enum name";
    case T::kDate:
      return "date";
    case T::kTimestamp:
      return "timestamp";
    case T::kAmount:
      return "amount (fen)";
    case T::kCount:
      return "count";
    case T::kFlag:
      return "flag";
    case T::kText:
      return "text";
    case T::kPersonal:
      return "\"*\" (personal or free text)";
  }
  return "?";
}

// ---- Evaluation.

bool Filled(const v1::RecordFacts& r, const std::string& field) {
  return r.fields().contains(field);
}

const std::string* Value(const v1::RecordFacts& r, const std::string& field) {
  auto it = r.fields().find(field);
  return it == r.fields().end() ? nullptr : &it->second;
}

bool Matches(const v1::RecordMatch& m, const v1::RecordFacts& r) {
  if (r.kind() != m.kind()) return false;
  if (!m.statuses().empty() &&
      std::find(m.statuses().begin(), m.statuses().end(), r.status()) == m.statuses().end()) {
    return false;
  }
  for (const std::string& f : m.filled()) {
    if (!Filled(r, f)) return false;
  }
  return true;
}

std::vector<std::string> Entries(absl::string_view value) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(value, ',')) {
    part = absl::StripAsciiWhitespace(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

// A date or a timestamp; nullopt when neither parses.
struct Moment {
  absl::CivilDay day;
  std::optional<absl::Time> time;  // Timestamps only.
};

std::optional<Moment> MomentOf(const std::string& value) {
  if (value.size() == 10) {
    std::optional<absl::CivilDay> d = ParseDateString(value);
    if (!d.has_value()) return std::nullopt;
    return Moment{*d, std::nullopt};
  }
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, value, &t, &err)) return std::nullopt;
  return Moment{ChinaDay(t), t};
}

// `a` after `b`: two timestamps by time, otherwise by China day.
bool After(const Moment& a, const Moment& b) {
  if (a.time.has_value() && b.time.has_value()) return *a.time > *b.time;
  return a.day > b.day;
}

FindingKey Key(const v1::Rule& rule, const std::string& kind, const std::string& record_id,
               std::string field) {
  return FindingKey{.rule_id = rule.rule_id(),
                    .record_kind = kind,
                    .record_id = record_id,
                    .field = std::move(field),
                    .severity = rule.severity()};
}

void RequiredField(const v1::Rule& rule, const ReviewInput& in, std::vector<FindingKey>& out) {
  const v1::RequiredFieldCheck& c = rule.required_field();
  for (const v1::RecordFacts& r : in.records) {
    if (Matches(c.applies_to(), r) && !Filled(r, c.field())) {
      out.push_back(Key(rule, r.kind(), r.record_id(), c.field()));
    }
  }
}

void LinkedRecord(const v1::Rule& rule, const ReviewInput& in, std::vector<FindingKey>& out) {
  const v1::LinkedRecordCheck& c = rule.linked_record();
  absl::flat_hash_set<std::string> targets;
  for (const v1::RecordFacts& t : in.records) {
    if (t.kind() != c.target_kind()) continue;
    if (c.target_field().empty()) {
      targets.insert(t.record_id());
    } else if (const std::string* v = Value(t, c.target_field()); v != nullptr) {
      for (std::string& e : Entries(*v)) targets.insert(std::move(e));
    }
  }
  for (const v1::RecordFacts& r : in.records) {
    if (!Matches(c.applies_to(), r)) continue;
    const std::string* v = Value(r, c.field());
    if (v == nullptr) continue;
    for (const std::string& e : Entries(*v)) {
      if (!targets.contains(e)) {
        out.push_back(Key(rule, r.kind(), r.record_id(), c.field()));
        break;
      }
    }
  }
}

void DateOrder(const v1::Rule& rule, const ReviewInput& in, std::vector<FindingKey>& out) {
  const v1::DateOrderCheck& c = rule.date_order();
  for (const v1::RecordFacts& r : in.records) {
    if (!Matches(c.applies_to(), r)) continue;
    const std::string* a = Value(r, c.earlier_field());
    const std::string* b = Value(r, c.later_field());
    if (a == nullptr || b == nullptr) continue;
    std::optional<Moment> ma = MomentOf(*a);
    std::optional<Moment> mb = MomentOf(*b);
    if (!ma.has_value() || !mb.has_value()) continue;
    if (After(*ma, *mb)) {
      out.push_back(Key(rule, r.kind(), r.record_id(),
                        absl::StrCat(c.earlier_field(), "/", c.later_field())));
    }
  }
}

void FollowUp(const v1::Rule& rule, const ReviewInput& in, std::vector<FindingKey>& out) {
  const v1::FollowUpCheck& c = rule.follow_up();
  const bool present =
      std::any_of(in.records.begin(), in.records.end(),
                  [&](const v1::RecordFacts& r) { return Matches(c.required(), r); });
  if (present) return;
  for (const v1::RecordFacts& r : in.records) {
    if (Matches(c.trigger(), r))
      out.push_back(Key(rule, r.kind(), r.record_id(), c.required().kind()));
  }
}

// "<KIND>:<record id>[:<n>]" → ":<n>" (empty when there is no third part).
std::string ItemSuffix(const std::string& item_key) {
  std::vector<absl::string_view> parts = absl::StrSplit(item_key, absl::MaxSplits(':', 2));
  if (parts.size() < 3) return "";
  return absl::StrCat(":", parts[2]);
}

void DeadlineMet(const v1::Rule& rule, const ReviewInput& in, std::vector<FindingKey>& out) {
  const v1::DeadlineMetCheck& c = rule.deadline_met();
  for (const CaseDeadline& d : in.deadlines) {
    if (!c.kinds().empty() &&
        std::find(c.kinds().begin(), c.kinds().end(), d.kind) == c.kinds().end()) {
      continue;
    }
    bool missed = false;
    if (d.state == v1::DEADLINE_MET) {
      missed = d.ended_at != absl::InfinitePast() && d.ended_at > d.due_at;
    } else if (d.state == v1::DEADLINE_OPEN) {
      missed = in.now > d.due_at;
    }
    if (!missed) continue;
    out.push_back(Key(rule, DeadlineRecordKind(d.kind), d.record_id,
                      absl::StrCat(v1::DeadlineKind_Name(d.kind), ItemSuffix(d.item_key))));
  }
}

auto Identity(const FindingKey& k) {
  return std::tie(k.rule_id, k.record_kind, k.record_id, k.field);
}

// ---- Validation.

class RuleChecker {
 public:
  RuleChecker(FieldErrors& e, std::string prefix) : e_(e), prefix_(std::move(prefix)) {}

  const RecordKindInfo* Kind(const std::string& path, const std::string& kind) {
    const RecordKindInfo* k = FindRecordKind(kind);
    if (k == nullptr) e_.Add(P(path), "a record kind (docs/oversight.md lists them)");
    return k;
  }

  // The field of `kind` (skipped when the kind is unknown); nullptr if unknown.
  const FactInfo* Fact(const std::string& path, const RecordKindInfo* kind,
                       const std::string& field) {
    if (kind == nullptr) return nullptr;
    const FactInfo* f = FindFact(*kind, field);
    if (f == nullptr) {
      e_.Add(P(path), absl::StrCat("a fact of \"", kind->kind, "\" records"));
    }
    return f;
  }

  const RecordKindInfo* Match(const std::string& path, const v1::RecordMatch& m) {
    const RecordKindInfo* k = Kind(path + ".kind", m.kind());
    for (int i = 0; i < m.statuses_size(); ++i) {
      const std::string& s = m.statuses(i);
      if (s.empty() || s.size() > 64 || !std::all_of(s.begin(), s.end(), [](char c) {
            return absl::ascii_isupper(c) || absl::ascii_isdigit(c) || c == '_';
          })) {
        e_.Add(P(absl::StrCat(path, ".statuses[", i, "]")), "a status enum value name");
      }
    }
    for (int i = 0; i < m.filled_size(); ++i) {
      Fact(absl::StrCat(path, ".filled[", i, "]"), k, m.filled(i));
    }
    return k;
  }

  void Add(const std::string& path, std::string description) { e_.Add(P(path), description); }

 private:
  std::string P(const std::string& path) const { return absl::StrCat(prefix_, ".", path); }
  FieldErrors& e_;
  std::string prefix_;
};

void CheckRule(FieldErrors& e, int i, const v1::Rule& rule, std::set<std::string>& ids) {
  const std::string prefix = absl::StrCat("rules[", i, "]");
  RuleChecker c(e, prefix);
  const std::string& id = rule.rule_id();
  const bool well_formed = id.size() > 2 && id.size() <= kMaxRuleIdLength &&
                           absl::StartsWith(id, "Q-") &&
                           std::all_of(id.begin() + 2, id.end(), [](char ch) {
                             return absl::ascii_isupper(ch) || absl::ascii_isdigit(ch) || ch == '-';
                           });
  if (!well_formed) {
    c.Add("rule_id", "\"Q-\" then upper-case letters, digits and \"-\", at most 40 characters");
  } else if (!ids.insert(id).second) {
    c.Add("rule_id", "unique in the set");
  }
  CheckText(e, prefix + ".title_zh", rule.title_zh(), 1, kMaxTitleLength);
  CheckText(e, prefix + ".title_en", rule.title_en(), 1, kMaxTitleLength);
  if (rule.severity() != v1::SEVERITY_MINOR && rule.severity() != v1::SEVERITY_MAJOR) {
    c.Add("severity", "SEVERITY_MINOR or SEVERITY_MAJOR");
  }
  switch (rule.check_case()) {
    case v1::Rule::kRequiredField: {
      const auto& r = rule.required_field();
      const RecordKindInfo* k = c.Match("required_field.applies_to", r.applies_to());
      c.Fact("required_field.field", k, r.field());
      break;
    }
    case v1::Rule::kLinkedRecord: {
      const auto& r = rule.linked_record();
      const RecordKindInfo* k = c.Match("linked_record.applies_to", r.applies_to());
      if (const FactInfo* f = c.Fact("linked_record.field", k, r.field());
          f != nullptr && !IsIdLike(f->type)) {
        c.Add("linked_record.field", "an id or id list fact");
      }
      const RecordKindInfo* t = c.Kind("linked_record.target_kind", r.target_kind());
      if (!r.target_field().empty()) {
        if (const FactInfo* f = c.Fact("linked_record.target_field", t, r.target_field());
            f != nullptr && !IsIdLike(f->type)) {
          c.Add("linked_record.target_field", "an id or id list fact, or empty for the record id");
        }
      }
      break;
    }
    case v1::Rule::kDateOrder: {
      const auto& r = rule.date_order();
      const RecordKindInfo* k = c.Match("date_order.applies_to", r.applies_to());
      const FactInfo* a = c.Fact("date_order.earlier_field", k, r.earlier_field());
      const FactInfo* b = c.Fact("date_order.later_field", k, r.later_field());
      if (a != nullptr && !IsDateLike(a->type)) {
        c.Add("date_order.earlier_field", "a date or timestamp fact");
      }
      if (b != nullptr && !IsDateLike(b->type)) {
        c.Add("date_order.later_field", "a date or timestamp fact");
      }
      if (a != nullptr && a == b) c.Add("date_order.later_field", "not the earlier field");
      break;
    }
    case v1::Rule::kFollowUp:
      c.Match("follow_up.trigger", rule.follow_up().trigger());
      c.Match("follow_up.required", rule.follow_up().required());
      break;
    case v1::Rule::kDeadlineMet: {
      const auto& kinds = rule.deadline_met().kinds();
      for (int j = 0; j < kinds.size(); ++j) {
        if (kinds[j] == v1::DEADLINE_KIND_UNSPECIFIED || !v1::DeadlineKind_IsValid(kinds[j])) {
          c.Add(absl::StrCat("deadline_met.kinds[", j, "]"), "a deadline kind");
        }
      }
      break;
    }
    case v1::Rule::CHECK_NOT_SET:
      c.Add("check", "one of required_field, linked_record, date_order, follow_up, deadline_met");
      break;
  }
}

// ---- The shipped rules.

v1::RecordMatch MatchOf(std::string kind, std::vector<std::string> statuses = {},
                        std::vector<std::string> filled = {}) {
  v1::RecordMatch m;
  m.set_kind(std::move(kind));
  for (std::string& s : statuses) m.add_statuses(std::move(s));
  for (std::string& f : filled) m.add_filled(std::move(f));
  return m;
}

v1::Rule Head(std::string id, std::string zh, std::string en, v1::Severity severity) {
  v1::Rule r;
  r.set_rule_id(std::move(id));
  r.set_title_zh(std::move(zh));
  r.set_title_en(std::move(en));
  r.set_severity(severity);
  return r;
}

v1::Rule Required(v1::Rule r, v1::RecordMatch m, std::string field) {
  *r.mutable_required_field()->mutable_applies_to() = std::move(m);
  r.mutable_required_field()->set_field(std::move(field));
  return r;
}

v1::Rule Linked(v1::Rule r, v1::RecordMatch m, std::string field, std::string target_kind,
                std::string target_field = "") {
  auto* c = r.mutable_linked_record();
  *c->mutable_applies_to() = std::move(m);
  c->set_field(std::move(field));
  c->set_target_kind(std::move(target_kind));
  c->set_target_field(std::move(target_field));
  return r;
}

v1::Rule Order(v1::Rule r, v1::RecordMatch m, std::string earlier, std::string later) {
  auto* c = r.mutable_date_order();
  *c->mutable_applies_to() = std::move(m);
  c->set_earlier_field(std::move(earlier));
  c->set_later_field(std::move(later));
  return r;
}

v1::Rule FollowUpRule(v1::Rule r, v1::RecordMatch trigger, v1::RecordMatch required) {
  *r.mutable_follow_up()->mutable_trigger() = std::move(trigger);
  *r.mutable_follow_up()->mutable_required() = std::move(required);
  return r;
}

// ---- Rendering.

std::string Code(absl::string_view s) { return absl::StrCat("`", s, "`"); }

std::string MatchText(const v1::RecordMatch& m) {
  std::string out = Code(m.kind());
  std::vector<std::string> parts;
  if (!m.statuses().empty()) {
    parts.push_back(absl::StrJoin(m.statuses(), " or ", [](std::string* o, const std::string& s) {
      absl::StrAppend(o, Code(s));
    }));
  }
  for (const std::string& f : m.filled()) parts.push_back(absl::StrCat(Code(f), " filled"));
  if (!parts.empty()) absl::StrAppend(&out, " (", absl::StrJoin(parts, ", "), ")");
  return out;
}

std::string CheckDescription(const v1::Rule& r) {
  switch (r.check_case()) {
    case v1::Rule::kRequiredField:
      return absl::StrCat("required: ", MatchText(r.required_field().applies_to()), " has ",
                          Code(r.required_field().field()));
    case v1::Rule::kLinkedRecord: {
      const auto& c = r.linked_record();
      return absl::StrCat(
          "linked: ", MatchText(c.applies_to()), " ", Code(c.field()), " names a ",
          Code(c.target_kind()), " of the case",
          c.target_field().empty() ? "" : absl::StrCat(" by ", Code(c.target_field())));
    }
    case v1::Rule::kDateOrder:
      return absl::StrCat("date order: ", MatchText(r.date_order().applies_to()), " ",
                          Code(r.date_order().earlier_field()), " ≤ ",
                          Code(r.date_order().later_field()));
    case v1::Rule::kFollowUp:
      return absl::StrCat("follow-up: ", MatchText(r.follow_up().trigger()), " → the case has a ",
                          MatchText(r.follow_up().required()));
    case v1::Rule::kDeadlineMet: {
      if (r.deadline_met().kinds().empty()) return "deadlines: every watched deadline met on time";
      std::vector<std::string> kinds;
      for (int k : r.deadline_met().kinds()) {
        kinds.push_back(Code(v1::DeadlineKind_Name(static_cast<v1::DeadlineKind>(k))));
      }
      return absl::StrCat("deadlines: ", absl::StrJoin(kinds, ", "), " met on time");
    }
    case v1::Rule::CHECK_NOT_SET:
      break;
  }
  return "-";
}

}  // namespace

const std::vector<RecordKindInfo>& RecordKinds() {
  static const auto* kinds = new std::vector<RecordKindInfo>(BuildKinds());
  return *kinds;
}

const RecordKindInfo* FindRecordKind(absl::string_view kind) {
  for (const RecordKindInfo& k : RecordKinds()) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

const FactInfo* FindFact(const RecordKindInfo& kind, absl::string_view field) {
  for (const FactInfo& f : kind.facts) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

bool operator<(const FindingKey& a, const FindingKey& b) { return Identity(a) < Identity(b); }
bool operator==(const FindingKey& a, const FindingKey& b) { return Identity(a) == Identity(b); }

std::vector<FindingKey> EvaluateRules(absl::Span<const v1::Rule> rules, const ReviewInput& in) {
  std::vector<FindingKey> out;
  for (const v1::Rule& rule : rules) {
    switch (rule.check_case()) {
      case v1::Rule::kRequiredField:
        RequiredField(rule, in, out);
        break;
      case v1::Rule::kLinkedRecord:
        LinkedRecord(rule, in, out);
        break;
      case v1::Rule::kDateOrder:
        DateOrder(rule, in, out);
        break;
      case v1::Rule::kFollowUp:
        FollowUp(rule, in, out);
        break;
      case v1::Rule::kDeadlineMet:
        DeadlineMet(rule, in, out);
        break;
      case v1::Rule::CHECK_NOT_SET:
        break;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

absl::Status ValidateRules(absl::Span<const v1::Rule> rules) {
  FieldErrors e;
  if (rules.empty() || rules.size() > static_cast<size_t>(kMaxRules)) {
    e.Add("rules", absl::StrCat("1-", kMaxRules, " rules"));
    return e.ToStatus();
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < rules.size(); ++i) CheckRule(e, static_cast<int>(i), rules[i], ids);
  return e.ToStatus();
}

std::vector<v1::Rule> ShippedRules() {
  using v1::SEVERITY_MAJOR;
  using v1::SEVERITY_MINOR;
  const std::vector<std::string> kOrderIssued = {
      "ORDER_STATUS_ISSUED", "ORDER_STATUS_UNDER_SUPERVISION", "ORDER_STATUS_COMPLIED",
      "ORDER_STATUS_NOT_COMPLIED", "ORDER_STATUS_TERMINATED"};
  std::vector<v1::Rule> rules = {
      Required(Head("Q-CASE-CLOSE-REASON", "结案未填写结案原因", "Closed case without a reason",
                    SEVERITY_MAJOR),
               MatchOf("case", {"CASE_STATUS_CLOSED"}), "close_reason"),
      Required(Head("Q-CASE-CLOSE-NOTE", "结案未填写结案说明", "Closed case without a closing note",
                    SEVERITY_MINOR),
               MatchOf("case", {"CASE_STATUS_CLOSED"}), "close_note"),
      Order(Head("Q-CASE-DATES", "结案时间早于立案时间", "Case closed before it was opened",
                 SEVERITY_MAJOR),
            MatchOf("case"), "opened_at", "closed_at"),
      Linked(Head("Q-REFERRAL-CASE", "线索关联的案件与本案不一致",
                  "Referral linked to another case", SEVERITY_MAJOR),
             MatchOf("referral"), "case_id", "case"),
      Linked(Head("Q-AID-REFERRAL", "救助申请的来源线索不属于本案",
                  "Aid application's source referral is not of this case", SEVERITY_MINOR),
             MatchOf("aid_application"), "source_referral_id", "referral"),
      Required(Head("Q-AID-DECISION-DOC", "救助决定未填写决定书文号",
                    "Aid decision without its document number", SEVERITY_MAJOR),
               MatchOf("aid_application", {}, {"decided_on"}), "decision_document_number"),
      Order(Head("Q-AID-DATES", "救助决定日期早于受理日期",
                 "Aid decided before the application was registered", SEVERITY_MAJOR),
            MatchOf("aid_application"), "registered_on", "decided_on"),
      Linked(Head("Q-DISB-APPLICATION", "发放记录关联的救助申请不属于本案",
                  "Disbursement of an application not of this case", SEVERITY_MAJOR),
             MatchOf("disbursement"), "application_id", "aid_application"),
      Required(Head("Q-DISB-NOTIFIED", "救助金到账后未告知申请人",
                    "Applicant not notified after the funds arrived", SEVERITY_MAJOR),
               MatchOf("disbursement", {}, {"funds_arrived_on"}), "applicant_notified_at"),
      Required(Head("Q-PAYMENT-VOUCHER", "支付未填写凭证号", "Payment without a voucher number",
                    SEVERITY_MAJOR),
               MatchOf("payment", {"PAYMENT_STATUS_PAID", "PAYMENT_STATUS_RECEIPTED"}),
               "voucher_number"),
      Required(Head("Q-PAYMENT-RECEIPT", "救助金支付未取得回执", "Payment without a receipt",
                    SEVERITY_MINOR),
               MatchOf("payment", {"PAYMENT_STATUS_PAID", "PAYMENT_STATUS_RECEIPTED"}),
               "receipt_number"),
      FollowUpRule(Head("Q-AID-VISIT", "救助金发放后未回访",
                        "No follow-up visit after aid was paid", SEVERITY_MINOR),
                   MatchOf("aid_application", {}, {"paid_fen"}), MatchOf("visit")),
      Linked(Head("Q-ORDER-MINOR", "督促监护令的未成年人不是本案线索涉及的人员",
                  "Order's minor is not a person of the case's referrals", SEVERITY_MAJOR),
             MatchOf("order"), "minor_person_id", "referral", "person_ids"),
      Required(Head("Q-ORDER-DOC", "督促监护令未填写文书编号",
                    "Issued guardianship order without a document number", SEVERITY_MAJOR),
               MatchOf("order", kOrderIssued), "document_number"),
      Required(Head("Q-ORDER-EVALUATION", "督促监护令履行结束未评估",
                    "Guardianship order ended without an evaluation date", SEVERITY_MAJOR),
               MatchOf("order", {"ORDER_STATUS_COMPLIED", "ORDER_STATUS_NOT_COMPLIED"}),
               "evaluated_on"),
      Order(Head("Q-ORDER-DATES", "督促监护令履行期限起止颠倒",
                 "Order's compliance period ends before it starts", SEVERITY_MAJOR),
            MatchOf("order"), "compliance_starts_on", "compliance_ends_on"),
      Linked(Head("Q-ESC-ORDER", "检察建议关联的督促监护令不属于本案",
                  "Escalation of an order not of this case", SEVERITY_MINOR),
             MatchOf("escalation"), "order_id", "order"),
      Order(Head("Q-ESC-DATES", "检察建议回复日期早于发出日期",
                 "Escalation replied before it was issued", SEVERITY_MAJOR),
            MatchOf("escalation"), "issued_on", "replied_on"),
      Linked(Head("Q-VISIT-PLAN", "回访记录关联的回访计划不属于本案",
                  "Visit of a plan not of this case", SEVERITY_MAJOR),
             MatchOf("visit"), "plan_id", "visit_plan"),
  };
  v1::Rule deadlines = Head("Q-DEADLINES", "办案期限超期",
                            "Deadline missed (met late or still open)", SEVERITY_MAJOR);
  deadlines.mutable_deadline_met();
  rules.push_back(std::move(deadlines));
  return rules;
}

std::string DeadlineRecordKind(v1::DeadlineKind kind) {
  switch (kind) {
    case v1::REFERRAL_ANSWER:
    case v1::MANDATORY_REPORT_TRIAGE:
      return "referral";
    case v1::CASE_TRANSFER_ANSWER:
      return "case";
    case v1::AID_DECISION:
    case v1::ADVANCE_AID_PAPERWORK:
      return "aid_application";
    case v1::AID_NOTIFICATION:
      return "disbursement";
    case v1::ORDER_EVALUATION:
      return "order";
    case v1::SUGGESTION_REPLY:
      return "escalation";
    case v1::VISIT_WINDOW:
      return "visit_plan";
    default:
      return "deadline";
  }
}

const std::string& RuleTitle(const v1::Rule& rule, absl::string_view language) {
  return language == "en" ? rule.title_en() : rule.title_zh();
}

std::string RenderRuleTable(absl::Span<const v1::Rule> rules) {
  std::string out =
      "| Rule | 名称 | Title | Severity | Check |\n"
      "|---|---|---|---|---|\n";
  for (const v1::Rule& r : rules) {
    absl::StrAppend(&out, "| ", Code(r.rule_id()), " | ", r.title_zh(), " | ", r.title_en(), " | ",
                    r.severity() == v1::SEVERITY_MAJOR ? "major 重要" : "minor 一般", " | ",
                    CheckDescription(r), " |\n");
  }
  return out;
}

std::string RenderRecordKinds() {
  std::string out =
      "| Kind | 名称 | Name | Source | Facts |\n"
      "|---|---|---|---|---|\n";
  for (const RecordKindInfo& k : RecordKinds()) {
    std::vector<std::string> facts;
    for (const FactInfo& f : k.facts) {
      facts.push_back(absl::StrCat(Code(f.name), " (", TypeName(f.type), ")"));
    }
    absl::StrAppend(&out, "| ", Code(k.kind), " | ", k.name_zh, " | ", k.name_en, " | ", k.source,
                    " | ", absl::StrJoin(facts, ", "), " |\n");
  }
  return out;
}

FindingDiff DiffFindings(const std::vector<FindingKey>& active,
                         const std::vector<FindingKey>& tried) {
  FindingDiff d;
  std::set_difference(tried.begin(), tried.end(), active.begin(), active.end(),
                      std::back_inserter(d.added));
  std::set_difference(active.begin(), active.end(), tried.begin(), tried.end(),
                      std::back_inserter(d.removed));
  return d;
}

}  // namespace shouhu::oversight
