// Records kept beside the applications: the notice that a person may apply (告知) and
// declarations of aid received from an organ (once per party per case).
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aid/application_core.h"
#include "aid/ids.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"

namespace shouhu::aid {
namespace {

bool RealDateNotAfter(const cpb::Date& d, absl::CivilDay today) {
  return ParseDateString(DateString(d)).has_value() && ToCivilDay(d) <= today;
}

}  // namespace

absl::StatusOr<pb::RightsNotice> ApplicationCore::RecordRightsNotice(
    const Principal& p, const pb::RecordRightsNoticeRequest& req) {
  const pb::RightsNotice& n = req.notice();
  RETURN_IF_ERROR(CheckIdTenant(p, n.case_id(), "notice.case_id"));
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (!IsValidCode(n.person_id(), 1, 32)) e.Add("notice.person_id", "a person id is required");
  if (!n.has_notified_on() || !RealDateNotAfter(n.notified_on(), Today())) {
    e.Add("notice.notified_on", "a real date, not in the future, is required");
  }
  if (n.method() == pb::NOTIFICATION_METHOD_UNSPECIFIED ||
      !pb::NotificationMethod_IsValid(n.method())) {
    e.Add("notice.method", "how the person was told is required");
  }
  RETURN_IF_ERROR(e.ToStatus());
  return mutations_.Run<pb::RightsNotice>(
      {.actor = p.Name(), .method = "RecordRightsNotice", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::RightsNotice> {
        pb::RightsNotice out;
        out.set_notice_id(NewAidId(*d_.ids, AidIdKind::kNotice, p.procuratorate));
        out.set_case_id(n.case_id());
        out.set_person_id(n.person_id());
        *out.mutable_notified_on() = n.notified_on();
        out.set_method(n.method());
        out.mutable_recorded_by()->set_principal(p.Name());
        out.mutable_recorded_by()->set_display_name(p.display_name);
        RETURN_IF_ERROR(repo_.InsertNotice(m.tx(), p.procuratorate, out, m.now()));
        RETURN_IF_ERROR(m.Audit("aid.rights_notice", "aid_rights_notice", out.notice_id(),
                                p.procuratorate,
                                absl::StrCat("{\"case_id\":\"", out.case_id(), "\"}")));
        return out;
      });
}

absl::StatusOr<pb::ListRightsNoticesResponse> ApplicationCore::ListRightsNotices(
    const Principal& p, const pb::ListRightsNoticesRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  FieldErrors e;
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  const int size = PageSize(req.page_size());
  std::vector<std::pair<int64_t, pb::RightsNotice>> notices;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(notices, repo_.NoticesOfCase(tx, req.case_id(), *before, size + 1));
        return absl::OkStatus();
      },
      {.read_only = true}));
  pb::ListRightsNoticesResponse resp;
  resp.set_next_page_token(
      TakePage(notices, size, [&](pb::RightsNotice&& n) { *resp.add_notices() = std::move(n); }));
  return resp;
}

absl::StatusOr<pb::PriorAid> ApplicationCore::RecordPriorAid(const Principal& p,
                                                             const pb::RecordPriorAidRequest& req) {
  const pb::PriorAid& a = req.prior_aid();
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (!IsValidCode(a.person_id(), 1, 32)) e.Add("prior_aid.person_id", "a person id is required");
  CheckText(e, "prior_aid.original_case_number", a.original_case_number(), 1, 64);
  if (a.organ() == pb::PriorAid::ORGAN_UNSPECIFIED || !pb::PriorAid::Organ_IsValid(a.organ())) {
    e.Add("prior_aid.organ", "the organ that gave the aid is required");
  }
  CheckText(e, "prior_aid.organ_name", a.organ_name(), 1, 100);
  if (a.has_aided_on() && !RealDateNotAfter(a.aided_on(), Today())) {
    e.Add("prior_aid.aided_on", "must be a real date, not in the future");
  }
  if (a.amount_fen() < 0) e.Add("prior_aid.amount_fen", "must not be negative");
  CheckText(e, "prior_aid.note", a.note(), 0, 500);
  RETURN_IF_ERROR(e.ToStatus());
  return mutations_.Run<pb::PriorAid>(
      {.actor = p.Name(), .method = "RecordPriorAid", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::PriorAid> {
        pb::PriorAid out = a;
        out.set_prior_aid_id(NewAidId(*d_.ids, AidIdKind::kPriorAid, p.procuratorate));
        out.set_original_case_number(NormalizeCaseNumber(a.original_case_number()));
        out.mutable_recorded_by()->set_principal(p.Name());
        out.mutable_recorded_by()->set_display_name(p.display_name);
        RETURN_IF_ERROR(repo_.InsertPriorAid(m.tx(), p.procuratorate, out, m.now()));
        RETURN_IF_ERROR(m.Audit("aid.prior_aid", "aid_prior_aid", out.prior_aid_id(),
                                p.procuratorate, absl::StrCat("{\"organ\":", out.organ(), "}")));
        return out;
      });
}

}  // namespace shouhu::aid
