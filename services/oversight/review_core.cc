#include "oversight/review_core.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/periods.h"
#include "common/base/status_macros.h"
#include "common/base/suppression.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/ops/log.h"
#include "common/server/events.h"
#include "common/server/tenant.h"
#include "oversight/access_policy.h"
#include "oversight/store.h"
#include "shouhu/referral/v1/events.pb.h"

namespace shouhu::oversight {
namespace {

constexpr int kListRuleSetsLimit = 100;
constexpr int kMaxPeriodDays = 366;

absl::Status BadToken() {
  FieldErrors e;
  e.Add("page_token", "not a token of this list");
  return e.ToStatus();
}

bool English(const std::string& language) { return language == "en"; }

void CheckLanguage(FieldErrors& e, const std::string& language) {
  if (!language.empty() && language != "zh" && language != "en") e.Add("language", "zh or en");
}

// The record-level facts the access conditions read, for a review or a finding.
RecordFacts FactsOf(const std::string& procuratorate, const std::string& caseworker,
                    const std::string& department) {
  return RecordFacts{.procuratorate = procuratorate,
                     .agency = "",
                     .assigned_to = caseworker,
                     .department = department};
}

std::string SealContext(absl::string_view column, absl::string_view finding_id) {
  return absl::StrCat("review_findings.", column, ":", finding_id);
}

// [from, to] China days → [from_ms, to_ms); INVALID_ARGUMENT naming the fields.
absl::StatusOr<std::pair<int64_t, int64_t>> Period(const common::v1::Date& from,
                                                   const common::v1::Date& to) {
  FieldErrors e;
  if (!IsValidDate(from)) e.Add("closed_from", "a valid date");
  if (!IsValidDate(to)) e.Add("closed_to", "a valid date");
  RETURN_IF_ERROR(e.ToStatus());
  const absl::CivilDay a = ToCivilDay(from);
  const absl::CivilDay b = ToCivilDay(to);
  if (b < a) e.Add("closed_to", "not before closed_from");
  if (b - a >= kMaxPeriodDays) e.Add("closed_to", "at most 366 days after closed_from");
  RETURN_IF_ERROR(e.ToStatus());
  return std::make_pair(ChinaDayStartMillis(a), ChinaDayStartMillis(b + 1));
}

ReviewInput InputOf(const std::string& case_id, const v1::StoredFacts& facts, absl::Time now) {
  ReviewInput in;
  in.case_id = case_id;
  in.records.assign(facts.records().begin(), facts.records().end());
  for (const v1::Deadline& d : facts.deadlines()) {
    in.deadlines.push_back(CaseDeadline{
        .item_key = d.item_key(),
        .kind = d.kind(),
        .record_id = d.record_id(),
        .due_at = FromTimestamp(d.due_at()),
        .state = d.state(),
        .ended_at = d.has_ended_at() ? FromTimestamp(d.ended_at()) : absl::InfinitePast()});
  }
  in.now = now;
  return in;
}

v1::Deadline DeadlineOf(const Item& i) {
  v1::Deadline d;
  d.set_item_key(i.item_key);
  d.set_kind(static_cast<v1::DeadlineKind>(i.kind));
  d.set_record_id(i.record_id);
  d.set_case_id(i.case_id);
  *d.mutable_due_at() = TimestampFromMillis(i.due_at_ms);
  d.set_state(static_cast<v1::DeadlineState>(i.state));
  if (i.ended_at_ms > 0) *d.mutable_ended_at() = TimestampFromMillis(i.ended_at_ms);
  return d;
}

std::string IdentityOf(const std::string& rule_id, const std::string& kind,
                       const std::string& record_id, const std::string& field) {
  return absl::StrCat(rule_id, "\x1f", kind, "\x1f", record_id, "\x1f", field);
}

// The case's caseworker and department, from the case hub's facts when it sent them (also
// when another service did not answer: the caseworker then sees the review waiting).
void TakeCaseOwner(const v1::StoredFacts& facts, ReviewRow& review) {
  for (const v1::RecordFacts& rec : facts.records()) {
    if (rec.kind() == "case" && rec.record_id() == review.case_id) {
      review.caseworker = rec.assigned_to();
      review.department = rec.department();
    }
  }
}

std::vector<v1::Rule> RulesOf(const google::protobuf::RepeatedPtrField<v1::Rule>& rules) {
  return std::vector<v1::Rule>(rules.begin(), rules.end());
}

bool ToAct(v1::FindingState s) { return s == v1::FINDING_OPEN || s == v1::FINDING_APPEALED; }

}  // namespace

ReviewCore::ReviewCore(OversightDeps deps, std::vector<const FactsSource*> sources,
                       ReviewOptions options)
    : d_(deps), runner_(deps.Mutations()), sources_(std::move(sources)), options_(options) {}

// ---- Rule sets.

absl::Status ReviewCore::EnsureRuleSets(const std::string& procuratorate) {
  {
    absl::MutexLock lock(&mu_);
    if (ensured_.count(procuratorate) > 0) return absl::OkStatus();
  }
  const std::vector<v1::Rule> shipped = ShippedRules();
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) {
    return InstallShippedRuleSet(tx, procuratorate, shipped, d_.clock->Now());
  }));
  absl::MutexLock lock(&mu_);
  ensured_.insert(procuratorate);
  return absl::OkStatus();
}

