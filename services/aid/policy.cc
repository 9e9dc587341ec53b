#include "aid/policy.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/server/principal.h"

namespace shouhu::aid {
namespace {

void AddStep(pb::AidPolicy& p, pb::ApprovalStep step, const char* role,
             std::initializer_list<const char*> titles) {
  pb::StepActors* s = p.add_step_actors();
  s->set_step(step);
  s->set_role(role);
  for (const char* t : titles) s->add_titles(t);
}

void CheckRange(FieldErrors& errors, const char* field, int64_t v, int64_t lo, int64_t hi) {
  if (v < lo || v > hi) errors.Add(field, absl::StrCat("must be ", lo, "-", hi));
}

}  // namespace

pb::AidPolicy DefaultPolicy(absl::string_view procuratorate_code) {
  pb::AidPolicy p;
  p.set_procuratorate_code(std::string(procuratorate_code));
  p.set_committee_threshold_fen(1'000'000);
  p.set_cap_months(36);
  p.set_decision_working_days(10);
  p.set_notify_working_days(2);
  p.set_emergency_paperwork_working_days(10);
  p.set_suggestion_reply_working_days(5);
  p.set_emergency_cap_fen(2'000'000);
  p.set_version(0);
  AddStep(p, pb::APPROVAL_STEP_PROPOSAL, "caseworker", {});
  AddStep(p, pb::APPROVAL_STEP_HEAD_REVIEW, "department_head", {});
  for (pb::ApprovalStep s : {pb::APPROVAL_STEP_CHIEF_DECISION, pb::APPROVAL_STEP_COMMITTEE,
                             pb::APPROVAL_STEP_HIGHER_LEVEL}) {
    AddStep(p, s, "chief", {"chief_procurator", "deputy_chief_procurator"});
  }
  AddStep(p, pb::APPROVAL_STEP_EMERGENCY, "chief", {"deputy_chief_procurator", "chief_procurator"});
  return p;
}

absl::Status ValidatePolicy(const pb::AidPolicy& p) {
  FieldErrors errors;
  if (!IsSixDigitCode(p.procuratorate_code())) {
    errors.Add("policy.procuratorate_code", "must be a 6-digit procuratorate code");
  }
  // Upper bounds: generous, but a typo of a zero too many is refused.
  CheckRange(errors, "policy.committee_threshold_fen", p.committee_threshold_fen(), 1,
             1'000'000'000);
  CheckRange(errors, "policy.cap_months", p.cap_months(), 1, 120);
  CheckRange(errors, "policy.decision_working_days", p.decision_working_days(), 1, 60);
  CheckRange(errors, "policy.notify_working_days", p.notify_working_days(), 1, 30);
  CheckRange(errors, "policy.emergency_paperwork_working_days",
             p.emergency_paperwork_working_days(), 1, 60);
  CheckRange(errors, "policy.suggestion_reply_working_days", p.suggestion_reply_working_days(), 1,
             60);
  CheckRange(errors, "policy.emergency_cap_fen", p.emergency_cap_fen(), 1, 1'000'000'000);
  bool seen[pb::ApprovalStep_ARRAYSIZE] = {};
  for (int i = 0; i < p.step_actors_size(); ++i) {
    const pb::StepActors& s = p.step_actors(i);
    const std::string field = absl::StrCat("policy.step_actors[", i, "]");
    if (s.step() == pb::APPROVAL_STEP_UNSPECIFIED || !pb::ApprovalStep_IsValid(s.step())) {
      errors.Add(absl::StrCat(field, ".step"), "must be a step of the chain");
      continue;
    }
    if (seen[s.step()]) {
      errors.Add(absl::StrCat(field, ".step"), "each step appears once");
      continue;
    }
    seen[s.step()] = true;
    absl::StatusOr<Role> role = ParseRole(s.role());
    if (!role.ok() ||
        (*role != Role::kCaseworker && *role != Role::kDepartmentHead && *role != Role::kChief)) {
      errors.Add(absl::StrCat(field, ".role"), "must be caseworker, department_head or chief");
    }
    for (int t = 0; t < s.titles_size(); ++t) {
      if (!IsValidCode(s.titles(t), 1, 64)) {
        errors.Add(absl::StrCat(field, ".titles[", t, "]"),
                   "must be 1-64 characters of [A-Za-z0-9_-]");
      }
    }
  }
  for (int step = pb::APPROVAL_STEP_PROPOSAL; step < pb::ApprovalStep_ARRAYSIZE; ++step) {
    if (!seen[step]) {
      errors.Add("policy.step_actors",
                 absl::StrCat("missing a row for ",
                              pb::ApprovalStep_Name(static_cast<pb::ApprovalStep>(step))));
    }
  }
  return errors.ToStatus();
}

}  // namespace shouhu::aid
