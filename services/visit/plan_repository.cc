#include "visit/plan_repository.h"

#include <limits>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "visit/plan_sql.h"

namespace shouhu::visit {
namespace {

using namespace plan_sql;  // NOLINT(build/namespaces): the statements of this file

constexpr char kPlans[] = "visit_plans";
constexpr char kSlots[] = "visit_slots";

std::string DateOr(const ::shouhu::common::v1::Date& d) {
  return d.year() == 0 ? "" : DateString(d);
}
void ReadDate(sql::ResultSet& rs, const char* col, ::shouhu::common::v1::Date* out) {
  if (auto d = ParseDateString(db::GetStr(rs, col))) *out = FromCivilDay(*d);
}
int64_t Before(int64_t before_seq) {
  return before_seq > 0 ? before_seq : std::numeric_limits<int64_t>::max();
}
std::string SlotRow(const std::string& plan_id, int sequence) {
  return absl::StrCat(plan_id, "#", sequence);
}

}  // namespace

absl::StatusOr<pb::VisitPlan> PlanRepository::FromRow(sql::ResultSet& rs) const {
  const std::string id = db::GetStr(rs, "id");
  ASSIGN_OR_RETURN(std::string body, sealed_.Open(db::GetBlob(rs, "body_enc"), kPlans, id, "body"));
  pb::VisitPlan p;
  if (!p.ParseFromString(body))
    return absl::DataLossError(absl::StrCat("plan ", id, " unreadable"));
  p.set_version(rs.getInt64("version"));
  return p;
}

absl::Status PlanRepository::LoadSlots(db::Tx& tx, pb::VisitPlan& plan) const {
  plan.clear_slots();
  auto rs = tx.Sql(kSlotsOfPlan).Str(plan.plan_id()).Rows();
  while (rs->next()) {
    pb::VisitSlot* s = plan.add_slots();
    s->set_sequence(rs->getInt("sequence"));
    s->set_label(db::GetStr(*rs, "label"));
    s->set_suggested_kind(static_cast<pb::VisitKind>(rs->getInt("suggested_kind")));
    ReadDate(*rs, "opens_on", s->mutable_opens_on());
    ReadDate(*rs, "due_on", s->mutable_due_on());
    ReadDate(*rs, "expires_on", s->mutable_expires_on());
    s->set_state(static_cast<pb::SlotState>(rs->getInt("state")));
    s->set_visit_id(db::GetStr(*rs, "visit_id"));
    const std::string reason = db::GetBlob(*rs, "waive_reason_enc");
    if (!reason.empty()) {
      ASSIGN_OR_RETURN(
          std::string text,
          sealed_.Open(reason, kSlots, SlotRow(plan.plan_id(), s->sequence()), "waive_reason"));
      s->set_waive_reason(text);
      s->mutable_waived_by()->set_principal(db::GetStr(*rs, "waived_by"));
      s->mutable_waived_by()->set_display_name(db::GetStr(*rs, "waived_by_name"));
      s->mutable_waived_at()->set_unix_millis(rs->getInt64("waived_at_ms"));
    }
  }
  return absl::OkStatus();
}

absl::Status PlanRepository::InsertSlots(db::Tx& tx, const pb::VisitPlan& plan,
                                         const std::string& department) const {
  const bool active = plan.status() == pb::PLAN_STATUS_ACTIVE;
  for (const pb::VisitSlot& s : plan.slots()) {
    const bool pending = s.state() != pb::SLOT_STATE_DONE && s.state() != pb::SLOT_STATE_WAIVED;
    std::string reason;
    if (!s.waive_reason().empty()) {
      ASSIGN_OR_RETURN(reason, sealed_.Seal(s.waive_reason(), kSlots,
                                            SlotRow(plan.plan_id(), s.sequence()), "waive_reason"));
    }
    db::Query q = tx.Sql(kInsertSlot);
    q.Str(plan.plan_id())
        .Int(s.sequence())
        .Str(plan.procuratorate_code())
        .Str(plan.case_id())
        .Str(plan.assigned_to())
        .Str(s.label())
        .Int(s.suggested_kind())
        .Str(DateString(s.opens_on()))
        .Str(DateString(s.due_on()))
        .Str(DateString(s.expires_on()))
        .Int(pending ? 0 : s.state())
        .Int(pending && active ? 1 : 0)
        .StrOrNull(s.visit_id())
        .Null()
        .BlobOrNull(reason)
        .StrOrNull(s.waived_by().principal())
        .StrOrNull(s.waived_by().display_name());
    if (s.has_waived_at()) {
      q.Int(s.waived_at().unix_millis());
    } else {
      q.Null();
    }
    q.Str(department).Exec();
  }
  return absl::OkStatus();
}

absl::Status PlanRepository::Insert(db::Tx& tx, const pb::VisitPlan& plan,
                                    const std::string& dedupe_key, int64_t now_ms,
                                    const std::string& department) {
  pb::VisitPlan stored = plan;
  stored.clear_slots();
  stored.set_version(1);
  ASSIGN_OR_RETURN(std::string body,
                   sealed_.Seal(stored.SerializeAsString(), kPlans, plan.plan_id(), "body"));
  RETURN_IF_ERROR(tx.Sql(kInsertPlan)
                      .Str(plan.plan_id())
                      .Str(plan.procuratorate_code())
                      .Str(plan.case_id())
                      .Str(plan.subject_person_id())
                      .Int(plan.anchor_kind())
                      .Str(plan.anchor_ref())
                      .Str(DateString(plan.anchor_date()))
                      .StrOrNull(DateOr(plan.anchor_ends_on()))
                      .Str(plan.template_id())
                      .Int(plan.template_version())
                      .Int(plan.status())
                      .StrOrNull(plan.assigned_to())
                      .StrOrNull(dedupe_key)
                      .StrOrNull(plan.moved_from_plan_id())
                      .Blob(body)
                      .Int(now_ms)
                      .Int(now_ms)
                      .Str(department)
                      .ExecOrStatus()
                      .status());
  return InsertSlots(tx, plan, department);
}

absl::Status PlanRepository::SetDepartment(db::Tx& tx, const std::string& plan_id,
                                           const std::string& department) {
  tx.Sql(kSetPlanDepartment).Str(department).Str(plan_id).Exec();
  tx.Sql(kSetSlotsDepartment).Str(department).Str(plan_id).Exec();
  return absl::OkStatus();
}

absl::Status PlanRepository::Update(db::Tx& tx, const pb::VisitPlan& plan, int64_t expected_version,
                                    int64_t now_ms) {
  pb::VisitPlan stored = plan;
  stored.clear_slots();
  stored.set_version(expected_version + 1);
  ASSIGN_OR_RETURN(std::string body,
                   sealed_.Seal(stored.SerializeAsString(), kPlans, plan.plan_id(), "body"));
  const int64_t n = tx.Sql(kUpdatePlan)
                        .Int(plan.status())
                        .StrOrNull(plan.assigned_to())
                        .Blob(body)
                        .Int(now_ms)
                        .Str(plan.plan_id())
                        .Int(expected_version)
                        .Exec();
  if (n != 1) return absl::AbortedError("the plan changed meanwhile; read it again");
  tx.Sql(kRelinkSlots)
      .Str(plan.assigned_to())
      .Int(plan.status() == pb::PLAN_STATUS_ACTIVE ? 1 : 0)
      .Str(plan.plan_id())
      .Exec();
  return absl::OkStatus();
}

absl::Status PlanRepository::WaiveSlot(db::Tx& tx, const std::string& plan_id,
                                       const pb::VisitSlot& slot) {
  ASSIGN_OR_RETURN(
      std::string reason,
      sealed_.Seal(slot.waive_reason(), kSlots, SlotRow(plan_id, slot.sequence()), "waive_reason"));
  const int64_t n = tx.Sql(kWaiveSlot)
                        .Blob(reason)
                        .Str(slot.waived_by().principal())
                        .Str(slot.waived_by().display_name())
                        .Int(slot.waived_at().unix_millis())
                        .Str(plan_id)
                        .Int(slot.sequence())
                        .Exec();
  if (n != 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("slot_sequence: slot ", slot.sequence(), " is already done or waived"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<pb::VisitPlan>> PlanRepository::Get(db::Tx& tx, const std::string& id,
                                                                 bool lock) {
  auto rs = tx.Sql(lock ? kGetPlanForUpdate : kGetPlan).Str(id).Rows();
  if (!rs->next()) return std::optional<pb::VisitPlan>();
  ASSIGN_OR_RETURN(pb::VisitPlan p, FromRow(*rs));
  rs.reset();
  RETURN_IF_ERROR(LoadSlots(tx, p));
  return std::optional<pb::VisitPlan>(std::move(p));
}

absl::StatusOr<std::string> PlanRepository::DedupeKeyOf(db::Tx& tx, const std::string& id) {
  auto rs = tx.Sql(kGetPlan).Str(id).Rows();
  if (!rs->next()) return std::string();
  return db::GetStr(*rs, "dedupe_key");
}

absl::StatusOr<std::optional<std::string>> PlanRepository::FindByDedupe(db::Tx& tx,
                                                                        const std::string& key) {
  auto rs = tx.Sql(kPlanByDedupe).Str(key).Rows();
  if (!rs->next()) return std::optional<std::string>();
  return std::optional<std::string>(db::GetStr(*rs, "id"));
}

absl::StatusOr<std::vector<std::string>> PlanRepository::ActiveOfCase(db::Tx& tx,
                                                                      const std::string& case_id) {
  std::vector<std::string> out;
  auto rs = tx.Sql(kActivePlansOfCase).Str(case_id).Rows();
  while (rs->next()) out.push_back(db::GetStr(*rs, "id"));
  return out;
}

absl::Status PlanRepository::Delete(db::Tx& tx, const std::string& id) {
  tx.Sql(kDeleteSlots).Str(id).Exec();
  tx.Sql(kDeletePlan).Str(id).Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<int64_t, pb::VisitPlan>>> PlanRepository::List(
    db::Tx& tx, const PlanFilter& f) {
  std::string sql = kPlanCols;
  if (!f.case_id.empty()) {
    absl::StrAppend(&sql, kWhereCase);
  } else {
    absl::StrAppend(&sql, kWhereProc);
    if (!f.assigned_to.empty()) absl::StrAppend(&sql, kAndAssigned);
  }
  if (f.status != 0) absl::StrAppend(&sql, kAndStatus);
  absl::StrAppend(&sql, kBeforeSeq, kOrderBySeq);
  db::Query q = tx.Sql(sql);
  if (!f.case_id.empty()) {
    q.Str(f.case_id);
  } else {
    q.Str(f.procuratorate);
    if (!f.assigned_to.empty()) q.Str(f.assigned_to);
  }
  if (f.status != 0) q.Int(f.status);
  q.Int(Before(f.before_seq)).Int(f.limit);
  std::vector<std::pair<int64_t, pb::VisitPlan>> out;
  {
    auto rs = q.Rows();
    while (rs->next()) {
      ASSIGN_OR_RETURN(pb::VisitPlan p, FromRow(*rs));
      out.emplace_back(rs->getInt64("seq"), std::move(p));
    }
  }
  for (auto& [seq, p] : out) RETURN_IF_ERROR(LoadSlots(tx, p));
  return out;
}

absl::StatusOr<std::vector<DueRow>> PlanRepository::ListDue(db::Tx& tx, const DueFilter& f) {
  std::string sql = absl::StrCat(kDueCols, kDueWhere);
  if (!f.include_missed) absl::StrAppend(&sql, kDueNotMissed);
  if (f.after.has_value()) absl::StrAppend(&sql, kDueAfter);
  absl::StrAppend(&sql, kDueOrder);
  // A slot opens at most kMaxWindowDays before and expires at most that long after its
  // due date: the due dates to scan are bounded by today and the horizon.
  constexpr int kMaxWindow = 90;
  const absl::CivilDay last_due = f.today + std::max(kMaxWindow, f.horizon_days);
  db::Query q = tx.Sql(sql);
  q.Str(f.procuratorate)
      .Str(f.assigned_to)
      .Str(DateString(last_due))
      .Str(DateString(f.today))
      .Str(DateString(f.today + f.horizon_days));
  if (!f.include_missed) q.Str(DateString(f.today - kMaxWindow)).Str(DateString(f.today));
  if (f.after.has_value()) {
    q.Str(DateString(f.after->first)).Str(DateString(f.after->first)).Int(f.after->second);
  }
  q.Int(f.limit);
  std::vector<DueRow> out;
  // The slots of one plan repeat its body: each plan is opened once per page.
  absl::flat_hash_map<std::string, std::string> names;
  auto rs = q.Rows();
  while (rs->next()) {
    DueRow r;
    r.seq = rs->getInt64("seq");
    r.plan_id = db::GetStr(*rs, "plan_id");
    r.case_id = db::GetStr(*rs, "case_id");
    r.assigned_to = db::GetStr(*rs, "assigned_to");
    r.slot.set_sequence(rs->getInt("sequence"));
    r.slot.set_label(db::GetStr(*rs, "label"));
    r.slot.set_suggested_kind(static_cast<pb::VisitKind>(rs->getInt("suggested_kind")));
    ReadDate(*rs, "opens_on", r.slot.mutable_opens_on());
    ReadDate(*rs, "due_on", r.slot.mutable_due_on());
    ReadDate(*rs, "expires_on", r.slot.mutable_expires_on());
    auto [name, fresh] = names.try_emplace(r.plan_id);
    if (fresh) {
      ASSIGN_OR_RETURN(std::string body,
                       sealed_.Open(db::GetBlob(*rs, "body_enc"), kPlans, r.plan_id, "body"));
      pb::VisitPlan p;
      if (!p.ParseFromString(body)) {
        return absl::DataLossError(absl::StrCat("plan ", r.plan_id, " unreadable"));
      }
      name->second = p.subject_display_name();
    }
    r.subject_display_name = name->second;
    out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<std::vector<pb::ScheduleTemplate>> PlanRepository::Templates(
    db::Tx& tx, const std::string& procuratorate) {
  std::vector<pb::ScheduleTemplate> out;
  auto rs = tx.Sql(kTemplatesOf).Str(procuratorate).Rows();
  while (rs->next()) {
    pb::ScheduleTemplate t;
    if (!t.ParseFromString(db::GetBlob(*rs, "template_pb"))) {
      return absl::DataLossError("a schedule template is unreadable");
    }
    t.set_default_for_anchor(rs->getInt("default_for_anchor") != 0);
    t.set_version(rs->getInt64("version"));
    t.set_shipped(false);
    out.push_back(std::move(t));
  }
  return out;
}

absl::StatusOr<std::optional<pb::ScheduleTemplate>> PlanRepository::TemplateForUpdate(
    db::Tx& tx, const std::string& procuratorate, const std::string& template_id) {
  auto rs = tx.Sql(kTemplateForUpdate).Str(procuratorate).Str(template_id).Rows();
  if (!rs->next()) return std::optional<pb::ScheduleTemplate>();
  pb::ScheduleTemplate t;
  if (!t.ParseFromString(db::GetBlob(*rs, "template_pb"))) {
    return absl::DataLossError("the schedule template is unreadable");
  }
  t.set_default_for_anchor(rs->getInt("default_for_anchor") != 0);
  t.set_version(rs->getInt64("version"));
  return std::optional<pb::ScheduleTemplate>(std::move(t));
}

absl::Status PlanRepository::SaveTemplate(db::Tx& tx, const pb::ScheduleTemplate& t,
                                          int64_t expected_version, int64_t now_ms) {
  pb::ScheduleTemplate stored = t;
  stored.set_version(expected_version + 1);
  const std::string blob = stored.SerializeAsString();
  if (t.default_for_anchor()) {
    tx.Sql(kClearDefaults)
        .Str(t.procuratorate_code())
        .Int(t.anchor_kind())
        .Str(t.template_id())
        .Exec();
  }
  if (expected_version == 0) {
    return tx.Sql(kInsertTemplate)
        .Str(t.procuratorate_code())
        .Str(t.template_id())
        .Int(t.anchor_kind())
        .Int(t.default_for_anchor() ? 1 : 0)
        .Blob(blob)
        .Str(t.updated_by().principal())
        .Int(now_ms)
        .ExecOrStatus()
        .status();
  }
  const int64_t n = tx.Sql(kUpdateTemplate)
                        .Int(t.anchor_kind())
                        .Int(t.default_for_anchor() ? 1 : 0)
                        .Blob(blob)
                        .Str(t.updated_by().principal())
                        .Int(now_ms)
                        .Str(t.procuratorate_code())
                        .Str(t.template_id())
                        .Int(expected_version)
                        .Exec();
  if (n != 1) return absl::AbortedError("the template changed meanwhile; read it again");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<pb::VisitPolicy>> PlanRepository::Policy(
    db::Tx& tx, const std::string& procuratorate, bool lock) {
  auto rs = tx.Sql(lock ? kGetPolicyForUpdate : kGetPolicy).Str(procuratorate).Rows();
  if (!rs->next()) return std::optional<pb::VisitPolicy>();
  pb::VisitPolicy p;
  p.set_procuratorate_code(procuratorate);
  p.set_offline_grace_days(rs->getInt("offline_grace_days"));
  p.set_amend_window_days(rs->getInt("amend_window_days"));
  p.set_due_horizon_days(rs->getInt("due_horizon_days"));
  p.set_version(rs->getInt64("version"));
  return std::optional<pb::VisitPolicy>(std::move(p));
}

absl::Status PlanRepository::SavePolicy(db::Tx& tx, const pb::VisitPolicy& p,
                                        int64_t expected_version, int64_t now_ms) {
  if (expected_version == 0) {
    return tx.Sql(kInsertPolicy)
        .Str(p.procuratorate_code())
        .Int(p.offline_grace_days())
        .Int(p.amend_window_days())
        .Int(p.due_horizon_days())
        .Int(now_ms)
        .ExecOrStatus()
        .status();
  }
  const int64_t n = tx.Sql(kUpdatePolicy)
                        .Int(p.offline_grace_days())
                        .Int(p.amend_window_days())
                        .Int(p.due_horizon_days())
                        .Int(now_ms)
                        .Str(p.procuratorate_code())
                        .Int(expected_version)
                        .Exec();
  if (n != 1) return absl::AbortedError("the visit policy changed meanwhile; read it again");
  return absl::OkStatus();
}

}  // namespace shouhu::visit
