// SuggestionCore's reads (staff lists, the agency view) and its reaction to needs found on
// visits (visit.need_found).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "aid/ids.h"
#include "aid/suggestion_internal.h"
#include "aid/suggestion_ops.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/db/audit.h"
#include "common/db/outbox.h"
#include "common/server/events.h"
#include "common/server/tenant.h"
#include "shouhu/visit/v1/events.pb.h"

namespace shouhu::aid {
namespace {

using suggestion_internal::IsMeasure;
using suggestion_internal::kTopicSuggestionChanged;
using suggestion_internal::NotAddressed;
using suggestion_internal::SuggestionChangedOf;

constexpr char kService[] = "SocialAidService";

// 心理疏导, 就业帮扶, ...: the measure as the draft's text names it.
absl::string_view MeasureLabel(pb::MeasureKind m) {
  switch (m) {
    case pb::MEASURE_KIND_COUNSELLING:
      return "心理疏导";
    case pb::MEASURE_KIND_EMPLOYMENT:
      return "就业帮扶";
    case pb::MEASURE_KIND_LIVING_PLACEMENT:
      return "生活安置";
    case pb::MEASURE_KIND_MINIMUM_LIVING:
      return "低保";
    case pb::MEASURE_KIND_POVERTY_MONITORING:
      return "防止返贫监测";
    case pb::MEASURE_KIND_MEDICAL:
      return "医疗救助";
    case pb::MEASURE_KIND_SCHOOLING:
      return "就学帮扶";
    case pb::MEASURE_KIND_FAMILY_EDUCATION:
      return "家庭教育指导";
    case pb::MEASURE_KIND_LEGAL_AID:
      return "法律援助";
    default:
      return "其他帮扶";
  }
}

}  // namespace

absl::StatusOr<pb::ListSuggestionsResponse> SuggestionCore::List(
    const Principal& p, const pb::ListSuggestionsRequest& req) {
  RETURN_IF_ERROR(Admitted(p, kService, "ListSuggestions"));
  FieldErrors errors;
  if (req.status() != 0 && !pb::SuggestionStatus_IsValid(req.status())) {
    errors.Add("status", "is not a SuggestionStatus");
  }
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) errors.Add("page_token", "is not a token this service issued");
  RETURN_IF_ERROR(errors.ToStatus());
  if (!req.case_id().empty()) RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  SuggestionFilter f;
  f.procuratorate = p.procuratorate;
  f.case_id = req.case_id();
  f.status = req.status();
  if (req.overdue_only()) f.overdue_before = Today();
  f.before_seq = *before;
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  pb::ListSuggestionsResponse resp;
  RETURN_IF_ERROR(
      db::RunInTransaction(*d_.pool,
                           [&](db::Tx& tx) -> absl::Status {
                             resp.Clear();
                             ASSIGN_OR_RETURN(auto rows, repo_.List(tx, f));
                             resp.set_next_page_token(TakePage(rows, size, [&](SuggestionRow r) {
                               *resp.add_suggestions() = ForStaff(std::move(r.suggestion));
                             }));
                             return absl::OkStatus();
                           },
                           {.read_only = true}));
  return resp;
}

absl::StatusOr<pb::ListAddressedSuggestionsResponse> SuggestionCore::ListAddressed(
    const Principal& p, const pb::ListAddressedSuggestionsRequest& req) {
  RETURN_IF_ERROR(Admitted(p, kService, "ListAddressedSuggestions"));
  FieldErrors errors;
  if (req.status() == pb::SUGGESTION_STATUS_DRAFT ||
      (req.status() != 0 && !pb::SuggestionStatus_IsValid(req.status()))) {
    errors.Add("status", "is not a status an agency sees");
  }
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) errors.Add("page_token", "is not a token this service issued");
  RETURN_IF_ERROR(errors.ToStatus());
  SuggestionFilter f;
  f.agency = p.id;
  f.status = req.status();
  if (req.overdue_only()) f.overdue_before = Today();
  f.before_seq = *before;
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  pb::ListAddressedSuggestionsResponse resp;
  // A list shows the disclosed identities too: each is audited like a single read.
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    resp.Clear();
    ASSIGN_OR_RETURN(auto rows, repo_.List(tx, f));
    std::vector<SuggestionRow> page;
    resp.set_next_page_token(
        TakePage(rows, size, [&](SuggestionRow r) { page.push_back(std::move(r)); }));
    for (const SuggestionRow& r : page) {
      if (r.suggestion.identity_disclosed()) {
        RETURN_IF_ERROR(db::AppendAudit(tx, {.service = "aid",
                                             .actor = p.Name(),
                                             .action = "suggestion.identity_read",
                                             .entity_type = "suggestion",
                                             .entity_id = r.suggestion.suggestion_id(),
                                             .procuratorate = r.procuratorate,
                                             .request_id = "",
                                             .detail = "{}",
                                             .at = d_.clock->Now()}));
      }
      *resp.add_suggestions() = ForAgency(r);
    }
    return absl::OkStatus();
  }));
  return resp;
}

