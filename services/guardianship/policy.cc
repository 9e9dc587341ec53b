#include "guardianship/policy.h"

#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/text.h"
#include "common/base/validate.h"

namespace shouhu::guardianship {
namespace {

constexpr int kMaxMonths = 24;
constexpr int kMaxWorkingDays = 120;
constexpr char kChiefTitle[] = "chief_procurator";
constexpr char kDeputyTitle[] = "deputy_chief_procurator";

const std::pair<pb::DocumentKind, const char*> kDefaultPrefixes[] = {
    {pb::DOCUMENT_KIND_SUPERVISION_ORDER, "检督监令"},
    {pb::DOCUMENT_KIND_GUIDANCE_DIRECTIVE, "检家教令"},
    {pb::DOCUMENT_KIND_PROCURATORIAL_SUGGESTION, "检建"},
    {pb::DOCUMENT_KIND_COURT_GUIDANCE_REQUEST, "检建家令"},
    {pb::DOCUMENT_KIND_REVOCATION_SUGGESTION, "检建撤监"},
    {pb::DOCUMENT_KIND_TEMPORARY_GUARDIANSHIP, "检建临监"},
    {pb::DOCUMENT_KIND_SUPPORT_LAWSUIT, "检支诉"},
    {pb::DOCUMENT_KIND_PROTECTION_ORDER, "检支保"},
    {pb::DOCUMENT_KIND_POLICE_REFERRAL, "检移"},
};

pb::StepActors Actors(pb::ApprovalStep step, const char* role,
                      std::initializer_list<const char*> titles) {
  pb::StepActors a;
  a.set_step(step);
  a.set_role(role);
  for (const char* t : titles) a.add_titles(t);
  return a;
}

std::optional<Role> RoleNamed(absl::string_view name) {
  if (name == "department_head") return Role::kDepartmentHead;
  if (name == "chief") return Role::kChief;
  if (name == "caseworker") return Role::kCaseworker;
  return std::nullopt;
}

void CheckRange(FieldErrors& e, absl::string_view field, int v, int lo, int hi) {
  if (v < lo || v > hi) e.Add(std::string(field), absl::StrCat("must be ", lo, "-", hi));
}

}  // namespace

pb::OrderPolicy DefaultOrderPolicy(absl::string_view procuratorate_code) {
  pb::OrderPolicy p;
  p.set_procuratorate_code(std::string(procuratorate_code));
  p.set_min_compliance_months(3);
  p.set_max_compliance_months(6);
  p.set_max_extension_months(3);
  p.set_suggestion_reply_months(1);
  p.set_general_suggestion_reply_months(2);
  p.set_township_working_days(15);
  p.set_county_working_days(15);
  p.set_document_prefix("检督监令");
  return WithDefaults(std::move(p));
}

pb::OrderPolicy WithDefaults(pb::OrderPolicy p) {
  if (p.step_actors().empty()) {
    *p.add_step_actors() =
        Actors(pb::APPROVAL_STEP_ORDER_APPROVE, "chief", {kChiefTitle, kDeputyTitle});
    *p.add_step_actors() =
        Actors(pb::APPROVAL_STEP_ESCALATION_APPROVE, "chief", {kChiefTitle, kDeputyTitle});
    *p.add_step_actors() = Actors(pb::APPROVAL_STEP_ORDER_EVALUATE, "department_head", {});
    *p.add_step_actors() = Actors(pb::APPROVAL_STEP_ORDER_END, "department_head", {});
  }
  std::set<int> have;
  for (const pb::DocumentPrefix& d : p.prefixes()) have.insert(d.kind());
  for (const auto& [kind, prefix] : kDefaultPrefixes) {
    // Supervision orders take document_prefix.
    if (have.count(kind) > 0 || kind == pb::DOCUMENT_KIND_SUPERVISION_ORDER) continue;
    pb::DocumentPrefix* d = p.add_prefixes();
    d->set_kind(kind);
    d->set_prefix(prefix);
  }
  return p;
}

absl::Status ValidateOrderPolicy(const pb::OrderPolicy& p) {
  FieldErrors e;
  if (!IsSixDigitCode(p.procuratorate_code())) {
    e.Add("policy.procuratorate_code", "must be a 6-digit procuratorate code");
  }
  CheckRange(e, "policy.min_compliance_months", p.min_compliance_months(), 1, kMaxMonths);
  CheckRange(e, "policy.max_compliance_months", p.max_compliance_months(),
             std::max(1, p.min_compliance_months()), kMaxMonths);
  CheckRange(e, "policy.max_extension_months", p.max_extension_months(), 1, kMaxMonths);
  CheckRange(e, "policy.suggestion_reply_months", p.suggestion_reply_months(), 1, 6);
  CheckRange(e, "policy.general_suggestion_reply_months", p.general_suggestion_reply_months(), 1,
             6);
  CheckRange(e, "policy.township_working_days", p.township_working_days(), 1, kMaxWorkingDays);
  CheckRange(e, "policy.county_working_days", p.county_working_days(), 1, kMaxWorkingDays);
  CheckText(e, "policy.document_prefix", p.document_prefix(), 1, 16);
  std::set<int> kinds;
  for (int i = 0; i < p.prefixes_size(); ++i) {
    const pb::DocumentPrefix& d = p.prefixes(i);
    const std::string f = absl::StrCat("policy.prefixes[", i, "]");
    if (d.kind() == pb::DOCUMENT_KIND_UNSPECIFIED || !pb::DocumentKind_IsValid(d.kind()) ||
        !kinds.insert(d.kind()).second) {
      e.Add(absl::StrCat(f, ".kind"), "a document kind, each at most once");
    } else if (d.kind() == pb::DOCUMENT_KIND_SUPERVISION_ORDER) {
      e.Add(absl::StrCat(f, ".kind"), "supervision orders take policy.document_prefix");
    }
    CheckText(e, absl::StrCat(f, ".prefix"), d.prefix(), 1, 16);
  }
  std::set<int> steps;
  for (int i = 0; i < p.step_actors_size(); ++i) {
    const pb::StepActors& a = p.step_actors(i);
    const std::string f = absl::StrCat("policy.step_actors[", i, "]");
    if (a.step() == pb::APPROVAL_STEP_UNSPECIFIED || !pb::ApprovalStep_IsValid(a.step()) ||
        !steps.insert(a.step()).second) {
      e.Add(absl::StrCat(f, ".step"), "an approval step, each at most once");
    }
    const std::optional<Role> role = RoleNamed(a.role());
    if (!role.has_value() || *role == Role::kCaseworker) {
      e.Add(absl::StrCat(f, ".role"), "department_head or chief");
    }
    for (int j = 0; j < a.titles_size(); ++j) {
      if (!IsValidCode(a.titles(j), 1, 64)) {
        e.Add(absl::StrCat(f, ".titles[", j, "]"), "a title claim of 1-64 [A-Za-z0-9_-]");
      }
    }
  }
  return e.ToStatus();
}

std::string DocumentPrefixFor(const pb::OrderPolicy& p, pb::DocumentKind kind) {
  if (kind == pb::DOCUMENT_KIND_SUPERVISION_ORDER && !p.document_prefix().empty()) {
    return p.document_prefix();
  }
  for (const pb::DocumentPrefix& d : p.prefixes()) {
    if (d.kind() == kind) return d.prefix();
  }
  for (const auto& [k, prefix] : kDefaultPrefixes) {
    if (k == kind) return prefix;
  }
  return "检";
}

pb::DocumentKind OrderDocumentKind(pb::OrderKind kind) {
  switch (kind) {
    case pb::ORDER_KIND_SUPERVISION:
      return pb::DOCUMENT_KIND_SUPERVISION_ORDER;
    case pb::ORDER_KIND_GUIDANCE_DIRECTIVE:
      return pb::DOCUMENT_KIND_GUIDANCE_DIRECTIVE;
    default:
      return pb::DOCUMENT_KIND_UNSPECIFIED;
  }
}

pb::DocumentKind EscalationDocumentKind(pb::EscalationKind kind) {
  switch (kind) {
    case pb::ESCALATION_KIND_COURT_GUIDANCE_REQUEST:
      return pb::DOCUMENT_KIND_COURT_GUIDANCE_REQUEST;
    case pb::ESCALATION_KIND_REVOCATION:
      return pb::DOCUMENT_KIND_REVOCATION_SUGGESTION;
    case pb::ESCALATION_KIND_TEMPORARY_GUARDIANSHIP:
      return pb::DOCUMENT_KIND_TEMPORARY_GUARDIANSHIP;
    case pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION:
      return pb::DOCUMENT_KIND_PROCURATORIAL_SUGGESTION;
    case pb::ESCALATION_KIND_SUPPORT_LAWSUIT:
      return pb::DOCUMENT_KIND_SUPPORT_LAWSUIT;
    case pb::ESCALATION_KIND_PROTECTION_ORDER_APPLICATION:
      return pb::DOCUMENT_KIND_PROTECTION_ORDER;
    case pb::ESCALATION_KIND_POLICE_REFERRAL:
      return pb::DOCUMENT_KIND_POLICE_REFERRAL;
    default:
      return pb::DOCUMENT_KIND_UNSPECIFIED;
  }
}

absl::Status CheckStepActor(const pb::OrderPolicy& policy, pb::ApprovalStep step,
                            const Principal& p) {
  const pb::OrderPolicy full = WithDefaults(policy);
  for (const pb::StepActors& a : full.step_actors()) {
    if (a.step() != step) continue;
    const std::optional<Role> role = RoleNamed(a.role());
    if (!role.has_value() || !p.Has(*role)) {
      return absl::PermissionDeniedError(absl::StrCat("only a ", a.role(), " may act at ",
                                                      pb::ApprovalStep_Name(step), " by policy"));
    }
    if (a.titles().empty()) return absl::OkStatus();
    for (const std::string& t : a.titles()) {
      if (t == p.title) return absl::OkStatus();
    }
    return absl::PermissionDeniedError(
        absl::StrCat("the policy allows only the titles ", absl::StrJoin(a.titles(), ", "), " at ",
                     pb::ApprovalStep_Name(step), "; yours is \"", p.title, "\""));
  }
  return absl::PermissionDeniedError(
      absl::StrCat("no one may act at ", pb::ApprovalStep_Name(step), " by policy"));
}

absl::Status CheckNotDrafter(const Principal& p, absl::string_view drafted_by,
                             absl::string_view what) {
  if (!drafted_by.empty() && p.Name() == drafted_by) {
    return absl::PermissionDeniedError(
        absl::StrCat("you drafted this and may not ", what, " it (separation of duties)"));
  }
  return absl::OkStatus();
}

}  // namespace shouhu::guardianship
