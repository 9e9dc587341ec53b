#include "cli/visit_render.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "cli/format.h"
#include "cli/visit_catalog.h"

namespace shouhu::cli {
namespace {

namespace vv1 = ::shouhu::visit::v1;
namespace cv1 = ::shouhu::common::v1;

std::tuple<int, int, int> Key(const cv1::Date& d) { return {d.year(), d.month(), d.day()}; }

std::string Window(const vv1::VisitSlot& slot) {
  return absl::StrCat(FormatDate(slot.opens_on()), "~", FormatDate(slot.expires_on()));
}

std::string Label(const char* field, Lang lang) { return VisitFieldLabel(field, lang); }

}  // namespace

std::string SlotStateText(vv1::SlotState state, Lang lang) {
  if (state == vv1::SLOT_STATE_OVERDUE) return msg::kStateOverdue(lang);
  if (state == vv1::SLOT_STATE_MISSED) return msg::kStateMissed(lang);
  return EnumName(vv1::SlotState_descriptor(), state, lang);
}

std::string RenderDueVisits(const vv1::ListDueVisitsResponse& resp, Lang lang) {
  if (resp.visits().empty()) return absl::StrCat(msg::kNoDueVisits(lang), "\n");
  std::vector<const vv1::DueVisit*> rows;
  for (const vv1::DueVisit& v : resp.visits()) rows.push_back(&v);
  std::stable_sort(rows.begin(), rows.end(), [](const vv1::DueVisit* a, const vv1::DueVisit* b) {
    return Key(a->slot().due_on()) < Key(b->slot().due_on());
  });
  const bool en = lang == Lang::kEn;
  Table table({Label("due_on", lang), Label("state", lang), Label("subject_display_name", lang),
               Label("case_id", lang), Label("label", lang), en ? "Window" : "可访期间",
               Label("plan_id", lang), Label("assigned_to", lang)});
  for (const vv1::DueVisit* v : rows) {
    table.AddRow({FormatDate(v->slot().due_on()), SlotStateText(v->slot().state(), lang),
                  v->subject_display_name(), v->case_id(), v->slot().label(), Window(v->slot()),
                  absl::StrCat(v->plan_id(), "#", v->slot().sequence()), v->assigned_to()});
  }
  return absl::StrCat(table.Render(), absl::Substitute(msg::kCount(lang), rows.size()), "\n");
}

std::string RenderPlan(const vv1::VisitPlan& plan, Lang lang) {
  vv1::VisitPlan head = plan;
  head.clear_slots();
  Table table({Label("sequence", lang), Label("label", lang), Label("due_on", lang),
               lang == Lang::kEn ? "Window" : "可访期间", Label("state", lang),
               Label("visit_id", lang), Label("waive_reason", lang)});
  for (const vv1::VisitSlot& s : plan.slots()) {
    table.AddRow({absl::StrCat(s.sequence()), s.label(), FormatDate(s.due_on()), Window(s),
                  SlotStateText(s.state(), lang), s.visit_id(), s.waive_reason()});
  }
  return absl::StrCat(RenderVisitRecord(head, lang), "\n", Label("slots", lang),
                      lang == Lang::kEn ? ":\n" : "：\n", table.Render());
}

std::string RenderVisitRecord(const google::protobuf::Message& record, Lang lang) {
  return RenderOrderRecord(record, lang, &VisitFieldLabel);
}

std::string RenderVisitTable(const std::vector<const google::protobuf::Message*>& rows,
                             const std::vector<const char*>& columns, Lang lang) {
  return RenderOrderTable(rows, columns, lang, &VisitFieldLabel);
}

std::string RenderBatchResults(const vv1::UploadBatchResponse& resp, Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out;
  int counts[5] = {0, 0, 0, 0, 0};
  for (const vv1::BatchItemResult& r : resp.results()) {
    if (r.outcome() >= 0 && r.outcome() < 5) ++counts[r.outcome()];
    std::vector<std::string> parts = {r.client_id(),
                                      EnumName(vv1::BatchOutcome_descriptor(), r.outcome(), lang)};
    if (!r.record_id().empty()) parts.push_back(r.record_id());
    if (!r.conflict_id().empty()) parts.push_back(r.conflict_id());
    std::vector<std::string> violations;
    for (const cv1::FieldViolation& v : r.violations()) {
      violations.push_back(v.field().empty()
                               ? v.description()
                               : absl::StrCat(v.field(), en ? ": " : "：", v.description()));
    }
    if (!violations.empty()) parts.push_back(absl::StrJoin(violations, en ? "; " : "；"));
    if (violations.empty() && !r.message().empty()) parts.push_back(r.message());
    absl::StrAppend(&out, absl::StrJoin(parts, "  "), "\n");
  }
  absl::StrAppend(
      &out,
      absl::Substitute(msg::kBatchSummary(lang), resp.results_size(),
                       counts[vv1::BATCH_OUTCOME_CREATED], counts[vv1::BATCH_OUTCOME_REPLAYED],
                       counts[vv1::BATCH_OUTCOME_CONFLICT], counts[vv1::BATCH_OUTCOME_REJECTED]),
      "\n");
  return out;
}

namespace {

// A row's group key as shown: the service's fixed keys "unassigned" (no department yet) and
// "volunteer" (volunteers' reports and needs) in the chosen language, others as they are.
std::string GroupKeyText(const std::string& key, Lang lang) {
  if (key == "unassigned") return lang == Lang::kEn ? "unassigned" : "未分配";
  if (key == "volunteer") return lang == Lang::kEn ? "volunteer" : "志愿者";
  return key;
}

}  // namespace

std::string RenderVisitStats(const vv1::GetVisitStatisticsResponse& resp, Lang lang) {
  const char* kCounts[] = {"slots_due", "done_on_time", "done_late",   "overdue",
                           "missed",    "waived",       "needs_found", "volunteer_reports"};
  std::vector<std::string> header = {Label("period", lang), Label("group_key", lang)};
  for (const char* c : kCounts) header.push_back(Label(c, lang));
  Table table(header);
  std::string needs;
  for (const vv1::VisitStatisticsRow& row : resp.rows()) {
    auto n = [&](int64_t v) {
      return row.suppressed() ? std::string(msg::kStatSuppressed(lang)) : absl::StrCat(v);
    };
    const std::string key = GroupKeyText(row.group_key(), lang);
    table.AddRow({row.period(), key, n(row.slots_due()), n(row.done_on_time()), n(row.done_late()),
                  n(row.overdue()), n(row.missed()), n(row.waived()), n(row.needs_found()),
                  n(row.volunteer_reports())});
    for (const vv1::NeedCount& c : row.needs()) {
      absl::StrAppend(&needs, "  ", row.period(), key.empty() ? "" : " ", key, "  ",
                      EnumName(shouhu::aid::v1::MeasureKind_descriptor(), c.kind(), lang), "  ",
                      EnumName(vv1::NeedStatus_descriptor(), c.status(), lang), "  ",
                      c.suppressed() || row.suppressed() ? std::string(msg::kStatSuppressed(lang))
                                                         : absl::StrCat(c.count()),
                      "\n");
    }
  }
  std::string out =
      absl::StrCat(table.Render(), absl::Substitute(msg::kCount(lang), resp.rows_size()), "\n");
  if (!needs.empty()) {
    absl::StrAppend(&out, "\n", Label("needs", lang), lang == Lang::kEn ? ":\n" : "：\n", needs);
  }
  return out;
}

}  // namespace shouhu::cli
