#include "guardianship/order_domain.h"

#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/validate.h"

namespace shouhu::guardianship {
namespace {

constexpr const char* kNumerals[] = {"一", "二", "三", "四", "五",  "六",
                                     "七", "八", "九", "十", "十一"};

std::string Item(const char* article, int item) {
  return absl::StrCat("《未成年人保护法》第", article, "条第（", kNumerals[item - 1], "）项");
}

}  // namespace

const char* OrderMoveName(OrderMove m) {
  switch (m) {
    case OrderMove::kEditDraft:
      return "edit";
    case OrderMove::kSubmit:
      return "submit";
    case OrderMove::kApprove:
      return "approve";
    case OrderMove::kReturn:
      return "return";
    case OrderMove::kServe:
    case OrderMove::kServeLast:
      return "record service on";
    case OrderMove::kCancel:
      return "cancel";
    case OrderMove::kExtend:
      return "extend";
    case OrderMove::kSupervise:
      return "record supervision on";
    case OrderMove::kEvaluate:
      return "evaluate";
    case OrderMove::kTerminate:
      return "terminate";
  }
  return "change";
}

absl::StatusOr<pb::OrderStatus> NextOrderStatus(pb::OrderStatus from, OrderMove m) {
  std::optional<pb::OrderStatus> to;
  switch (m) {
    case OrderMove::kEditDraft:
      if (from == pb::ORDER_STATUS_DRAFT) to = from;
      break;
    case OrderMove::kSubmit:
      if (from == pb::ORDER_STATUS_DRAFT) to = pb::ORDER_STATUS_PENDING_APPROVAL;
      break;
    case OrderMove::kApprove:
      if (from == pb::ORDER_STATUS_PENDING_APPROVAL) to = pb::ORDER_STATUS_ISSUED;
      break;
    case OrderMove::kReturn:
      if (from == pb::ORDER_STATUS_PENDING_APPROVAL) to = pb::ORDER_STATUS_DRAFT;
      break;
    case OrderMove::kServe:
      if (from == pb::ORDER_STATUS_ISSUED) to = from;
      break;
    case OrderMove::kServeLast:
      if (from == pb::ORDER_STATUS_ISSUED) to = pb::ORDER_STATUS_UNDER_SUPERVISION;
      break;
    case OrderMove::kCancel:
      if (from == pb::ORDER_STATUS_DRAFT || from == pb::ORDER_STATUS_PENDING_APPROVAL ||
          from == pb::ORDER_STATUS_ISSUED) {
        to = pb::ORDER_STATUS_CANCELLED;
      }
      break;
    case OrderMove::kExtend:
    case OrderMove::kSupervise:
      if (from == pb::ORDER_STATUS_UNDER_SUPERVISION) to = from;
      break;
    case OrderMove::kEvaluate:
      if (from == pb::ORDER_STATUS_UNDER_SUPERVISION) to = pb::ORDER_STATUS_COMPLIED;
      break;
    case OrderMove::kTerminate:
      if (from == pb::ORDER_STATUS_UNDER_SUPERVISION) to = pb::ORDER_STATUS_TERMINATED;
      break;
  }
  if (!to.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot ", OrderMoveName(m), " an order in state ", pb::OrderStatus_Name(from)));
  }
  return *to;
}

bool IsFinal(pb::OrderStatus s) {
  return s == pb::ORDER_STATUS_COMPLIED || s == pb::ORDER_STATUS_NOT_COMPLIED ||
         s == pb::ORDER_STATUS_CANCELLED || s == pb::ORDER_STATUS_TERMINATED;
}

std::string FailingArticle(pb::Failing f) {
  const int v = static_cast<int>(f);
  if (v >= 1 && v <= 9) return Item("十六", v);
  if (v == pb::FAILING_OTHER_DUTY) return Item("十六", 10);
  if (v >= 20 && v <= 29) return Item("十七", v - 19);
  if (v == pb::FAILING_OTHER_PROHIBITED) return Item("十七", 11);
  if (v == pb::FAILING_UNATTENDED_UNDER_8) return "《未成年人保护法》第二十一条第一款";
  if (v == pb::FAILING_UNDER_16_LIVING_ALONE) return "《未成年人保护法》第二十一条第二款";
  if (v == pb::FAILING_NO_ENTRUSTED_CARE) return "《未成年人保护法》第二十二条、第二十三条";
  if (v == pb::FAILING_OTHER) return "其他法律规定";
  return "";
}

bool IsSelectableFailing(int f) { return f != pb::FAILING_UNSPECIFIED && pb::Failing_IsValid(f); }

pb::OrderStatus ResultOf(pb::OverallFinding f) {
  switch (f) {
    case pb::OVERALL_FINDING_FULLY_COMPLIED:
    case pb::OVERALL_FINDING_MOSTLY_COMPLIED:
      return pb::ORDER_STATUS_COMPLIED;
    case pb::OVERALL_FINDING_PARTLY_COMPLIED:
    case pb::OVERALL_FINDING_NOT_COMPLIED:
    case pb::OVERALL_FINDING_REFUSED:
      return pb::ORDER_STATUS_NOT_COMPLIED;
    default:
      return pb::ORDER_STATUS_UNSPECIFIED;
  }
}

absl::CivilDay ComplianceEnd(absl::CivilDay start, int months) { return AddMonths(start, months); }

bool EvaluationOverdue(const pb::Order& o, absl::CivilDay today) {
  return o.status() == pb::ORDER_STATUS_UNDER_SUPERVISION && o.has_compliance_ends_on() &&
         ToCivilDay(o.compliance_ends_on()) < today;
}

void ValidateDraftContent(FieldErrors& e, const pb::DraftOrderRequest& r, int min_months,
                          int max_months) {
  if (r.kind() != pb::ORDER_KIND_SUPERVISION && r.kind() != pb::ORDER_KIND_GUIDANCE_DIRECTIVE) {
    e.Add("kind", "SUPERVISION or GUIDANCE_DIRECTIVE (court orders: RecordCourtOrder)");
  }
  if (r.addressees_size() < 1 || r.addressees_size() > 4) {
    e.Add("addressees", "1-4 guardians");
  }
  std::set<std::string> people;
  for (int i = 0; i < r.addressees_size(); ++i) {
    const pb::Addressee& a = r.addressees(i);
    const std::string f = absl::StrCat("addressees[", i, "]");
    if (!IsValidCode(a.person_id(), 1, 32)) {
      e.Add(absl::StrCat(f, ".person_id"), "a referral-service person id");
    } else if (!people.insert(a.person_id()).second) {
      e.Add(absl::StrCat(f, ".person_id"), "names a guardian twice");
    }
    CheckText(e, absl::StrCat(f, ".relation"), a.relation(), 1, 32);
  }
  if (r.failings().empty()) e.Add("failings", "at least one failing");
  std::set<int> seen;
  for (int i = 0; i < r.failings_size(); ++i) {
    if (!IsSelectableFailing(r.failings(i)) || !seen.insert(r.failings(i)).second) {
      e.Add(absl::StrCat("failings[", i, "]"), "a failing of the code list, each once");
    }
  }
  if (r.trigger_grounds().empty()) e.Add("trigger_grounds", "at least one ground");
  for (int i = 0; i < r.trigger_grounds_size(); ++i) {
    if (r.trigger_grounds(i) == pb::TRIGGER_GROUND_UNSPECIFIED ||
        !pb::TriggerGround_IsValid(r.trigger_grounds(i))) {
      e.Add(absl::StrCat("trigger_grounds[", i, "]"), "a trigger ground");
    }
  }
  CheckText(e, "facts", r.facts(), 1, 4000);
  if (r.actions().empty() || r.actions_size() > 20) e.Add("actions", "1-20 corrective actions");
  for (int i = 0; i < r.actions_size(); ++i) {
    CheckText(e, absl::StrCat("actions[", i, "].description"), r.actions(i).description(), 1, 1000);
    if (r.actions(i).has_due_on() && !IsValidDate(r.actions(i).due_on())) {
      e.Add(absl::StrCat("actions[", i, "].due_on"), "a real date");
    }
  }
  if (r.legal_basis().empty() || r.legal_basis_size() > 10) e.Add("legal_basis", "1-10 entries");
  for (int i = 0; i < r.legal_basis_size(); ++i) {
    CheckText(e, absl::StrCat("legal_basis[", i, "]"), r.legal_basis(i), 1, 200);
  }
  if (r.compliance_months() < min_months || r.compliance_months() > max_months) {
    e.Add("compliance_months",
          absl::StrCat("must be ", min_months, "-", max_months, " (the procuratorate's policy)"));
  }
  if (r.guidance_size() > 6) e.Add("guidance", "at most 6 arrangements");
  for (int i = 0; i < r.guidance_size(); ++i) {
    const pb::GuidanceArrangement& g = r.guidance(i);
    const std::string f = absl::StrCat("guidance[", i, "]");
    if (g.agency_code().empty() && g.provider_name().empty()) {
      e.Add(absl::StrCat(f, ".agency_code"), "an agency, or a provider_name");
    }
    if (!g.agency_code().empty() && !IsValidCode(g.agency_code(), 3, 32)) {
      e.Add(absl::StrCat(f, ".agency_code"), "an agency code");
    }
    if (!g.provider_name().empty())
      CheckText(e, absl::StrCat(f, ".provider_name"), g.provider_name(), 1, 64);
    if (g.planned_sessions() < 1 || g.planned_sessions() > 50) {
      e.Add(absl::StrCat(f, ".planned_sessions"), "must be 1-50");
    }
  }
  if (!r.guidance_focus().empty()) CheckText(e, "guidance_focus", r.guidance_focus(), 1, 1000);
  if (!r.previous_order_id().empty() && !IsValidCode(r.previous_order_id(), 1, 48)) {
    e.Add("previous_order_id", "an order id");
  }
}

void ValidateGuardianService(FieldErrors& e, const std::string& field, const pb::GuardianService& s,
                             pb::OrderKind kind, absl::CivilDay today) {
  if (s.person_id().empty()) e.Add(absl::StrCat(field, ".person_id"), "an addressee");
  if (s.method() == pb::SERVICE_METHOD_UNSPECIFIED || !pb::ServiceMethod_IsValid(s.method())) {
    e.Add(absl::StrCat(field, ".method"), "a service method");
  }
  if (!s.has_served_on() || !IsValidDate(s.served_on())) {
    e.Add(absl::StrCat(field, ".served_on"), "a real date");
  } else if (ToCivilDay(s.served_on()) > today) {
    e.Add(absl::StrCat(field, ".served_on"), "must not be in the future");
  }
  CheckText(e, absl::StrCat(field, ".place"), s.place(), 1, 200);
  if (kind == pb::ORDER_KIND_GUIDANCE_DIRECTIVE && !s.admonished()) {
    e.Add(absl::StrCat(field, ".admonished"),
          "a guidance directive is served with 训诫 (未保法 Art. 118)");
  }
  if (!s.admonition_note().empty()) {
    CheckText(e, absl::StrCat(field, ".admonition_note"), s.admonition_note(), 1, 1000);
  }
  if (!s.guardian_signed()) {
    CheckText(e, absl::StrCat(field, ".refusal_note"), s.refusal_note(), 1, 500);
  }
}

}  // namespace shouhu::guardianship