absl::StatusOr<v1::ListRuleSetsResponse> ReviewCore::ListRuleSets(
    const Principal& p, const v1::ListRuleSetsRequest& /*r*/) {
  RETURN_IF_ERROR(EnsureRuleSets(p.procuratorate));
  v1::ListRuleSetsResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(std::vector<v1::RuleSet> sets,
                         oversight::ListRuleSets(tx, p.procuratorate, kListRuleSetsLimit));
        for (v1::RuleSet& s : sets) *out.add_rule_sets() = std::move(s);
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<v1::RuleSet> ReviewCore::GetRuleSet(const Principal& p,
                                                   const v1::GetRuleSetRequest& r) {
  if (r.version() < 0) {
    FieldErrors e;
    e.Add("version", "0 (the active one) or a version number");
    return e.ToStatus();
  }
  RETURN_IF_ERROR(EnsureRuleSets(p.procuratorate));
  std::optional<v1::RuleSet> set;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        if (r.version() == 0) {
          ASSIGN_OR_RETURN(set, GetActiveRuleSet(tx, p.procuratorate));
        } else {
          ASSIGN_OR_RETURN(set, oversight::GetRuleSet(tx, p.procuratorate, r.version()));
        }
        return absl::OkStatus();
      },
      {.read_only = true}));
  if (!set.has_value()) return absl::NotFoundError("no such rule set version");
  return *std::move(set);
}

absl::StatusOr<v1::RuleSet> ReviewCore::CreateRuleSet(const Principal& p,
                                                      const v1::CreateRuleSetRequest& r) {
  FieldErrors e;
  CheckRequestId(e, r.request_id());
  CheckText(e, "note", r.note(), 1, 500);
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(ValidateRules(RulesOf(r.rules())));
  RETURN_IF_ERROR(EnsureRuleSets(p.procuratorate));
  return runner_.Run<v1::RuleSet>(
      {.actor = p.Name(), .method = "CreateRuleSet", .request_id = r.request_id()}, r,
      [&](db::Mutation& m) -> absl::StatusOr<v1::RuleSet> {
        ASSIGN_OR_RETURN(int last, LockLastRuleSetVersion(m.tx(), p.procuratorate));
        v1::RuleSet set;
        set.set_procuratorate_code(p.procuratorate);
        set.set_version(last + 1);
        set.set_state(v1::RULE_SET_DRAFT);
        *set.mutable_rules() = r.rules();
        set.set_note(r.note());
        set.set_created_by(p.id);
        *set.mutable_created_at() = TimestampFromMillis(absl::ToUnixMillis(m.now()));
        RETURN_IF_ERROR(InsertRuleSet(m.tx(), set));
        RETURN_IF_ERROR(m.Audit("oversight.rule_set_created", "review_rule_set",
                                absl::StrCat(p.procuratorate, "/", set.version()),
                                p.procuratorate));
        return set;
      });
}

absl::StatusOr<v1::RuleSet> ReviewCore::ActivateRuleSet(const Principal& p,
                                                        const v1::ActivateRuleSetRequest& r) {
  FieldErrors e;
  CheckRequestId(e, r.request_id());
  if (r.version() <= 0) e.Add("version", "a version number");
  if (r.expected_active_version() <= 0) {
    e.Add("expected_active_version", "the version active now (GetRuleSet with version 0)");
  }
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(EnsureRuleSets(p.procuratorate));
  return runner_.Run<v1::RuleSet>(
      {.actor = p.Name(), .method = "ActivateRuleSet", .request_id = r.request_id()}, r,
      [&](db::Mutation& m) -> absl::StatusOr<v1::RuleSet> {
        ASSIGN_OR_RETURN(int last, LockLastRuleSetVersion(m.tx(), p.procuratorate));
        (void)last;
        ASSIGN_OR_RETURN(std::optional<v1::RuleSet> set,
                         oversight::GetRuleSet(m.tx(), p.procuratorate, r.version()));
        if (!set.has_value()) return absl::NotFoundError("no such rule set version");
        ASSIGN_OR_RETURN(std::optional<v1::RuleSet> active,
                         GetActiveRuleSet(m.tx(), p.procuratorate));
        const int active_version = active.has_value() ? active->version() : 0;
        if (active_version != r.expected_active_version()) {
          return absl::AbortedError(
              absl::StrCat("the active version is now ", active_version, "; read it again"));
        }
        if (set->state() == v1::RULE_SET_ACTIVE) return *std::move(set);
        RETURN_IF_ERROR(
            oversight::ActivateRuleSet(m.tx(), p.procuratorate, r.version(), p.id, m.now()));
        RETURN_IF_ERROR(m.Audit("oversight.rule_set_activated", "review_rule_set",
                                absl::StrCat(p.procuratorate, "/", r.version()), p.procuratorate));
        set->set_state(v1::RULE_SET_ACTIVE);
        set->set_activated_by(p.id);
        *set->mutable_activated_at() = TimestampFromMillis(absl::ToUnixMillis(m.now()));
        return *std::move(set);
      });
}

