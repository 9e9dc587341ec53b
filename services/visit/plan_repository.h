// Storage of plans, their slots and the schedule templates (migration 0016). The plan
// without its slots is stored sealed (body_enc: masked name, cancel reason, actors); the
// columns repeat what lists and the due read select on. Slots are rows with their dates
// and the stored state (pending, DONE, WAIVED); the waive reason is sealed. Every function
// runs in the caller's transaction.
#ifndef SHOUHU_VISIT_PLAN_REPOSITORY_H_
#define SHOUHU_VISIT_PLAN_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

namespace pb = ::shouhu::visit::v1;

struct PlanFilter {
  std::string procuratorate;
  std::string case_id;  // non-empty: the case's plans (any procuratorate check is the caller's)
  std::string assigned_to;
  int status = 0;
  int64_t before_seq = 0;  // 0: the first page
  int limit = 51;
};

struct DueFilter {
  std::string procuratorate;
  std::string assigned_to;
  absl::CivilDay today;
  int horizon_days = 0;
  bool include_missed = false;
  // After this (due_on, seq) (the page token), if set.
  std::optional<std::pair<absl::CivilDay, int64_t>> after;
  int limit = 51;
};

// One row of the due read: the slot (stored state), its plan and the slot's seq.
struct DueRow {
  int64_t seq = 0;
  std::string plan_id;
  std::string case_id;
  std::string assigned_to;
  std::string subject_display_name;
  pb::VisitSlot slot;
};

class PlanRepository {
 public:
  explicit PlanRepository(const FieldCipher* cipher) : sealed_(cipher) {}

  // A new plan (version 1) and its slots. `dedupe_key` non-empty for plans from events
  // (ALREADY_EXISTS when a plan of that key exists). `department`: the maker's (statistics;
  // '' for plans from events), on the plan and its slots.
  absl::Status Insert(db::Tx& tx, const pb::VisitPlan& plan, const std::string& dedupe_key,
                      int64_t now_ms, const std::string& department);
  // AssignPlan: the plan and its slots now count under `department` (the assigner's).
  absl::Status SetDepartment(db::Tx& tx, const std::string& plan_id, const std::string& department);
  // Replaces the plan's row (not its slots' dates) and relinks its slots (assignee, live);
  // ABORTED when its version is no longer `expected_version`.
  absl::Status Update(db::Tx& tx, const pb::VisitPlan& plan, int64_t expected_version,
                      int64_t now_ms);
  // Waives a pending slot; FAILED_PRECONDITION when it is not pending.
  absl::Status WaiveSlot(db::Tx& tx, const std::string& plan_id, const pb::VisitSlot& slot);
  // With its current version and its slots (stored states); `lock`: FOR UPDATE.
  absl::StatusOr<std::optional<pb::VisitPlan>> Get(db::Tx& tx, const std::string& id, bool lock);
  // The dedupe key of the plan (empty for plans made by hand).
  absl::StatusOr<std::string> DedupeKeyOf(db::Tx& tx, const std::string& id);
  // The plan made from the anchor `dedupe_key`, if any.
  absl::StatusOr<std::optional<std::string>> FindByDedupe(db::Tx& tx, const std::string& key);
  // The ids of the case's ACTIVE plans, oldest first.
  absl::StatusOr<std::vector<std::string>> ActiveOfCase(db::Tx& tx, const std::string& case_id);
  // Removes a plan and its slots (case.transferred moves it under a new id).
  absl::Status Delete(db::Tx& tx, const std::string& id);
  // (seq, plan with slots) newest first, at most filter.limit.
  absl::StatusOr<std::vector<std::pair<int64_t, pb::VisitPlan>>> List(db::Tx& tx,
                                                                      const PlanFilter& f);
  // Live slots of an assignee, soonest due first, at most filter.limit.
  absl::StatusOr<std::vector<DueRow>> ListDue(db::Tx& tx, const DueFilter& f);

  // The procuratorate's own templates (not the shipped ones), by id.
  absl::StatusOr<std::vector<pb::ScheduleTemplate>> Templates(db::Tx& tx,
                                                              const std::string& procuratorate);
  // One own template, locked; nullopt when the procuratorate has none of that id.
  absl::StatusOr<std::optional<pb::ScheduleTemplate>> TemplateForUpdate(
      db::Tx& tx, const std::string& procuratorate, const std::string& template_id);
  // Creates (expected_version 0) or replaces a template (ABORTED when stale); a default
  // clears the procuratorate's other defaults of the anchor.
  absl::Status SaveTemplate(db::Tx& tx, const pb::ScheduleTemplate& t, int64_t expected_version,
                            int64_t now_ms);

  // The procuratorate's stored settings (nullopt: it has the defaults); `lock`: FOR UPDATE.
  absl::StatusOr<std::optional<pb::VisitPolicy>> Policy(db::Tx& tx,
                                                        const std::string& procuratorate,
                                                        bool lock);
  // Creates (expected_version 0) or replaces the settings (ABORTED when stale).
  absl::Status SavePolicy(db::Tx& tx, const pb::VisitPolicy& p, int64_t expected_version,
                          int64_t now_ms);

 private:
  absl::StatusOr<pb::VisitPlan> FromRow(sql::ResultSet& rs) const;
  absl::Status LoadSlots(db::Tx& tx, pb::VisitPlan& plan) const;
  absl::Status InsertSlots(db::Tx& tx, const pb::VisitPlan& plan,
                           const std::string& department) const;
  SealedFields sealed_;
};

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_PLAN_REPOSITORY_H_
