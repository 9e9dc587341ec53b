// The visit commands of visit records, amendments, needs, conflicts and statistics.
#include <string>
#include <vector>

#include "absl/strings/substitute.h"
#include "cli/args.h"
#include "cli/runner_impl.h"
#include "cli/visit_catalog.h"
#include "cli/visit_render.h"
#include "cli/visit_runner.h"

namespace shouhu::cli {
namespace {

namespace vv1 = ::shouhu::visit::v1;
using VisitStub = vv1::VisitService::StubInterface;

}  // namespace

std::optional<int64_t> VisitRunner::VisitVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  vv1::GetVisitRequest req;
  req.set_visit_id(id);
  vv1::Visit v;
  if (!r_.Call(r_.stubs_.visits, &VisitStub::GetVisit, req, &v, false)) return std::nullopt;
  return v.version();
}

std::optional<int64_t> VisitRunner::ConflictVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  // There is no GetConflict: the unresolved conflicts are searched for it.
  vv1::ListConflictsRequest req;
  req.set_unresolved_only(true);
  req.set_page_size(200);
  for (;;) {
    vv1::ListConflictsResponse page;
    if (!r_.Call(r_.stubs_.visits, &VisitStub::ListConflicts, req, &page, false)) {
      return std::nullopt;
    }
    for (const vv1::VisitConflict& c : page.conflicts()) {
      if (c.conflict_id() == id) return c.version();
    }
    if (page.next_page_token().empty() || page.next_page_token() == req.page_token()) break;
    req.set_page_token(page.next_page_token());
  }
  r_.err_ << absl::Substitute(msg::kConflictNotFound(lang_), id) << "\n";
  return std::nullopt;
}

int VisitRunner::Record() {
  vv1::RecordVisitRequest req;
  const bool from_file = !inv_.args.empty();
  if (from_file && !r_.ReadJson(inv_.args[0], &req)) return kExitUsage;
  if (inv_.Has("case")) req.set_case_id(inv_.Get("case"));
  if (inv_.Has("plan")) {
    req.set_plan_id(inv_.Get("plan"));
    req.set_slot_sequence(static_cast<int32_t>(inv_.Int("slot", 0)));
  }
  if (inv_.Has("kind")) req.set_kind(EnumArg<vv1::VisitKind>("VISIT_KIND_", inv_.Get("kind")));
  if (inv_.Has("on")) *req.mutable_visited_on() = DateOpt("on");
  if (!from_file) {
    if (int code = Ask(&req); code != kExitOk) return code;
  }
  req.set_request_id(RequestIdOf(req.request_id()));
  vv1::Visit v;
  if (!r_.Call(r_.stubs_.visits, &VisitStub::RecordVisit, req, &v, true)) return kExitRpcError;
  return Done(v, msg::kDoneVisitRecorded);
}

int VisitRunner::ShowVisit() {
  vv1::GetVisitRequest req;
  req.set_visit_id(inv_.args[0]);
  vv1::Visit v;
  if (!r_.Call(r_.stubs_.visits, &VisitStub::GetVisit, req, &v, false)) return kExitRpcError;
  return Show(v);
}

int VisitRunner::Visits() {
  vv1::ListVisitsRequest req;
  req.set_case_id(inv_.args[0]);
  vv1::ListVisitsResponse resp;
  if (!r_.Page(r_.stubs_.visits, &VisitStub::ListVisits, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] {
    return RenderVisitTable(
        RowsOf(resp.visits()),
        {"visit_id", "visited_on", "kind", "plan_id", "slot_sequence", "recorded_by", "amendments"},
        lang_);
  });
}

