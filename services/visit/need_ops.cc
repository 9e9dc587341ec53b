// VisitCore: the needs of a case, withdrawing a need, and following what the aid service
// made of a need (aid.suggestion_changed).
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/db/audit.h"
#include "common/server/events.h"
#include "common/server/tenant.h"
#include "shouhu/aid/v1/events.pb.h"
#include "shouhu/visit/v1/events.pb.h"
#include "visit/access_policy.h"
#include "visit/visit_core.h"
#include "visit/visit_rules.h"

namespace shouhu::visit {
namespace {

namespace apb = ::shouhu::aid::v1;

// What a suggestion's status means for its need.
pb::NeedStatus NeedStatusOf(apb::SuggestionStatus s) {
  switch (s) {
    case apb::SUGGESTION_STATUS_DRAFT:
    case apb::SUGGESTION_STATUS_ISSUED:
    case apb::SUGGESTION_STATUS_ACKNOWLEDGED:
      return pb::NEED_STATUS_SUGGESTED;
    case apb::SUGGESTION_STATUS_COMPLETED:
      return pb::NEED_STATUS_MET;
    case apb::SUGGESTION_STATUS_DECLINED:
    case apb::SUGGESTION_STATUS_CANCELLED:
      return pb::NEED_STATUS_NOT_MET;
    default:
      return pb::NEED_STATUS_UNSPECIFIED;
  }
}

// Statuses only move forward: OPEN -> SUGGESTED -> MET | NOT_MET; WITHDRAWN stays.
bool MovesForward(pb::NeedStatus from, pb::NeedStatus to) {
  if (from == pb::NEED_STATUS_WITHDRAWN || from == to) return false;
  if (from == pb::NEED_STATUS_MET || from == pb::NEED_STATUS_NOT_MET) return false;
  return to == pb::NEED_STATUS_SUGGESTED ? from == pb::NEED_STATUS_OPEN : true;
}

}  // namespace

absl::StatusOr<pb::ListNeedsResponse> VisitCore::ListNeeds(const Principal& p,
                                                           const pb::ListNeedsRequest& req) {
  FieldErrors e;
  if (req.case_id().empty()) e.Add("case_id", "required");
  if (!pb::NeedStatus_IsValid(req.status())) e.Add("status", "not a need status");
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  const int size = PageSize(req.page_size());
  pb::ListNeedsResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        ASSIGN_OR_RETURN(std::vector<NeedRow> rows,
                         needs_.OfCase(tx, req.case_id(), req.status(), *before, size + 1));
        std::vector<std::pair<int64_t, pb::Need>> page;
        for (NeedRow& r : rows) page.emplace_back(r.seq, std::move(r.need));
        out.set_next_page_token(
            TakePage(page, size, [&](pb::Need n) { *out.add_needs() = std::move(n); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::Need> VisitCore::WithdrawNeed(const Principal& p,
                                                 const pb::WithdrawNeedRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.need_id().empty()) e.Add("need_id", "required");
  CheckFreeText(e, "reason", req.reason(), 1, 500);
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.need_id(), "need_id"));
  return mutations_.Run<pb::Need>(
      {.actor = p.Name(), .method = "WithdrawNeed", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Need> {
        ASSIGN_OR_RETURN(std::optional<NeedRow> row, needs_.Get(m.tx(), req.need_id(), true));
        if (!row.has_value() || row->procuratorate != p.procuratorate) {
          return absl::NotFoundError(absl::StrCat("no need ", req.need_id()));
        }
        RETURN_IF_ERROR(
            Require(RecorderOrHead(), p,
                    RecorderFacts(row->procuratorate, row->need.raised_by().principal()),
                    "withdraw this need"));
        const pb::NeedStatus status = row->need.status();
        if (status != pb::NEED_STATUS_OPEN && status != pb::NEED_STATUS_SUGGESTED) {
          return absl::FailedPreconditionError(absl::StrCat("need_id: the need is ",
                                                            pb::NeedStatus_Name(status),
                                                            "; only an OPEN or SUGGESTED "
                                                            "need may be withdrawn"));
        }
        const absl::CivilDay today = ChinaDay(m.now());
        RETURN_IF_ERROR(
            needs_.SetStatus(m.tx(), *row, pb::NEED_STATUS_WITHDRAWN, "", req.reason(), today));
        pb::NeedWithdrawn ev;
        ev.set_need_id(row->need.need_id());
        ev.set_case_id(row->case_id);
        ev.set_procuratorate_code(row->procuratorate);
        RETURN_IF_ERROR(m.Emit(kTopicNeedWithdrawn, row->need.need_id(), row->procuratorate, ev));
        RETURN_IF_ERROR(
            m.Audit("visit.need.withdraw", "need", row->need.need_id(), row->procuratorate));
        pb::Need out = row->need;
        out.set_status(pb::NEED_STATUS_WITHDRAWN);
        out.set_withdraw_reason(req.reason());
        *out.mutable_status_on() = FromCivilDay(today);
        return out;
      });
}

absl::Status VisitCore::ReactToEvent(db::Tx& tx, const cpb::Event& e) {
  if (e.topic() != kTopicSuggestionChanged) return absl::OkStatus();
  ASSIGN_OR_RETURN(apb::SuggestionChanged s, UnpackEventPayload<apb::SuggestionChanged>(e));
  if (s.source_need_id().empty()) return absl::OkStatus();  // not from a visit's need
  const pb::NeedStatus to = NeedStatusOf(s.status());
  if (to == pb::NEED_STATUS_UNSPECIFIED) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<NeedRow> row, needs_.Get(tx, s.source_need_id(), true));
  // Unknown needs, and needs of another procuratorate than the event's, are left alone.
  if (!row.has_value() || row->procuratorate != e.procuratorate_code()) return absl::OkStatus();
  if (!MovesForward(row->need.status(), to)) return absl::OkStatus();
  const absl::CivilDay on = s.has_changed_on() && IsValidDate(s.changed_on())
                                ? ToCivilDay(s.changed_on())
                                : ChinaDay(d_.clock->Now());
  RETURN_IF_ERROR(needs_.SetStatus(tx, *row, to, s.suggestion_id(), "", on));
  return db::AppendAudit(tx, {.service = "visit",
                              .actor = "service:aid",
                              .action = "visit.need.status",
                              .entity_type = "need",
                              .entity_id = row->need.need_id(),
                              .procuratorate = row->procuratorate,
                              .request_id = e.event_id(),
                              .detail = absl::StrCat("{\"status\":", to, ",\"suggestion\":\"",
                                                     s.suggestion_id(), "\"}"),
                              .at = d_.clock->Now()});
}

}  // namespace shouhu::visit