absl::StatusOr<v1::TryRuleSetResponse> ReviewCore::TryRuleSet(const Principal& p,
                                                              const v1::TryRuleSetRequest& r) {
  FieldErrors e;
  if (r.version() <= 0) e.Add("version", "a version number");
  if (r.max_changes() < 0 || r.max_changes() > 1000) e.Add("max_changes", "0-1000");
  RETURN_IF_ERROR(e.ToStatus());
  ASSIGN_OR_RETURN(auto period, Period(r.closed_from(), r.closed_to()));
  const int max_changes = r.max_changes() == 0 ? 100 : r.max_changes();
  RETURN_IF_ERROR(EnsureRuleSets(p.procuratorate));
  std::optional<v1::RuleSet> tried;
  std::optional<v1::RuleSet> active;
  std::vector<ReviewRow> reviews;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(tried, oversight::GetRuleSet(tx, p.procuratorate, r.version()));
        ASSIGN_OR_RETURN(active, GetActiveRuleSet(tx, p.procuratorate));
        if (!tried.has_value()) return absl::OkStatus();
        ASSIGN_OR_RETURN(reviews, ReviewsClosedBetween(tx, p.procuratorate, period.first,
                                                       period.second, options_.trial_limit + 1));
        return absl::OkStatus();
      },
      {.read_only = true}));
  if (!tried.has_value()) return absl::NotFoundError("no such rule set version");
  if (!active.has_value()) return absl::FailedPreconditionError("no active rule set");

  v1::TryRuleSetResponse out;
  out.set_active_version(active->version());
  out.set_tried_version(tried->version());
  if (static_cast<int>(reviews.size()) > options_.trial_limit) {
    reviews.resize(options_.trial_limit);
    out.set_truncated(true);
  }
  std::map<std::string, std::pair<int64_t, int64_t>> per_rule;
  for (const v1::Rule& rule : active->rules()) per_rule[rule.rule_id()];
  for (const v1::Rule& rule : tried->rules()) per_rule[rule.rule_id()];
  const std::vector<v1::Rule> active_rules = RulesOf(active->rules());
  const std::vector<v1::Rule> tried_rules = RulesOf(tried->rules());
  for (const ReviewRow& review : reviews) {
    v1::StoredFacts facts;
    if (review.facts_pb.empty() || !facts.ParseFromString(review.facts_pb)) continue;
    out.set_cases(out.cases() + 1);
    const ReviewInput in =
        InputOf(review.case_id, facts, absl::FromUnixMillis(review.reviewed_at_ms));
    const std::vector<FindingKey> a = EvaluateRules(active_rules, in);
    const std::vector<FindingKey> b = EvaluateRules(tried_rules, in);
    for (const FindingKey& k : a) ++per_rule[k.rule_id].first;
    for (const FindingKey& k : b) ++per_rule[k.rule_id].second;
    const FindingDiff diff = DiffFindings(a, b);
    out.set_added(out.added() + static_cast<int64_t>(diff.added.size()));
    out.set_removed(out.removed() + static_cast<int64_t>(diff.removed.size()));
    for (const auto* list : {&diff.added, &diff.removed}) {
      for (const FindingKey& k : *list) {
        if (out.changes_size() >= max_changes) {
          out.set_truncated(true);
          break;
        }
        v1::FindingChange* c = out.add_changes();
        c->set_case_id(review.case_id);
        c->set_rule_id(k.rule_id);
        c->set_record_kind(k.record_kind);
        c->set_record_id(k.record_id);
        c->set_field(k.field);
        c->set_added(list == &diff.added);
      }
    }
  }
  for (const auto& [rule_id, counts] : per_rule) {
    v1::RuleCount* c = out.add_rules();
    c->set_rule_id(rule_id);
    c->set_active_findings(counts.first);
    c->set_tried_findings(counts.second);
  }
  return out;
}

// ---- Runs.

ReviewCore::Gathered ReviewCore::Gather(const std::string& case_id) const {
  Gathered g;
  for (const FactsSource* source : sources_) {
    absl::StatusOr<v1::CaseFacts> facts = source->GetCaseFacts(case_id);
    if (!facts.ok()) {
      g.facts.add_missing_sources(source->name());
      Log(LogLevel::kWarning, "oversight.review_facts_missing",
          {{"case_id", case_id},
           {"source", source->name()},
           {"error", std::string(absl::StatusCodeToString(facts.status().code()))}});
      continue;
    }
    for (v1::RecordFacts& rec : *facts->mutable_records()) {
      *g.facts.add_records() = std::move(rec);
    }
  }
  return g;
}

