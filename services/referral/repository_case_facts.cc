// What the case-quality review reads of a case and its referrals (GetCaseFacts): stored
// values only; personal data and free text as whether they are filled.
#include <string>

#include "referral/repository.h"
#include "referral/repository_sql.h"

namespace shouhu::referral {

namespace {

std::optional<int64_t> OptionalMillis(sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) return std::nullopt;
  return rs.getInt64(column);
}

}  // namespace

absl::StatusOr<CaseFactsRead> Repository::ReadCaseFacts(db::Tx& tx, const std::string& case_id) {
  CaseFactsRead out;
  {
    auto rs = tx.Sql(kCaseFactsCase).Str(case_id).Rows();
    if (rs->next()) {
      CaseFactsRow c;
      c.case_id = db::GetStr(*rs, "id");
      c.status = rs->getInt("status");
      c.subject_person_id = db::GetStr(*rs, "subject_person_id");
      c.kind = rs->getInt("kind");
      c.assigned_to = db::GetStr(*rs, "assigned_to");
      c.department = db::GetStr(*rs, "department");
      c.opened_at_ms = OptionalMillis(*rs, "opened_at_ms");
      c.closed_at_ms = OptionalMillis(*rs, "closed_at_ms");
      c.close_reason = rs->getInt("close_reason");
      c.close_note_filled = rs->getBoolean("close_note_filled");
      c.transfer_to = db::GetStr(*rs, "transfer_to");
      out.c = std::move(c);
    }
  }
  // One row per person of each referral (a referral without people: one row, no person).
  auto rs = tx.Sql(kCaseFactsReferrals).Str(case_id).Int(kCaseFactsMaxReferrals).Rows();
  while (rs->next()) {
    const std::string id = db::GetStr(*rs, "id");
    if (out.referrals.empty() || out.referrals.back().referral_id != id) {
      ReferralFactsRow r;
      r.referral_id = id;
      r.agency_code = db::GetStr(*rs, "agency_code");
      r.kind = rs->getInt("kind");
      r.status = rs->getInt("status");
      r.urgent = rs->getBoolean("urgent");
      r.facts_filled = rs->getBoolean("facts_filled");
      r.occurred_on = db::GetStr(*rs, "occurred_on");
      r.submitted_at_ms = OptionalMillis(*rs, "submitted_at_ms");
      r.response_due_at_ms = OptionalMillis(*rs, "response_due_at_ms");
      r.answered_at_ms = OptionalMillis(*rs, "answered_at_ms");
      r.assigned_to = db::GetStr(*rs, "assigned_to");
      r.department = db::GetStr(*rs, "department");
      r.decline_reason = rs->getInt("decline_reason");
      out.referrals.push_back(std::move(r));
    }
    std::string person = db::GetStr(*rs, "person_id");
    if (!person.empty()) out.referrals.back().person_ids.push_back(std::move(person));
  }
  return out;
}

}  // namespace shouhu::referral
