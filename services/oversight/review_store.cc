#include "oversight/review_store.h"

#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "oversight/review_sql.h"

namespace shouhu::oversight {
namespace {

absl::StatusOr<v1::RuleSet> ReadRuleSet(sql::ResultSet& rs) {
  v1::RuleSet s;
  s.set_procuratorate_code(rs.getString("procuratorate_code").asStdString());
  s.set_version(rs.getInt("version"));
  s.set_state(static_cast<v1::RuleSetState>(rs.getInt("state")));
  v1::StoredRules rules;
  if (!rules.ParseFromString(db::GetBlob(rs, "rules_pb"))) {
    return absl::DataLossError(absl::StrCat("rule set ", s.version(), " cannot be read"));
  }
  *s.mutable_rules() = std::move(*rules.mutable_rules());
  s.set_note(rs.getString("note").asStdString());
  s.set_created_by(rs.getString("created_by").asStdString());
  s.mutable_created_at()->set_unix_millis(rs.getInt64("created_at_ms"));
  s.set_activated_by(rs.getString("activated_by").asStdString());
  if (const int64_t at = rs.getInt64("activated_at_ms"); at > 0) {
    s.mutable_activated_at()->set_unix_millis(at);
  }
  return s;
}

std::string RulesBlob(const google::protobuf::RepeatedPtrField<v1::Rule>& rules) {
  v1::StoredRules stored;
  *stored.mutable_rules() = rules;
  return stored.SerializeAsString();
}

ReviewRow ReadReview(sql::ResultSet& rs) {
  ReviewRow r;
  r.case_id = rs.getString("case_id").asStdString();
  r.procuratorate = rs.getString("procuratorate_code").asStdString();
  r.state = rs.getInt("state");
  r.run_at_ms = rs.getInt64("run_at_ms");
  r.attempts = rs.getInt("attempts");
  r.missing_sources = rs.getString("missing_sources").asStdString();
  r.caseworker = rs.getString("caseworker").asStdString();
  r.department = rs.getString("department").asStdString();
  r.closed_at_ms = rs.getInt64("closed_at_ms");
  r.reviewed_at_ms = rs.getInt64("reviewed_at_ms");
  r.rule_set_version = rs.getInt("rule_set_version");
  r.runs = rs.getInt("runs");
  r.findings_open = rs.getInt("findings_open");
  r.facts_pb = db::GetBlob(rs, "facts_pb");
  r.version = rs.getInt64("version");
  return r;
}

FindingRow ReadFinding(sql::ResultSet& rs) {
  FindingRow r;
  v1::Finding& f = r.finding;
  f.set_finding_id(rs.getString("finding_id").asStdString());
  r.seq = rs.getInt64("seq");
  f.set_case_id(rs.getString("case_id").asStdString());
  f.set_procuratorate_code(rs.getString("procuratorate_code").asStdString());
  f.set_rule_id(rs.getString("rule_id").asStdString());
  f.set_severity(static_cast<v1::Severity>(rs.getInt("severity")));
  f.set_record_kind(rs.getString("record_kind").asStdString());
  f.set_record_id(rs.getString("record_id").asStdString());
  f.set_field(rs.getString("field").asStdString());
  f.set_state(static_cast<v1::FindingState>(rs.getInt("state")));
  f.set_caseworker(rs.getString("caseworker").asStdString());
  f.set_department(rs.getString("department").asStdString());
  r.closed_at_ms = rs.getInt64("closed_at_ms");
  f.set_rule_set_version(rs.getInt("rule_set_version"));
  f.mutable_found_at()->set_unix_millis(rs.getInt64("found_at_ms"));
  if (const int64_t at = rs.getInt64("cleared_at_ms"); at > 0) {
    f.mutable_cleared_at()->set_unix_millis(at);
  }
  r.appeal_reason_enc = db::GetBlob(rs, "appeal_reason_enc");
  if (const int64_t at = rs.getInt64("appealed_at_ms"); at > 0) {
    f.mutable_appealed_at()->set_unix_millis(at);
  }
  f.set_decided_by(rs.getString("decided_by").asStdString());
  r.decision_note_enc = db::GetBlob(rs, "decision_note_enc");
  f.set_appeal_rejected(rs.getInt("appeal_rejected") != 0);
  f.set_version(rs.getInt64("version"));
  return r;
}

}  // namespace

absl::StatusOr<std::optional<v1::RuleSet>> GetActiveRuleSet(db::Tx& tx,
                                                            const std::string& procuratorate) {
  auto rs = tx.Sql(review_sql::kActiveRuleSet).Str(procuratorate).Rows();
  if (!rs->next()) return std::optional<v1::RuleSet>();
  ASSIGN_OR_RETURN(v1::RuleSet s, ReadRuleSet(*rs));
  return std::optional<v1::RuleSet>(std::move(s));
}

absl::StatusOr<std::optional<v1::RuleSet>> GetRuleSet(db::Tx& tx, const std::string& procuratorate,
                                                      int version) {
  auto rs = tx.Sql(review_sql::kRuleSet).Str(procuratorate).Int(version).Rows();
  if (!rs->next()) return std::optional<v1::RuleSet>();
  ASSIGN_OR_RETURN(v1::RuleSet s, ReadRuleSet(*rs));
  return std::optional<v1::RuleSet>(std::move(s));
}

absl::StatusOr<std::vector<v1::RuleSet>> ListRuleSets(db::Tx& tx, const std::string& procuratorate,
                                                      int limit) {
  std::vector<v1::RuleSet> out;
  auto rs = tx.Sql(review_sql::kRuleSets).Str(procuratorate).Int(limit).Rows();
  while (rs->next()) {
    ASSIGN_OR_RETURN(v1::RuleSet s, ReadRuleSet(*rs));
    out.push_back(std::move(s));
  }
  return out;
}

absl::Status InstallShippedRuleSet(db::Tx& tx, const std::string& procuratorate,
                                   const std::vector<v1::Rule>& shipped, absl::Time now) {
  google::protobuf::RepeatedPtrField<v1::Rule> rules(shipped.begin(), shipped.end());
  const int64_t now_ms = absl::ToUnixMillis(now);
  tx.Sql(review_sql::kInstallShipped)
      .Str(procuratorate)
      .Blob(RulesBlob(rules))
      .Str("shipped rule set")
      .Int(now_ms)
      .Int(now_ms)
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<int> LockLastRuleSetVersion(db::Tx& tx, const std::string& procuratorate) {
  auto rs = tx.Sql(review_sql::kLastRuleSetVersion).Str(procuratorate).Rows();
  if (!rs->next()) return 0;
  return rs->getInt("version");
}

absl::Status InsertRuleSet(db::Tx& tx, const v1::RuleSet& set) {
  absl::StatusOr<int64_t> n = tx.Sql(review_sql::kInsertRuleSet)
                                  .Str(set.procuratorate_code())
                                  .Int(set.version())
                                  .Blob(RulesBlob(set.rules()))
                                  .Str(set.note())
                                  .Str(set.created_by())
                                  .Int(set.created_at().unix_millis())
                                  .ExecOrStatus();
  if (absl::IsAlreadyExists(n.status())) {
    return absl::AbortedError("another rule set version was created at the same time");
  }
  return n.status();
}

absl::Status ActivateRuleSet(db::Tx& tx, const std::string& procuratorate, int version,
                             const std::string& by, absl::Time now) {
  tx.Sql(review_sql::kRetireActive).Str(procuratorate).Exec();
  tx.Sql(review_sql::kActivate)
      .Str(by)
      .Int(absl::ToUnixMillis(now))
      .Str(procuratorate)
      .Int(version)
      .Exec();
  return absl::OkStatus();
}

absl::Status EnqueueReview(db::Tx& tx, const std::string& case_id, const std::string& procuratorate,
                           absl::Time closed_at, absl::Time run_at) {
  tx.Sql(review_sql::kEnqueueReview)
      .Str(case_id)
      .Str(procuratorate)
      .Int(absl::ToUnixMillis(run_at))
      .Int(absl::ToUnixMillis(closed_at))
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> DueReviews(db::Tx& tx, absl::Time now, int limit) {
  std::vector<std::string> out;
  auto rs = tx.Sql(review_sql::kDueReviews).Int(absl::ToUnixMillis(now)).Int(limit).Rows();
  while (rs->next()) out.push_back(rs->getString("case_id").asStdString());
  return out;
}

absl::StatusOr<std::optional<ReviewRow>> GetReview(db::Tx& tx, const std::string& case_id,
                                                   bool for_update) {
  auto rs = tx.Sql(for_update ? review_sql::kGetReviewForUpdate : review_sql::kGetReview)
                .Str(case_id)
                .Rows();
  if (!rs->next()) return std::optional<ReviewRow>();
  return std::optional<ReviewRow>(ReadReview(*rs));
}

absl::Status SaveReview(db::Tx& tx, const ReviewRow& r) {
  tx.Sql(review_sql::kSaveReview)
      .Int(r.state)
      .Int(r.run_at_ms)
      .Int(r.attempts)
      .Str(r.missing_sources)
      .Str(r.caseworker)
      .Str(r.department)
      .Int(r.reviewed_at_ms)
      .Int(r.rule_set_version)
      .Int(r.runs)
      .Int(r.findings_open)
      .BlobOrNull(r.facts_pb)
      .Str(r.case_id)
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ReviewRow>> ReviewsClosedBetween(db::Tx& tx,
                                                            const std::string& procuratorate,
                                                            int64_t from_ms, int64_t to_ms,
                                                            int limit) {
  std::vector<ReviewRow> out;
  auto rs = tx.Sql(review_sql::kReviewsClosedBetween)
                .Str(procuratorate)
                .Int(from_ms)
                .Int(to_ms)
                .Int(limit)
                .Rows();
  while (rs->next()) out.push_back(ReadReview(*rs));
  return out;
}

absl::StatusOr<std::vector<FindingRow>> FindingsOfCase(db::Tx& tx, const std::string& case_id,
                                                       bool for_update) {
  std::vector<FindingRow> out;
  auto rs = tx.Sql(for_update ? review_sql::kFindingsOfCaseForUpdate : review_sql::kFindingsOfCase)
                .Str(case_id)
                .Rows();
  while (rs->next()) out.push_back(ReadFinding(*rs));
  return out;
}

absl::StatusOr<std::optional<FindingRow>> GetFindingForUpdate(db::Tx& tx,
                                                              const std::string& finding_id) {
  auto rs = tx.Sql(review_sql::kGetFindingForUpdate).Str(finding_id).Rows();
  if (!rs->next()) return std::optional<FindingRow>();
  return std::optional<FindingRow>(ReadFinding(*rs));
}

absl::Status InsertFinding(db::Tx& tx, const FindingRow& r) {
  const v1::Finding& f = r.finding;
  absl::StatusOr<int64_t> n = tx.Sql(review_sql::kInsertFinding)
                                  .Str(f.finding_id())
                                  .Str(f.case_id())
                                  .Str(f.procuratorate_code())
                                  .Str(f.rule_id())
                                  .Int(f.severity())
                                  .Str(f.record_kind())
                                  .Str(f.record_id())
                                  .Str(f.field())
                                  .Str(f.caseworker())
                                  .Str(f.department())
                                  .Int(r.closed_at_ms)
                                  .Int(f.rule_set_version())
                                  .Int(f.found_at().unix_millis())
                                  .ExecOrStatus();
  if (absl::IsAlreadyExists(n.status())) {
    return absl::AbortedError("the case was reviewed at the same time");
  }
  return n.status();
}

absl::Status UpdateFindingRun(db::Tx& tx, const v1::Finding& f, int64_t found_at_ms,
                              int64_t cleared_at_ms) {
  tx.Sql(review_sql::kFindingRun)
      .Int(f.state())
      .Int(f.severity())
      .Int(f.rule_set_version())
      .Str(f.caseworker())
      .Str(f.department())
      .Int(found_at_ms)
      .Int(cleared_at_ms)
      .Str(f.finding_id())
      .Exec();
  return absl::OkStatus();
}

absl::Status AppealFinding(db::Tx& tx, const std::string& finding_id, const std::string& reason_enc,
                           absl::Time now) {
  tx.Sql(review_sql::kFindingAppeal)
      .Blob(reason_enc)
      .Int(absl::ToUnixMillis(now))
      .Str(finding_id)
      .Exec();
  return absl::OkStatus();
}

absl::Status DecideAppeal(db::Tx& tx, const std::string& finding_id, v1::FindingState state,
                          const std::string& by, const std::string& note_enc, bool rejected) {
  tx.Sql(review_sql::kFindingDecision)
      .Int(state)
      .Str(by)
      .Blob(note_enc)
      .Bool(rejected)
      .Str(finding_id)
      .Exec();
  return absl::OkStatus();
}

std::string FindingQuerySql(const FindingQuery& q) {
  std::string s;
  switch (q.scope) {
    case FindingQuery::Scope::kCaseworker:
      s = review_sql::kFindingsOfCaseworker;
      break;
    case FindingQuery::Scope::kDepartment:
      s = review_sql::kFindingsOfDepartment;
      break;
    case FindingQuery::Scope::kProcuratorate:
      s = review_sql::kFindingsOfProcuratorate;
      break;
  }
  if (q.filter == v1::FILTER_APPEALED) {
    s += review_sql::kFilterAppealed;
  } else if (q.filter != v1::FILTER_ALL) {
    s += review_sql::kFilterToAct;
  }
  if (q.after_seq.has_value()) s += review_sql::kFindingsAfter;
  s += review_sql::kFindingsOrder;
  return s;
}

absl::StatusOr<std::vector<FindingRow>> ListFindings(db::Tx& tx, const FindingQuery& q) {
  db::Query query = tx.Sql(FindingQuerySql(q));
  query.Str(q.procuratorate);
  if (q.scope != FindingQuery::Scope::kProcuratorate) query.Str(q.who);
  if (q.after_seq.has_value()) query.Int(*q.after_seq);
  query.Int(q.limit);
  std::vector<FindingRow> out;
  auto rs = query.Rows();
  while (rs->next()) out.push_back(ReadFinding(*rs));
  return out;
}

std::string SummarySql(bool cases, v1::ReviewGrouping grouping, bool in_department) {
  std::string s;
  switch (grouping) {
    case v1::REVIEW_BY_CASEWORKER:
      s = review_sql::kSummaryByCaseworker;
      break;
    case v1::REVIEW_BY_RULE:
      s = review_sql::kSummaryByRule;
      break;
    default:
      s = review_sql::kSummaryByDepartment;
      break;
  }
  s += cases ? review_sql::kSummaryCases : review_sql::kSummaryFindings;
  if (in_department) s += review_sql::kSummaryInDepartment;
  s += review_sql::kSummaryGroup;
  return s;
}

absl::StatusOr<std::vector<SummaryCounts>> SummaryRows(db::Tx& tx, const std::string& procuratorate,
                                                       const std::string& department,
                                                       v1::ReviewGrouping grouping, int64_t from_ms,
                                                       int64_t to_ms) {
  std::map<std::string, SummaryCounts> rows;
  const bool in_department = !department.empty();
  if (grouping != v1::REVIEW_BY_RULE) {
    db::Query q = tx.Sql(SummarySql(true, grouping, in_department));
    q.Str(procuratorate).Int(from_ms).Int(to_ms);
    if (in_department) q.Str(department);
    auto rs = q.Rows();
    while (rs->next()) {
      const std::string key = rs->getString("grp").asStdString();
      SummaryCounts& c = rows[key];
      c.key = key;
      c.cases_reviewed = rs->getInt64("n");
    }
  }
  db::Query q = tx.Sql(SummarySql(false, grouping, in_department));
  q.Str(procuratorate).Int(from_ms).Int(to_ms);
  if (in_department) q.Str(department);
  auto rs = q.Rows();
  while (rs->next()) {
    const std::string key = rs->getString("grp").asStdString();
    SummaryCounts& c = rows[key];
    c.key = key;
    c.findings = rs->getInt64("n");
    c.cases_with_findings = rs->getInt64("cases");
    c.open = rs->getInt64("open_n");
    c.fixed = rs->getInt64("fixed_n");
    c.waived = rs->getInt64("waived_n");
  }
  std::vector<SummaryCounts> out;
  out.reserve(rows.size());
  for (auto& [key, c] : rows) out.push_back(std::move(c));
  return out;
}

}  // namespace shouhu::oversight
