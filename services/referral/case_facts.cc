// GetCaseFacts: the case and its referrals as facts for the case-quality review.
#include "referral/case_facts.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/server/case_facts.h"
#include "referral/access_policy.h"
#include "referral/core.h"
#include "referral/domain.h"

namespace shouhu::referral {

namespace {

using case_facts::Put;
using case_facts::PutEnum;
using case_facts::PutFlag;
using case_facts::PutList;
using case_facts::PutMillis;
using case_facts::PutPersonal;

void AddCase(const CaseFactsRow& c, const std::vector<ReferralFactsRow>& referrals,
             opb::CaseFacts& out) {
  opb::RecordFacts& r = *out.add_records();
  r.set_kind("case");
  r.set_record_id(c.case_id);
  r.set_status(case_facts::EnumName(pb::CaseStatus_descriptor(), c.status));
  r.set_assigned_to(case_facts::UserId(c.assigned_to));
  r.set_department(c.department);
  PutEnum(r, "kind", pb::ReferralKind_descriptor(), c.kind);
  Put(r, "subject_person_id", c.subject_person_id);
  PutMillis(r, "opened_at", c.opened_at_ms);
  PutMillis(r, "closed_at", c.closed_at_ms);
  PutEnum(r, "close_reason", pb::CloseReason_descriptor(), c.close_reason);
  PutPersonal(r, "close_note", c.close_note_filled);
  std::vector<std::string> ids;
  ids.reserve(referrals.size());
  for (const ReferralFactsRow& ref : referrals) ids.push_back(ref.referral_id);
  PutList(r, "referral_ids", ids);  // oldest first, as GetCase lists them
  // Transferred: the receiving procuratorate accepted the case, at the moment the case
  // ended here (closed_at). An offer still pending (or refused) is no transfer.
  if (c.status == pb::CASE_STATUS_TRANSFERRED) {
    Put(r, "transferred_to", c.transfer_to);
    PutMillis(r, "transferred_at", c.closed_at_ms);
  }
}

void AddReferral(const std::string& case_id, const ReferralFactsRow& ref, opb::CaseFacts& out) {
  opb::RecordFacts& r = *out.add_records();
  r.set_kind("referral");
  r.set_record_id(ref.referral_id);
  r.set_status(case_facts::EnumName(pb::ReferralStatus_descriptor(), ref.status));
  r.set_assigned_to(case_facts::UserId(ref.assigned_to));
  r.set_department(ref.department);
  Put(r, "case_id", case_id);  // read by its case id
  Put(r, "agency_code", ref.agency_code);
  PutEnum(r, "kind", pb::ReferralKind_descriptor(), ref.kind);
  PutMillis(r, "submitted_at", ref.submitted_at_ms);
  PutMillis(r, "response_due_at", ref.response_due_at_ms);
  PutMillis(r, "first_answered_at", ref.answered_at_ms);
  Put(r, "occurred_on", ref.occurred_on);
  PutPersonal(r, "facts", ref.facts_filled);
  PutList(r, "person_ids", ref.person_ids);  // in the referral's order
  PutFlag(r, "urgent", ref.urgent);
  PutPersonal(r, "decline_reason", ref.decline_reason != 0);
}

}  // namespace

opb::CaseFacts CaseFactsOf(const std::string& case_id, const CaseFactsRead& read) {
  opb::CaseFacts out;
  out.set_case_id(case_id);
  out.set_source(kCaseFactsSource);
  if (read.c.has_value()) AddCase(*read.c, read.referrals, out);
  for (const ReferralFactsRow& ref : read.referrals) AddReferral(case_id, ref, out);
  std::sort(out.mutable_records()->begin(), out.mutable_records()->end(),
            [](const opb::RecordFacts& a, const opb::RecordFacts& b) {
              return std::tie(a.kind(), a.record_id()) < std::tie(b.kind(), b.record_id());
            });
  return out;
}

absl::StatusOr<opb::CaseFacts> ReferralCore::GetCaseFacts(const Principal& p,
                                                          const opb::GetCaseFactsRequest& req) {
  RETURN_IF_ERROR(ReferralAccessPolicy().Admit(p, kGetCaseFactsMethod).status());
  RETURN_IF_ERROR(case_facts::CheckRequest(req));
  CaseFactsRead read;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(read,
                                                          repo_.ReadCaseFacts(tx, req.case_id()));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  return CaseFactsOf(req.case_id(), read);
}

}  // namespace shouhu::referral