absl::StatusOr<pb::AgencySuggestion> SuggestionCore::GetAddressed(
    const Principal& p, const pb::GetAddressedSuggestionRequest& req) {
  RETURN_IF_ERROR(Admitted(p, kService, "GetAddressedSuggestion"));
  if (TenantOfId(req.suggestion_id()).empty()) {
    FieldErrors errors;
    errors.Add("suggestion_id", "is not a suggestion id");
    return errors.ToStatus();
  }
  pb::AgencySuggestion out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto found, repo_.Get(tx, req.suggestion_id(), false));
    if (!found.has_value() || found->suggestion.agency_code() != p.id ||
        found->suggestion.status() == pb::SUGGESTION_STATUS_DRAFT) {
      return NotAddressed();
    }
    if (found->suggestion.identity_disclosed()) {
      RETURN_IF_ERROR(db::AppendAudit(tx, {.service = "aid",
                                           .actor = p.Name(),
                                           .action = "suggestion.identity_read",
                                           .entity_type = "suggestion",
                                           .entity_id = req.suggestion_id(),
                                           .procuratorate = found->procuratorate,
                                           .request_id = "",
                                           .detail = "{}",
                                           .at = d_.clock->Now()}));
    }
    out = ForAgency(*found);
    return absl::OkStatus();
  }));
  return out;
}

absl::Status SuggestionCore::ReactToNeedFound(db::Tx& tx, const cpb::Event& e) {
  ASSIGN_OR_RETURN(visit::v1::NeedFound need, UnpackEventPayload<visit::v1::NeedFound>(e));
  const std::string procuratorate =
      need.procuratorate_code().empty() ? e.procuratorate_code() : need.procuratorate_code();
  if (need.need_id().empty() || need.case_id().empty() || !IsSixDigitCode(procuratorate)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "event ", e.event_id(), ": a need needs need_id, case_id and a procuratorate"));
  }
  const pb::MeasureKind measure = IsMeasure(need.kind()) ? need.kind() : pb::MEASURE_KIND_OTHER;
  SuggestionRow row;
  row.procuratorate = procuratorate;
  pb::Suggestion& s = row.suggestion;
  s.set_suggestion_id(NewAidId(*d_.ids, AidIdKind::kSuggestion, procuratorate));
  s.set_case_id(need.case_id());
  s.set_source_need_id(need.need_id());
  s.set_measure(measure);
  // No personal data travels in events: the caseworker writes the content when issuing.
  s.set_content(absl::StrCat("回访发现需求（", MeasureLabel(measure), need.urgent() ? "，紧急" : "",
                             "），请核实后填写建议内容并发送给相关单位。"));
  s.set_status(pb::SUGGESTION_STATUS_DRAFT);
  s.set_person_id(need.person_id());
  s.set_version(1);
  absl::Status inserted = repo_.Insert(tx, row);
  if (absl::IsAlreadyExists(inserted)) return absl::OkStatus();  // this need has its draft
  RETURN_IF_ERROR(inserted);
  // The visit service moves the need to SUGGESTED.
  db::OutboxEvent changed{.event_id = d_.ids->NewId("evt"),
                          .service = "aid",
                          .topic = kTopicSuggestionChanged,
                          .aggregate_id = s.suggestion_id(),
                          .procuratorate = procuratorate,
                          .occurred_at = d_.clock->Now()};
  RETURN_IF_ERROR(db::EnqueueEvent(tx, changed, SuggestionChangedOf(row, d_.clock->Now())));
  return db::AppendAudit(tx, {.service = "aid",
                              .actor = "service:visit",
                              .action = "suggestion.draft",
                              .entity_type = "suggestion",
                              .entity_id = s.suggestion_id(),
                              .procuratorate = procuratorate,
                              .request_id = e.event_id(),
                              .detail = absl::StrCat("{\"need\":\"", need.need_id(), "\"}"),
                              .at = d_.clock->Now()});
}

}  // namespace shouhu::aid
