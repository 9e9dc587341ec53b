// PlanCore: schedule templates per procuratorate (admin), over the shipped defaults.
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "visit/plan_ops.h"
#include "visit/schedule.h"

namespace shouhu::visit {

absl::StatusOr<pb::ScheduleTemplate> PlanCore::UpsertScheduleTemplate(
    const Principal& p, const pb::UpsertScheduleTemplateRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (!req.has_template_()) {
    e.Add("template", "required");
  } else {
    CheckTemplate(e, req.template_(), p.procuratorate);
  }
  RETURN_IF_ERROR(e.ToStatus());
  // The longest schedule the items can make (no anchor end) must fit in a plan.
  RETURN_IF_ERROR(ExpandSlots(req.template_().items(), absl::CivilDay(2000, 1, 1), std::nullopt,
                              "template.items")
                      .status());
  return mutations_.Run<pb::ScheduleTemplate>(
      {.actor = p.Name(), .method = "UpsertScheduleTemplate", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::ScheduleTemplate> {
        pb::ScheduleTemplate t = req.template_();
        t.set_procuratorate_code(p.procuratorate);
        t.set_shipped(false);
        ASSIGN_OR_RETURN(std::optional<pb::ScheduleTemplate> current,
                         repo_.TemplateForUpdate(m.tx(), p.procuratorate, t.template_id()));
        if (current.has_value()) {
          RETURN_IF_ERROR(m.CheckVersion(current->version(), t.version()));
        } else if (t.version() != 0) {
          return absl::NotFoundError(absl::StrCat("no template ", t.template_id(),
                                                  " of this procuratorate to change; version 0 "
                                                  "creates it"));
        }
        *t.mutable_updated_by() = ActorOf(p);
        *t.mutable_updated_at() = ToTimestamp(m.now());
        const int64_t expected = t.version();
        RETURN_IF_ERROR(repo_.SaveTemplate(m.tx(), t, expected, absl::ToUnixMillis(m.now())));
        RETURN_IF_ERROR(m.Audit("visit.template.upsert", "visit_template",
                                absl::StrCat(p.procuratorate, "/", t.template_id()),
                                p.procuratorate));
        t.set_version(expected + 1);
        return t;
      });
}

absl::StatusOr<pb::ListScheduleTemplatesResponse> PlanCore::ListScheduleTemplates(
    const Principal& p, const pb::ListScheduleTemplatesRequest& req) {
  if (!req.procuratorate_code().empty() && req.procuratorate_code() != p.procuratorate) {
    return absl::PermissionDeniedError("the templates of another procuratorate");
  }
  std::vector<pb::ScheduleTemplate> own;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(own,
                                                          repo_.Templates(tx, p.procuratorate));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  pb::ListScheduleTemplatesResponse out;
  for (pb::ScheduleTemplate& t : MergeTemplates(ShippedTemplates(p.procuratorate), own)) {
    *out.add_templates() = std::move(t);
  }
  return out;
}

}  // namespace shouhu::visit
