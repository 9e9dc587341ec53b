// Text rendering of the visit records for the `shouhu visit ...` commands: the due list
// (the caseworker's first screen), plans with their slots, batch results and statistics.
// Other records go through the reflective renderer of order_render.h with the visit
// catalogue's labels.
#ifndef SHOUHU_CLI_VISIT_RENDER_H_
#define SHOUHU_CLI_VISIT_RENDER_H_

#include <string>
#include <vector>

#include "cli/catalog.h"
#include "cli/order_render.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::cli {

// A slot state in words; OVERDUE and MISSED highlighted (【逾期】, 【未回访】).
std::string SlotStateText(shouhu::visit::v1::SlotState state, Lang lang);

// The due list: one compact row per slot, soonest due first, with the count.
std::string RenderDueVisits(const shouhu::visit::v1::ListDueVisitsResponse& resp, Lang lang);

// A plan: its fields, then a table of its slots.
std::string RenderPlan(const shouhu::visit::v1::VisitPlan& plan, Lang lang);

// Any visit record, labelled from the visit catalogue.
std::string RenderVisitRecord(const google::protobuf::Message& record, Lang lang);
std::string RenderVisitTable(const std::vector<const google::protobuf::Message*>& rows,
                             const std::vector<const char*>& columns, Lang lang);

// One line per batch item (outcome, record or conflict id, violations) and a summary.
std::string RenderBatchResults(const shouhu::visit::v1::UploadBatchResponse& resp, Lang lang);

// Statistics rows; suppressed counts shown as "<5".
std::string RenderVisitStats(const shouhu::visit::v1::GetVisitStatisticsResponse& resp, Lang lang);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_VISIT_RENDER_H_