absl::StatusOr<ReviewRunResult> ReviewCore::ApplyRun(db::Tx& tx, ReviewRow& review,
                                                     const v1::StoredFacts& gathered,
                                                     absl::Time now) {
  ReviewRunResult result;
  v1::StoredFacts facts = gathered;
  ASSIGN_OR_RETURN(std::vector<Item> items, ItemsOfCase(tx, review.case_id));
  for (const Item& i : items) *facts.add_deadlines() = DeadlineOf(i);
  ASSIGN_OR_RETURN(std::optional<v1::RuleSet> active, GetActiveRuleSet(tx, review.procuratorate));
  if (!active.has_value()) return absl::FailedPreconditionError("no active rule set");

  TakeCaseOwner(facts, review);
  const std::vector<FindingKey> keys =
      EvaluateRules(RulesOf(active->rules()), InputOf(review.case_id, facts, now));
  result.found = static_cast<int>(keys.size());

  ASSIGN_OR_RETURN(std::vector<FindingRow> stored, FindingsOfCase(tx, review.case_id, true));
  std::map<std::string, FindingRow*> by_identity;
  for (FindingRow& f : stored) {
    by_identity[IdentityOf(f.finding.rule_id(), f.finding.record_kind(), f.finding.record_id(),
                           f.finding.field())] = &f;
  }
  const int64_t now_ms = absl::ToUnixMillis(now);
  std::set<std::string> seen;
  int open = 0;
  for (const FindingKey& k : keys) {
    const std::string identity = IdentityOf(k.rule_id, k.record_kind, k.record_id, k.field);
    seen.insert(identity);
    auto it = by_identity.find(identity);
    if (it == by_identity.end()) {
      FindingRow row;
      v1::Finding& f = row.finding;
      f.set_finding_id(d_.ids->NewTenantId("qf", review.procuratorate));
      f.set_case_id(review.case_id);
      f.set_procuratorate_code(review.procuratorate);
      f.set_rule_id(k.rule_id);
      f.set_severity(k.severity);
      f.set_record_kind(k.record_kind);
      f.set_record_id(k.record_id);
      f.set_field(k.field);
      f.set_caseworker(review.caseworker);
      f.set_department(review.department);
      f.set_rule_set_version(active->version());
      *f.mutable_found_at() = TimestampFromMillis(now_ms);
      row.closed_at_ms = review.closed_at_ms;
      RETURN_IF_ERROR(InsertFinding(tx, row));
      ++result.opened;
      ++open;
      continue;
    }
    v1::Finding f = it->second->finding;
    int64_t found_at = f.found_at().unix_millis();
    if (f.state() == v1::FINDING_FIXED) {
      f.set_state(v1::FINDING_OPEN);
      found_at = now_ms;
      ++result.opened;
    }
    f.set_severity(k.severity);
    f.set_rule_set_version(active->version());
    f.set_caseworker(review.caseworker);
    f.set_department(review.department);
    RETURN_IF_ERROR(UpdateFindingRun(tx, f, found_at, 0));
    if (ToAct(f.state())) ++open;
  }
  // No longer found: fixed (an appeal waiting on it is moot). Waived ones stay waived.
  for (FindingRow& row : stored) {
    v1::Finding f = row.finding;
    if (seen.count(IdentityOf(f.rule_id(), f.record_kind(), f.record_id(), f.field())) > 0) {
      continue;
    }
    if (!ToAct(f.state())) continue;
    f.set_state(v1::FINDING_FIXED);
    RETURN_IF_ERROR(UpdateFindingRun(tx, f, f.found_at().unix_millis(), now_ms));
    ++result.fixed;
  }

  review.state = v1::REVIEW_DONE;
  review.attempts = 0;
  review.missing_sources.clear();
  review.reviewed_at_ms = now_ms;
  review.rule_set_version = active->version();
  review.runs += 1;
  review.findings_open = open;
  review.facts_pb = facts.SerializeAsString();
  RETURN_IF_ERROR(SaveReview(tx, review));
  result.ran = true;
  return result;
}

