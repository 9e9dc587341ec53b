// Reconciliation issues (对账差异): finance lists them (open, resolved or all) and resolves an
// open one with a resolution and a note, sealed ("aid_reconciliation_issues/<seq>/note").
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "aid/access_policy.h"
#include "aid/disbursement_ops_internal.h"
#include "aid/disbursement_sql.h"
#include "aid/reconciliation.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/crypto/sealed_fields.h"
#include "common/server/tenant.h"

namespace shouhu::aid {
namespace {

using Issue = pb::ReconciliationIssue;
constexpr char kEntity[] = "aid_reconciliation_issues";

// "rci-520382-17" for issue 17 of 520382.
std::string IssueId(const std::string& procuratorate, int64_t seq) {
  return absl::StrCat("rci-", procuratorate, "-", seq);
}

// The number of an issue id of `procuratorate`; 0 when it is not one.
int64_t IssueSeq(absl::string_view id, const std::string& procuratorate) {
  const std::string prefix = absl::StrCat("rci-", procuratorate, "-");
  int64_t seq = 0;
  if (!absl::ConsumePrefix(&id, prefix) || !absl::SimpleAtoi(id, &seq) || seq <= 0) return 0;
  return seq;
}

absl::StatusOr<Issue> IssueFromRow(sql::ResultSet& rs, const SealedFields& sealed) {
  Issue i;
  const int64_t seq = rs.getInt64("seq");
  i.set_issue_id(IssueId(db::GetStr(rs, "procuratorate_code"), seq));
  i.set_kind(static_cast<Issue::Kind>(rs.getInt("kind")));
  i.set_statement_id(db::GetStr(rs, "statement_id"));
  i.set_line_number(rs.getInt("line_number"));
  i.set_payment_id(db::GetStr(rs, "payment_id"));
  i.set_bank_reference(db::GetStr(rs, "bank_reference"));
  i.set_statement_fen(rs.getInt64("statement_fen"));
  i.set_payment_fen(rs.getInt64("payment_fen"));
  std::optional<absl::CivilDay> on = ParseDateString(db::GetStr(rs, "on_date"));
  if (on.has_value()) *i.mutable_date() = FromCivilDay(*on);
  i.set_resolution(static_cast<Issue::Resolution>(rs.getInt("resolution")));
  if (!rs.getBoolean("open")) {
    ASSIGN_OR_RETURN(
        *i.mutable_resolution_note(),
        sealed.Open(db::GetBlob(rs, "resolution_note_enc"), kEntity, absl::StrCat(seq), "note"));
    i.mutable_resolved_by()->set_principal(db::GetStr(rs, "resolved_by"));
    i.mutable_resolved_by()->set_display_name(db::GetStr(rs, "resolved_by_name"));
    *i.mutable_resolved_at() = TimestampFromMillis(rs.getInt64("resolved_at_ms"));
  }
  i.set_version(rs.getInt64("version"));
  return i;
}

}  // namespace

absl::StatusOr<pb::ListReconciliationIssuesResponse> ReconciliationCore::ListReconciliationIssues(
    const Principal& p, const pb::ListReconciliationIssuesRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "ReconciliationService", "ListReconciliationIssues"));
  FieldErrors errors;
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) errors.Add("page_token", "not a token of this list");
  if (!pb::ListReconciliationIssuesRequest::State_IsValid(req.state())) {
    errors.Add("state", "OPEN, RESOLVED or ALL");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  const int size = PageSize(req.page_size());
  const int64_t below = *before == 0 ? INT64_MAX : *before;
  const bool all = req.state() == pb::ListReconciliationIssuesRequest::STATE_ALL;
  const std::string sql =
      absl::StrCat(kIssueCols, kIssuesOfProc, all ? "" : kIssuesOpen, kIssuesBelow);
  SealedFields sealed(d_.cipher);
  pb::ListReconciliationIssuesResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        std::vector<std::pair<int64_t, Issue>> rows;
        db::Query q = tx.Sql(sql);
        q.Str(p.procuratorate);
        if (!all) q.Bool(req.state() == pb::ListReconciliationIssuesRequest::STATE_OPEN);
        auto rs = q.Int(below).Int(size + 1).Rows();
        while (rs->next()) {
          ASSIGN_OR_RETURN(Issue i, IssueFromRow(*rs, sealed));
          rows.emplace_back(rs->getInt64("seq"), std::move(i));
        }
        out.set_next_page_token(
            TakePage(rows, size, [&](Issue&& i) { *out.add_issues() = std::move(i); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::ReconciliationIssue> ReconciliationCore::ResolveReconciliationIssue(
    const Principal& p, const pb::ResolveReconciliationIssueRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "ReconciliationService", "ResolveReconciliationIssue"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.issue_id(), "issue_id"));
  const int64_t seq = IssueSeq(req.issue_id(), p.procuratorate);
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  if (seq == 0) errors.Add("issue_id", "not an issue id (rci-<procuratorate>-<number>)");
  CheckVersion(errors, req.version());
  if (req.resolution() == Issue::RESOLUTION_UNSPECIFIED ||
      !Issue::Resolution_IsValid(req.resolution())) {
    errors.Add("resolution",
               "CORRECTED_PAYMENT, BANK_ERROR, ACCEPTED_DIFFERENCE or DUPLICATE_IGNORED");
  }
  CheckText(errors, "note", req.note(), 1, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  SealedFields sealed(d_.cipher);
  return mutations_.Run<Issue>(
      MutationOf(p, "ResolveReconciliationIssue", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<Issue> {
        db::Tx& tx = m.tx();
        const std::string lookup = absl::StrCat(kIssueCols, kIssueForUpdate);
        auto rs = tx.Sql(lookup).Int(seq).Str(p.procuratorate).Rows();
        if (!rs->next()) return absl::NotFoundError("issue_id: no such reconciliation issue");
        ASSIGN_OR_RETURN(Issue issue, IssueFromRow(*rs, sealed));
        RETURN_IF_ERROR(m.CheckVersion(issue.version(), req.version()));
        if (issue.resolution() != Issue::RESOLUTION_UNSPECIFIED) {
          return absl::FailedPreconditionError("the issue is already resolved");
        }
        ASSIGN_OR_RETURN(std::string note,
                         sealed.Seal(req.note(), kEntity, absl::StrCat(seq), "note"));
        const int64_t changed = tx.Sql(kResolveIssue)
                                    .Int(req.resolution())
                                    .Blob(note)
                                    .Str(p.Name())
                                    .Str(p.display_name)
                                    .Int(absl::ToUnixMillis(m.now()))
                                    .Int(seq)
                                    .Int(req.version())
                                    .Exec();
        if (changed != 1) return db::StaleVersionError(req.version());
        RETURN_IF_ERROR(m.Audit(
            "aid.reconciliation.resolve", "reconciliation_issue", issue.issue_id(), p.procuratorate,
            absl::StrCat("{\"resolution\":\"", Issue::Resolution_Name(req.resolution()), "\"}")));
        issue.set_resolution(req.resolution());
        issue.set_resolution_note(req.note());
        issue.mutable_resolved_by()->set_principal(p.Name());
        issue.mutable_resolved_by()->set_display_name(p.display_name);
        *issue.mutable_resolved_at() = ToTimestamp(m.now());
        issue.set_version(issue.version() + 1);
        return issue;
      });
}

}  // namespace shouhu::aid
