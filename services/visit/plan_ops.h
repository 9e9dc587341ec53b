// Visit plans and schedule templates (VisitPlanService), independent of gRPC (plan_grpc.cc
// only binds them behind the visit access table), and the reactions to other services'
// events that make, end and move plans. Every change runs through the mutation pipeline:
// idempotent by request id, version-checked (stale: ABORTED), audited. Bad input is
// INVALID_ARGUMENT naming the field with nothing written; ids of another procuratorate
// are refused from the id alone (PERMISSION_DENIED); unknown ids are NOT_FOUND. Slot
// states are computed at read time (schedule.h) from the injected clock's China date.
#ifndef SHOUHU_VISIT_PLAN_OPS_H_
#define SHOUHU_VISIT_PLAN_OPS_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/db/mutation.h"
#include "common/server/access_policy.h"
#include "common/server/principal.h"
#include "shouhu/common/v1/common.pb.h"
#include "visit/deps.h"
#include "visit/plan_repository.h"

namespace shouhu::visit {

// Consumed topics.
inline constexpr char kTopicAidPaid[] = "aid.paid";
inline constexpr char kTopicOrderIssued[] = "order.issued";
inline constexpr char kTopicOrderEnded[] = "order.ended";
inline constexpr char kTopicCaseClosed[] = "case.closed";
inline constexpr char kTopicCaseTransferred[] = "case.transferred";

// What a plan made from an event is anchored on.
struct Anchor {
  pb::AnchorKind kind = pb::ANCHOR_KIND_UNSPECIFIED;
  std::string ref;         // application, order or case id
  std::string dedupe_key;  // "<kind>:<ref>": one plan per anchor
  std::string case_id;
  std::string procuratorate;
  std::string subject_person_id;
  std::string assigned_to;
  absl::CivilDay date;
  std::optional<absl::CivilDay> ends_on;
};

// The dedupe key of a plan made from an anchor ("aid:<application id>", ...).
std::string AnchorKey(pb::AnchorKind kind, const std::string& ref);

class PlanCore {
 public:
  explicit PlanCore(const VisitDeps& deps);

  // --- Plans (plan_ops.cc) -----------------------------------------------------------
  absl::StatusOr<pb::VisitPlan> CreatePlan(const Principal& p, const pb::CreatePlanRequest& req);
  absl::StatusOr<pb::VisitPlan> WaiveSlot(const Principal& p, const pb::WaiveSlotRequest& req);
  absl::StatusOr<pb::VisitPlan> CancelPlan(const Principal& p, const pb::CancelPlanRequest& req);
  absl::StatusOr<pb::VisitPlan> AssignPlan(const Principal& p, const pb::AssignPlanRequest& req);

  // --- Reads (plan_reads.cc) ---------------------------------------------------------
  absl::StatusOr<pb::VisitPlan> GetPlan(const Principal& p, const pb::GetPlanRequest& req);
  absl::StatusOr<pb::ListPlansResponse> ListPlans(const Principal& p,
                                                  const pb::ListPlansRequest& req);
  // Open, overdue (and optionally coming up within horizon_days, and missed) slots of one
  // caseworker's ACTIVE plans, soonest due first. assigned_to: empty or the caller; a
  // department head may name any caseworker.
  absl::StatusOr<pb::ListDueVisitsResponse> ListDueVisits(const Principal& p,
                                                          const pb::ListDueVisitsRequest& req);

  // --- Templates and settings (plan_templates.cc) -----------------------------------
  absl::StatusOr<pb::ScheduleTemplate> UpsertScheduleTemplate(
      const Principal& p, const pb::UpsertScheduleTemplateRequest& req);
  absl::StatusOr<pb::ListScheduleTemplatesResponse> ListScheduleTemplates(
      const Principal& p, const pb::ListScheduleTemplatesRequest& req);
  // The procuratorate's settings (the defaults, version 0, until an admin changes them).
  absl::StatusOr<pb::VisitPolicy> GetVisitPolicy(const Principal& p,
                                                 const pb::GetVisitPolicyRequest& req);
  absl::StatusOr<pb::VisitPolicy> UpdateVisitPolicy(const Principal& p,
                                                    const pb::UpdateVisitPolicyRequest& req);

  // --- Events (plan_events.cc) -------------------------------------------------------
  // aid.paid (first payment of an application), order.issued and case.closed make a plan
  // from the procuratorate's default template of the anchor, once per anchor (a
  // redelivered or repeated event finds it); case.closed only when the case has no ACTIVE
  // plan (and not for a merged case). order.ended ends the plan of the order.
  // case.transferred moves the case's ACTIVE plans under new ids, unassigned. Audited
  // with the event id as request id. Other topics are ignored.
  absl::Status ReactToEvent(db::Tx& tx, const cpb::Event& e);

  // The plan as returned: slot states and `finished` computed for `today`.
  static pb::VisitPlan View(pb::VisitPlan plan, absl::CivilDay today);

 private:
  // A change of one existing plan: checks request id, id and version (INVALID_ARGUMENT
  // naming the field), the id's tenant, then in the pipeline: the row (NOT_FOUND), the
  // version (ABORTED), the plan ACTIVE (FAILED_PRECONDITION), the record condition
  // `cond` (if any), `fn`, the row update and the audit record `action`.
  using ChangeFn = std::function<absl::Status(db::Mutation& m, pb::VisitPlan& plan)>;
  absl::StatusOr<pb::VisitPlan> Change(const Principal& p, const char* method,
                                       const google::protobuf::Message& req,
                                       const std::string& request_id, const std::string& plan_id,
                                       int64_t version, const AccessCondition* cond,
                                       const char* action, const ChangeFn& fn);
  // The template `template_id` of `procuratorate` (own or shipped), or its default for
  // `anchor` when `template_id` is empty (the shipped one when it has none).
  absl::StatusOr<std::optional<pb::ScheduleTemplate>> FindTemplate(db::Tx& tx,
                                                                   const std::string& procuratorate,
                                                                   const std::string& template_id,
                                                                   pb::AnchorKind anchor);
  // A plan from an event's anchor (nothing when the anchor already has one).
  absl::Status PlanFromAnchor(db::Tx& tx, const cpb::Event& e, const Anchor& a);
  absl::Status OnAidPaid(db::Tx& tx, const cpb::Event& e);
  absl::Status OnOrderIssued(db::Tx& tx, const cpb::Event& e);
  absl::Status OnOrderEnded(db::Tx& tx, const cpb::Event& e);
  absl::Status OnCaseClosed(db::Tx& tx, const cpb::Event& e);
  absl::Status OnCaseTransferred(db::Tx& tx, const cpb::Event& e);
  // The masked name of a person from the case hub ("" when it cannot say).
  std::string DisplayName(const std::string& person_id) const;
  absl::CivilDay Today() const;

  VisitDeps d_;
  db::MutationRunner mutations_;
  PlanRepository repo_;
};

// What the operations record about the caller.
cpb::Actor ActorOf(const Principal& p);
// The record facts the access conditions are checked on.
RecordFacts FactsOf(const pb::VisitPlan& plan);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_PLAN_OPS_H_
