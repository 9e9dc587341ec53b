// WriteVisitPlanBatch (bench_visit.h): the plan rows of the visit fills, sealed as the plan
// repository seals them, and their slots, in one transaction.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/bench_visit.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"

namespace shouhu::bench {
namespace {

constexpr char kInsertPlans[] =
    "INSERT INTO visit_plans (id, procuratorate_code, case_id, subject_person_id, anchor_kind,"
    " anchor_ref, anchor_date, template_id, template_version, status, assigned_to, body_enc,"
    " created_at_ms, updated_at_ms, version) VALUES ";
constexpr char kPlanRow[] = "(?, ?, ?, ?, ?, ?, ?, '', 0, ?, ?, ?, ?, ?, 1)";

}  // namespace

absl::Status WriteVisitPlanBatch(db::ConnectionPool& pool, const FieldCipher& cipher,
                                 const std::vector<visit::v1::VisitPlan>& plans, int64_t now_ms,
                                 const std::string& slots_sql,
                                 const std::function<void(db::Query&)>& bind_slots) {
  if (plans.empty()) return absl::OkStatus();
  const SealedFields sealed(&cipher);
  std::string sql = kInsertPlans;
  std::vector<std::string> bodies;
  bodies.reserve(plans.size());
  for (const visit::v1::VisitPlan& p : plans) {
    ASSIGN_OR_RETURN(std::string body,
                     sealed.Seal(p.SerializeAsString(), "visit_plans", p.plan_id(), "body"));
    bodies.push_back(std::move(body));
    absl::StrAppend(&sql, bodies.size() == 1 ? "" : ", ", kPlanRow);
  }
  return db::RunInTransaction(pool, [&](db::Tx& tx) -> absl::Status {
    db::Query q = tx.Sql(sql);
    for (size_t i = 0; i < plans.size(); ++i) {
      const visit::v1::VisitPlan& p = plans[i];
      q.Str(p.plan_id())
          .Str(p.procuratorate_code())
          .Str(p.case_id())
          .Str(p.subject_person_id())
          .Int(p.anchor_kind())
          .Str(p.anchor_ref())
          .Str(DateString(p.anchor_date()))
          .Int(p.status())
          .Str(p.assigned_to())
          .Blob(bodies[i])
          .Int(now_ms)
          .Int(now_ms);
    }
    q.Exec();
    db::Query slots = tx.Sql(slots_sql);
    bind_slots(slots);
    slots.Exec();
    return absl::OkStatus();
  });
}

}  // namespace shouhu::bench