absl::StatusOr<ReviewRunResult> ReviewCore::RunPendingReview(const std::string& case_id) {
  ReviewRunResult result;
  const Gathered g = Gather(case_id);
  const std::string procuratorate = TenantOfId(case_id);
  RETURN_IF_ERROR(EnsureRuleSets(procuratorate));
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    result = ReviewRunResult();
    ASSIGN_OR_RETURN(std::optional<ReviewRow> review, GetReview(tx, case_id, true));
    if (!review.has_value() || review->state != v1::REVIEW_PENDING) return absl::OkStatus();
    const absl::Time now = d_.clock->Now();
    if (g.facts.missing_sources_size() > 0) {
      // Not run on part of the facts (a missing visit would read as "no visit"): retried.
      result.missing_sources.assign(g.facts.missing_sources().begin(),
                                    g.facts.missing_sources().end());
      review->attempts += 1;
      absl::Duration wait = options_.first_retry;
      for (int i = 1; i < review->attempts && wait < options_.max_retry; ++i) wait *= 2;
      review->run_at_ms = absl::ToUnixMillis(now + std::min(wait, options_.max_retry));
      review->missing_sources = absl::StrJoin(g.facts.missing_sources(), ",");
      TakeCaseOwner(g.facts, *review);
      return SaveReview(tx, *review);
    }
    ASSIGN_OR_RETURN(result, ApplyRun(tx, *review, g.facts, now));
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<int> ReviewCore::RunDueReviews(int limit) {
  std::vector<std::string> due;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(due,
                                                          DueReviews(tx, d_.clock->Now(), limit));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  int ran = 0;
  for (const std::string& case_id : due) {
    absl::StatusOr<ReviewRunResult> run = RunPendingReview(case_id);
    if (!run.ok()) {
      Log(LogLevel::kWarning, "oversight.review_failed",
          {{"case_id", case_id}, {"error", run.status().ToString()}});
      continue;
    }
    if (run->ran) {
      ++ran;
      Log(LogLevel::kInfo, "oversight.review_done",
          {{"case_id", case_id},
           {"found", absl::StrCat(run->found)},
           {"opened", absl::StrCat(run->opened)},
           {"fixed", absl::StrCat(run->fixed)}});
    }
  }
  return ran;
}

absl::Status ReviewCore::ReactToEvent(db::Tx& tx, const common::v1::Event& e) {
  if (e.topic() != kTopicCaseClosed) return absl::OkStatus();
  absl::StatusOr<referral::v1::CaseClosed> closed = UnpackEventPayload<referral::v1::CaseClosed>(e);
  const std::string case_id = closed.ok() ? closed->case_id() : "";
  const std::string procuratorate = TenantOfId(case_id);
  if (case_id.empty() || procuratorate.empty()) {
    Log(LogLevel::kWarning, "oversight.event_dropped",
        {{"event_id", e.event_id()}, {"error", "not a case closing"}});
    return absl::OkStatus();
  }
  const absl::Time closed_at =
      e.has_occurred_at() ? FromTimestamp(e.occurred_at()) : d_.clock->Now();
  return EnqueueReview(tx, case_id, procuratorate, closed_at, d_.clock->Now() + options_.delay);
}

// ---- Reads.

absl::StatusOr<v1::Finding> ReviewCore::ToFinding(db::Tx& tx, const FindingRow& row,
                                                  const std::string& language,
                                                  std::map<int, v1::RuleSet>* rule_sets) {
  v1::Finding f = row.finding;
  const int version = f.rule_set_version();
  auto it = rule_sets->find(version);
  if (it == rule_sets->end()) {
    ASSIGN_OR_RETURN(std::optional<v1::RuleSet> set,
                     oversight::GetRuleSet(tx, f.procuratorate_code(), version));
    it = rule_sets->emplace(version, set.value_or(v1::RuleSet())).first;
  }
  for (const v1::Rule& rule : it->second.rules()) {
    if (rule.rule_id() == f.rule_id()) {
      f.set_rule_title(English(language) ? rule.title_en() : rule.title_zh());
    }
  }
  if (!row.appeal_reason_enc.empty() && d_.cipher != nullptr) {
    ASSIGN_OR_RETURN(
        std::string reason,
        d_.cipher->Decrypt(row.appeal_reason_enc, SealContext("appeal_reason", f.finding_id())));
    f.set_appeal_reason(std::move(reason));
  }
  if (!row.decision_note_enc.empty() && d_.cipher != nullptr) {
    ASSIGN_OR_RETURN(
        std::string note,
        d_.cipher->Decrypt(row.decision_note_enc, SealContext("decision_note", f.finding_id())));
    f.set_decision_note(std::move(note));
  }
  return f;
}

absl::StatusOr<v1::CaseReview> ReviewCore::BuildReview(db::Tx& tx, const ReviewRow& row,
                                                       const std::string& language) {
  v1::CaseReview out;
  out.set_case_id(row.case_id);
  out.set_procuratorate_code(row.procuratorate);
  out.set_state(static_cast<v1::ReviewState>(row.state));
  out.set_caseworker(row.caseworker);
  out.set_department(row.department);
  *out.mutable_closed_at() = TimestampFromMillis(row.closed_at_ms);
  if (row.reviewed_at_ms > 0) *out.mutable_reviewed_at() = TimestampFromMillis(row.reviewed_at_ms);
  out.set_rule_set_version(row.rule_set_version);
  out.set_runs(row.runs);
  for (absl::string_view s : absl::StrSplit(row.missing_sources, ',', absl::SkipEmpty())) {
    out.add_missing_sources(std::string(s));
  }
  ASSIGN_OR_RETURN(std::vector<FindingRow> findings, FindingsOfCase(tx, row.case_id, false));
  std::stable_sort(findings.begin(), findings.end(), [](const FindingRow& a, const FindingRow& b) {
    return ToAct(a.finding.state()) && !ToAct(b.finding.state());
  });
  std::map<int, v1::RuleSet> sets;
  for (const FindingRow& f : findings) {
    ASSIGN_OR_RETURN(*out.add_findings(), ToFinding(tx, f, language, &sets));
  }
  return out;
}

absl::StatusOr<v1::CaseReview> ReviewCore::GetCaseReview(const Principal& p,
                                                         const v1::GetCaseReviewRequest& r) {
  FieldErrors e;
  if (r.case_id().empty() || TenantOfId(r.case_id()).empty()) e.Add("case_id", "not a case id");
  CheckLanguage(e, r.language());
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, r.case_id(), "case_id"));
  v1::CaseReview out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<ReviewRow> row, GetReview(tx, r.case_id(), false));
        if (!row.has_value()) return absl::NotFoundError("no review of this case");
        RETURN_IF_ERROR(Require(CaseworkerHeadOrChief(), p,
                                FactsOf(row->procuratorate, row->caseworker, row->department),
                                "see this case's review"));
        ASSIGN_OR_RETURN(out, BuildReview(tx, *row, r.language()));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<v1::CaseReview> ReviewCore::RerunReview(const Principal& p,
                                                       const v1::RerunReviewRequest& r) {
  FieldErrors e;
  CheckRequestId(e, r.request_id());
  if (r.case_id().empty() || TenantOfId(r.case_id()).empty()) e.Add("case_id", "not a case id");
  CheckLanguage(e, r.language());
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, r.case_id(), "case_id"));
  // Who may re-run is checked on the stored review before anything is gathered.
  std::optional<ReviewRow> before;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(before,
                                                          GetReview(tx, r.case_id(), false));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  if (!before.has_value()) return absl::NotFoundError("no review of this case");
  RETURN_IF_ERROR(Require(CaseworkerOrHead(), p,
                          FactsOf(before->procuratorate, before->caseworker, before->department),
                          "re-run this case's review"));
  RETURN_IF_ERROR(EnsureRuleSets(before->procuratorate));
  const Gathered g = Gather(r.case_id());
  if (g.facts.missing_sources_size() > 0) {
    return absl::UnavailableError(
        absl::StrCat("the ", absl::StrJoin(g.facts.missing_sources(), ", "),
                     " service did not answer; the review was not run, try again"));
  }
  return runner_.Run<v1::CaseReview>(
      {.actor = p.Name(), .method = "RerunReview", .request_id = r.request_id()}, r,
      [&](db::Mutation& m) -> absl::StatusOr<v1::CaseReview> {
        ASSIGN_OR_RETURN(std::optional<ReviewRow> row, GetReview(m.tx(), r.case_id(), true));
        if (!row.has_value()) return absl::NotFoundError("no review of this case");
        ASSIGN_OR_RETURN(ReviewRunResult run, ApplyRun(m.tx(), *row, g.facts, m.now()));
        (void)run;
        RETURN_IF_ERROR(
            m.Audit("oversight.review_rerun", "case_review", r.case_id(), row->procuratorate));
        ASSIGN_OR_RETURN(std::optional<ReviewRow> after, GetReview(m.tx(), r.case_id(), false));
        return BuildReview(m.tx(), *after, r.language());
      });
}