int VisitRunner::Amend() {
  vv1::AmendVisitRequest req;
  if (!r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  std::optional<int64_t> version = VisitVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  req.set_request_id(RequestIdOf(req.request_id()));
  req.set_visit_id(inv_.args[0]);
  req.set_version(*version);
  if (inv_.Has("reason")) req.set_reason(inv_.Get("reason"));
  vv1::Visit v;
  if (!r_.Call(r_.stubs_.visits, &VisitStub::AmendVisit, req, &v, true)) return kExitRpcError;
  return Done(v, msg::kDoneVisitAmended);
}

int VisitRunner::Amendments() {
  vv1::ListAmendmentsRequest req;
  req.set_record_id(inv_.args[0]);
  vv1::ListAmendmentsResponse resp;
  if (!r_.Page(r_.stubs_.visits, &VisitStub::ListAmendments, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] {
    return RenderVisitTable(RowsOf(resp.amendments()),
                            {"sequence", "amended_at", "amended_by", "reason", "changed_fields"},
                            lang_);
  });
}

int VisitRunner::Needs() {
  vv1::ListNeedsRequest req;
  req.set_case_id(inv_.args[0]);
  if (inv_.Has("status")) {
    req.set_status(EnumArg<vv1::NeedStatus>("NEED_STATUS_", inv_.Get("status")));
  }
  vv1::ListNeedsResponse resp;
  if (!r_.Page(r_.stubs_.visits, &VisitStub::ListNeeds, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] {
    return RenderVisitTable(RowsOf(resp.needs()),
                            {"need_id", "kind", "status", "urgent", "description", "visit_id",
                             "report_id", "suggestion_id"},
                            lang_);
  });
}

int VisitRunner::WithdrawNeed() {
  vv1::WithdrawNeedRequest req;
  req.set_request_id(r_.request_id_);
  req.set_need_id(inv_.args[0]);
  req.set_reason(inv_.Get("reason"));
  vv1::Need n;
  if (!r_.Call(r_.stubs_.visits, &VisitStub::WithdrawNeed, req, &n, true)) return kExitRpcError;
  return Done(n, msg::kDoneNeedWithdrawn);
}

int VisitRunner::Conflicts() {
  vv1::ListConflictsRequest req;
  req.set_case_id(inv_.Get("case"));
  req.set_unresolved_only(inv_.Flag("unresolved"));
  vv1::ListConflictsResponse resp;
  if (!r_.Page(r_.stubs_.visits, &VisitStub::ListConflicts, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] {
    return RenderVisitTable(RowsOf(resp.conflicts()),
                            {"conflict_id", "case_id", "client_id", "reason", "uploaded_by",
                             "uploaded_at", "resolved", "resolution", "record_id"},
                            lang_);
  });
}

int VisitRunner::Resolve() {
  std::optional<int64_t> version = ConflictVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  vv1::ResolveConflictRequest req;
  req.set_request_id(r_.request_id_);
  req.set_conflict_id(inv_.args[0]);
  req.set_version(*version);
  req.set_resolution(EnumArg<vv1::ConflictResolution>("CONFLICT_RESOLUTION_", inv_.args[1]));
  req.set_note(inv_.Get("note"));
  vv1::VisitConflict c;
  if (!r_.Call(r_.stubs_.visits, &VisitStub::ResolveConflict, req, &c, true)) {
    return kExitRpcError;
  }
  return Done(c, msg::kDoneConflictResolved);
}

int VisitRunner::Stats() {
  vv1::GetVisitStatisticsRequest req;
  req.set_period(EnumArg<vv1::StatisticsPeriod>("STATISTICS_PERIOD_", inv_.Get("period")));
  req.set_year(static_cast<int32_t>(inv_.Int("year", 0)));
  if (req.period() != vv1::STATISTICS_PERIOD_YEAR) {
    req.set_first_period(static_cast<int32_t>(inv_.Int("first", 1)));
  }
  req.set_period_count(static_cast<int32_t>(inv_.Int("count", 1)));
  if (inv_.Has("grouping")) {
    req.set_grouping(
        EnumArg<vv1::StatisticsGrouping>("STATISTICS_GROUPING_", inv_.Get("grouping")));
  }
  vv1::GetVisitStatisticsResponse resp;
  if (!r_.Call(r_.stubs_.visits, &VisitStub::GetVisitStatistics, req, &resp, false)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] { return RenderVisitStats(resp, lang_); });
}

}  // namespace shouhu::cli