absl::StatusOr<v1::ListFindingsResponse> ReviewCore::List(db::Tx* tx, FindingQuery q, int page_size,
                                                          const std::string& page_token,
                                                          const std::string& language) {
  const int size = PageSize(page_size);
  q.limit = size + 1;
  if (!page_token.empty()) {
    absl::StatusOr<int64_t> seq = DecodePageToken(page_token);
    if (!seq.ok()) return BadToken();
    q.after_seq = *seq;
  }
  ASSIGN_OR_RETURN(std::vector<FindingRow> rows, ListFindings(*tx, q));
  v1::ListFindingsResponse out;
  std::map<int, v1::RuleSet> sets;
  absl::Status failed;
  std::vector<std::pair<int64_t, FindingRow>> keyed;
  for (FindingRow& row : rows) keyed.emplace_back(row.seq, std::move(row));
  out.set_next_page_token(TakePage(keyed, size, [&](FindingRow&& row) {
    if (!failed.ok()) return;
    absl::StatusOr<v1::Finding> f = ToFinding(*tx, row, language, &sets);
    if (!f.ok()) {
      failed = f.status();
      return;
    }
    *out.add_findings() = *std::move(f);
  }));
  RETURN_IF_ERROR(failed);
  return out;
}

absl::StatusOr<v1::ListFindingsResponse> ReviewCore::ListIn(FindingQuery q, int page_size,
                                                            const std::string& page_token,
                                                            const std::string& language) {
  if (q.filter < v1::FINDING_FILTER_UNSPECIFIED || q.filter > v1::FILTER_ALL) {
    FieldErrors e;
    e.Add("filter", "not a filter");
    return e.ToStatus();
  }
  FieldErrors e;
  CheckLanguage(e, language);
  RETURN_IF_ERROR(e.ToStatus());
  v1::ListFindingsResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(
                                             out, List(&tx, q, page_size, page_token, language));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  return out;
}

absl::StatusOr<v1::ListFindingsResponse> ReviewCore::ListMyFindings(
    const Principal& p, const v1::ListMyFindingsRequest& r) {
  FindingQuery q;
  q.scope = FindingQuery::Scope::kCaseworker;
  q.procuratorate = p.procuratorate;
  q.who = p.id;
  q.filter = r.filter();
  return ListIn(std::move(q), r.page_size(), r.page_token(), r.language());
}

absl::StatusOr<v1::ListFindingsResponse> ReviewCore::ListDepartmentFindings(
    const Principal& p, const v1::ListDepartmentFindingsRequest& r) {
  if (r.department().size() > 64) {
    FieldErrors e;
    e.Add("department", "at most 64 characters");
    return e.ToStatus();
  }
  const std::string department =
      r.department().empty() && !p.Has(Role::kChief) ? p.department : r.department();
  RETURN_IF_ERROR(Require(OwnDepartmentOrChief(), p, FactsOf(p.procuratorate, "", department),
                          "list this department's findings"));
  FindingQuery q;
  q.scope =
      department.empty() ? FindingQuery::Scope::kProcuratorate : FindingQuery::Scope::kDepartment;
  q.procuratorate = p.procuratorate;
  q.who = department;
  q.filter = r.filter();
  return ListIn(std::move(q), r.page_size(), r.page_token(), r.language());
}

// ---- Appeals.

absl::StatusOr<v1::Finding> ReviewCore::AppealFinding(const Principal& p,
                                                      const v1::AppealFindingRequest& r) {
  FieldErrors e;
  CheckRequestId(e, r.request_id());
  if (r.finding_id().empty() || TenantOfId(r.finding_id()).empty()) {
    e.Add("finding_id", "not a finding id");
  }
  CheckVersion(e, r.version());
  CheckText(e, "reason", r.reason(), 1, 1000);
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, r.finding_id(), "finding_id"));
  if (d_.cipher == nullptr) return absl::FailedPreconditionError("no data key configured");
  return runner_.Run<v1::Finding>(
      {.actor = p.Name(), .method = "AppealFinding", .request_id = r.request_id()}, r,
      [&](db::Mutation& m) -> absl::StatusOr<v1::Finding> {
        ASSIGN_OR_RETURN(std::optional<FindingRow> row,
                         GetFindingForUpdate(m.tx(), r.finding_id()));
        if (!row.has_value()) return absl::NotFoundError("no such finding");
        const v1::Finding& f = row->finding;
        RETURN_IF_ERROR(Require(FindingCaseworker(), p,
                                FactsOf(f.procuratorate_code(), f.caseworker(), f.department()),
                                "appeal this finding"));
        RETURN_IF_ERROR(m.CheckVersion(f.version(), r.version()));
        if (f.state() != v1::FINDING_OPEN) {
          return absl::FailedPreconditionError("only an open finding can be appealed");
        }
        if (f.appeal_rejected()) {
          return absl::FailedPreconditionError(
              "the appeal of this finding was decided; fix the record and re-run the review");
        }
        ASSIGN_OR_RETURN(
            std::string sealed,
            d_.cipher->Encrypt(r.reason(), SealContext("appeal_reason", f.finding_id())));
        RETURN_IF_ERROR(oversight::AppealFinding(m.tx(), f.finding_id(), sealed, m.now()));
        RETURN_IF_ERROR(m.Audit("oversight.finding_appealed", "review_finding", f.finding_id(),
                                f.procuratorate_code()));
        ASSIGN_OR_RETURN(std::optional<FindingRow> after,
                         GetFindingForUpdate(m.tx(), r.finding_id()));
        std::map<int, v1::RuleSet> sets;
        return ToFinding(m.tx(), *after, "", &sets);
      });
}

absl::StatusOr<v1::Finding> ReviewCore::DecideAppeal(const Principal& p,
                                                     const v1::DecideAppealRequest& r) {
  FieldErrors e;
  CheckRequestId(e, r.request_id());
  if (r.finding_id().empty() || TenantOfId(r.finding_id()).empty()) {
    e.Add("finding_id", "not a finding id");
  }
  CheckVersion(e, r.version());
  CheckText(e, "note", r.note(), 1, 1000);
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, r.finding_id(), "finding_id"));
  if (d_.cipher == nullptr) return absl::FailedPreconditionError("no data key configured");
  return runner_.Run<v1::Finding>(
      {.actor = p.Name(), .method = "DecideAppeal", .request_id = r.request_id()}, r,
      [&](db::Mutation& m) -> absl::StatusOr<v1::Finding> {
        ASSIGN_OR_RETURN(std::optional<FindingRow> row,
                         GetFindingForUpdate(m.tx(), r.finding_id()));
        if (!row.has_value()) return absl::NotFoundError("no such finding");
        const v1::Finding& f = row->finding;
        RETURN_IF_ERROR(Require(FindingDepartmentHead(), p,
                                FactsOf(f.procuratorate_code(), f.caseworker(), f.department()),
                                "decide this appeal"));
        RETURN_IF_ERROR(m.CheckVersion(f.version(), r.version()));
        if (f.state() != v1::FINDING_APPEALED) {
          return absl::FailedPreconditionError("the finding has no appeal waiting");
        }
        ASSIGN_OR_RETURN(
            std::string sealed,
            d_.cipher->Encrypt(r.note(), SealContext("decision_note", f.finding_id())));
        RETURN_IF_ERROR(oversight::DecideAppeal(m.tx(), f.finding_id(),
                                                r.grant() ? v1::FINDING_WAIVED : v1::FINDING_OPEN,
                                                p.id, sealed, !r.grant()));
        RETURN_IF_ERROR(
            m.Audit(r.grant() ? "oversight.appeal_granted" : "oversight.appeal_rejected",
                    "review_finding", f.finding_id(), f.procuratorate_code()));
        ASSIGN_OR_RETURN(std::optional<FindingRow> after,
                         GetFindingForUpdate(m.tx(), r.finding_id()));
        std::map<int, v1::RuleSet> sets;
        return ToFinding(m.tx(), *after, "", &sets);
      });
}

// ---- The summary.

absl::StatusOr<v1::ReviewSummary> ReviewCore::GetReviewSummary(
    const Principal& p, const v1::GetReviewSummaryRequest& r) {
  FieldErrors e;
  if (r.grouping() < v1::REVIEW_GROUPING_UNSPECIFIED || r.grouping() > v1::REVIEW_BY_RULE) {
    e.Add("grouping", "not a grouping");
  }
  CheckLanguage(e, r.language());
  RETURN_IF_ERROR(e.ToStatus());
  ASSIGN_OR_RETURN(auto period, Period(r.closed_from(), r.closed_to()));
  const v1::ReviewGrouping grouping =
      r.grouping() == v1::REVIEW_GROUPING_UNSPECIFIED ? v1::REVIEW_BY_DEPARTMENT : r.grouping();
  // As the ledger: the chief the whole procuratorate, a department head their department,
  // analysts the whole procuratorate with small counts suppressed.
  std::string department;
  bool suppress = false;
  if (!p.Has(Role::kChief)) {
    if (p.Has(Role::kDepartmentHead)) {
      if (p.department.empty()) {
        return absl::FailedPreconditionError("the caller's token names no department");
      }
      department = p.department;
    } else {
      suppress = true;
    }
  }
  RETURN_IF_ERROR(EnsureRuleSets(p.procuratorate));
  std::vector<SummaryCounts> rows;
  std::optional<v1::RuleSet> active;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(rows, SummaryRows(tx, p.procuratorate, department, grouping, period.first,
                                           period.second));
        ASSIGN_OR_RETURN(active, GetActiveRuleSet(tx, p.procuratorate));
        return absl::OkStatus();
      },
      {.read_only = true}));
  v1::ReviewSummary out;
  out.set_procuratorate_code(p.procuratorate);
  out.set_grouping(grouping);
  v1::ReviewSummaryRow total;
  total.set_key("total");
  std::vector<bool> small;
  std::vector<std::pair<int64_t, std::string>> order;
  for (const SummaryCounts& c : rows) {
    v1::ReviewSummaryRow* row = out.add_rows();
    row->set_key(c.key);
    if (grouping == v1::REVIEW_BY_RULE && active.has_value()) {
      for (const v1::Rule& rule : active->rules()) {
        if (rule.rule_id() == c.key) {
          row->set_label(English(r.language()) ? rule.title_en() : rule.title_zh());
        }
      }
    }
    row->set_cases_reviewed(c.cases_reviewed);
    row->set_cases_with_findings(c.cases_with_findings);
    row->set_findings(c.findings);
    row->set_open(c.open);
    row->set_fixed(c.fixed);
    row->set_waived(c.waived);
    total.set_cases_reviewed(total.cases_reviewed() + c.cases_reviewed);
    total.set_findings(total.findings() + c.findings);
    total.set_open(total.open() + c.open);
    total.set_fixed(total.fixed() + c.fixed);
    total.set_waived(total.waived() + c.waived);
    // Cases with findings do not add up over rules (a case can break several).
    if (grouping != v1::REVIEW_BY_RULE) {
      total.set_cases_with_findings(total.cases_with_findings() + c.cases_with_findings);
    }
    small.push_back(AnySmallCount(
        {c.cases_reviewed, c.cases_with_findings, c.findings, c.open, c.fixed, c.waived}));
    order.emplace_back(std::max(c.cases_reviewed, c.findings), c.key);
  }
  if (suppress) {
    auto hide = [](v1::ReviewSummaryRow* row) {
      const std::string key = row->key();
      const std::string label = row->label();
      row->Clear();
      row->set_key(key);
      row->set_label(label);
      row->set_suppressed(true);
    };
    for (size_t i : RowsToSuppress(small, order)) hide(out.mutable_rows(static_cast<int>(i)));
    if (AnySmallCount({total.cases_reviewed(), total.cases_with_findings(), total.findings(),
                       total.open(), total.fixed(), total.waived()})) {
      hide(&total);
    }
  }
  *out.mutable_total() = std::move(total);
  return out;
}

// ---- The job.

void ReviewJob::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    do {
      absl::StatusOr<int> ran = core_->RunDueReviews(50);
      if (!ran.ok()) {
        Log(LogLevel::kWarning, "oversight.review_run_failed",
            {{"error", ran.status().ToString()}});
      }
    } while (!stop_.WaitForNotificationWithTimeout(interval_));
  });
}

void ReviewJob::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace shouhu::oversight
