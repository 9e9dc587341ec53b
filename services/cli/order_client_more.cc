// The order commands of escalations (后续措施), 事实无人抚养 checks, the order policy and
// statistics.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "cli/order_catalog.h"
#include "cli/order_render.h"
#include "cli/order_runner.h"
#include "cli/runner_impl.h"

namespace shouhu::cli {
namespace {

namespace gv1 = ::shouhu::guardianship::v1;
using EscStub = gv1::EscalationService::StubInterface;
using CheckStub = gv1::UnattendedChildService::StubInterface;
using ConfigStub = gv1::GuardianshipConfigService::StubInterface;
using OrderStub = gv1::GuardianshipOrderService::StubInterface;

}  // namespace

std::optional<int64_t> OrderRunner::EscalationVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  gv1::GetEscalationRequest req;
  req.set_escalation_id(id);
  gv1::Escalation e;
  if (!r_.Call(r_.stubs_.escalations, &EscStub::GetEscalation, req, &e, false)) {
    return std::nullopt;
  }
  return e.version();
}

std::optional<int64_t> OrderRunner::AgencyEscalationVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  gv1::GetEscalationRequest req;
  req.set_escalation_id(id);
  gv1::AgencyEscalationView e;
  if (!r_.Call(r_.stubs_.escalations, &EscStub::GetAgencyEscalation, req, &e, false)) {
    return std::nullopt;
  }
  return e.version();
}

std::optional<int64_t> OrderRunner::CheckVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  gv1::GetUnattendedCheckRequest req;
  req.set_check_id(id);
  gv1::UnattendedCheck c;
  if (!r_.Call(r_.stubs_.unattended, &CheckStub::GetUnattendedCheck, req, &c, false)) {
    return std::nullopt;
  }
  return c.version();
}

// A 民政 agency reads no single check: its version is found in the addressed list.
std::optional<int64_t> OrderRunner::AddressedCheckVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  gv1::ListAddressedUnattendedHandoffsRequest req;
  for (;;) {
    gv1::ListAddressedUnattendedHandoffsResponse page;
    if (!r_.Call(r_.stubs_.unattended, &CheckStub::ListAddressedUnattendedHandoffs, req, &page,
                 false)) {
      return std::nullopt;
    }
    for (const gv1::AgencyUnattendedHandoffView& v : page.handoffs()) {
      if (v.check_id() == id) return v.version();
    }
    if (page.next_page_token().empty() || page.next_page_token() == req.page_token()) break;
    req.set_page_token(page.next_page_token());
  }
  r_.err_ << absl::Substitute(msg::kNotInAddressedList(lang_), id) << "\n";
  return std::nullopt;
}

// --- Escalations -------------------------------------------------------------------------

int OrderRunner::EscalationDraft() {
  gv1::DraftEscalationRequest req;
  if (!r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  req.set_request_id(RequestIdOf(req.request_id()));
  req.set_case_id(inv_.args[0]);
  if (inv_.Has("escalation")) {
    std::optional<int64_t> version = EscalationVersion(inv_.Get("escalation"));
    if (!version.has_value()) return kExitRpcError;
    req.set_escalation_id(inv_.Get("escalation"));
    req.set_version(*version);
  }
  gv1::Escalation e;
  if (!r_.Call(r_.stubs_.escalations, &EscStub::DraftEscalation, req, &e, true)) {
    return kExitRpcError;
  }
  return Done(e, msg::kDoneEscalationDrafted);
}

int OrderRunner::EscalationAction(const std::string& name) {
  std::optional<int64_t> version = EscalationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  gv1::EscalationActionRequest req;
  req.set_request_id(r_.request_id_);
  req.set_escalation_id(inv_.args[0]);
  req.set_version(*version);
  req.set_agree(inv_.Flag("agree"));
  req.set_note(inv_.Get("note"));
  *req.mutable_on() = On();
  auto method = &EscStub::SubmitEscalation;
  Text done = msg::kDoneEscalationSubmitted;
  if (name == "escalation-approve") {
    method = &EscStub::ApproveEscalation;
    done = msg::kDoneEscalationApproved;
  } else if (name == "escalation-served") {
    method = &EscStub::RecordEscalationServed;
    done = msg::kDoneEscalationServed;
  }
  gv1::Escalation e;
  if (!r_.Call(r_.stubs_.escalations, method, req, &e, true)) return kExitRpcError;
  return Done(e, done);
}

int OrderRunner::EscalationUpdate(bool close) {
  // The reply is the addressee agency's: it reads its own view.
  std::optional<int64_t> version =
      close ? EscalationVersion(inv_.args[0]) : AgencyEscalationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  gv1::EscalationUpdateRequest req;
  req.set_request_id(r_.request_id_);
  req.set_escalation_id(inv_.args[0]);
  req.set_version(*version);
  *req.mutable_on() = On();
  req.set_summary(inv_.Get("summary"));
  if (close) {
    req.set_outcome(EnumArg<gv1::EscalationOutcome>("ESCALATION_OUTCOME_", inv_.Get("outcome")));
  }
  gv1::Escalation e;
  if (!r_.Call(r_.stubs_.escalations,
               close ? &EscStub::CloseEscalation : &EscStub::RecordEscalationReply, req, &e,
               true)) {
    return kExitRpcError;
  }
  return Done(e, close ? msg::kDoneEscalationClosed : msg::kDoneEscalationReplied);
}

int OrderRunner::CourtAnswer() {
  std::optional<int64_t> version = EscalationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  gv1::RecordCourtAnswerRequest req;
  req.set_request_id(r_.request_id_);
  req.set_escalation_id(inv_.args[0]);
  req.set_version(*version);
  gv1::CourtAnswer* a = req.mutable_answer();
  a->set_kind(EnumArg<gv1::CourtAnswerKind>("COURT_ANSWER_KIND_", inv_.Get("answer")));
  *a->mutable_answered_on() = On();
  a->set_court_case_number(inv_.Get("court_case"));
  a->set_court_order_id(inv_.Get("court_order"));
  a->set_note(inv_.Get("note"));
  gv1::Escalation e;
  if (!r_.Call(r_.stubs_.escalations, &EscStub::RecordCourtAnswer, req, &e, true)) {
    return kExitRpcError;
  }
  return Done(e, msg::kDoneCourtAnswer);
}

int OrderRunner::ShowEscalation() {
  gv1::GetEscalationRequest req;
  req.set_escalation_id(inv_.args[0]);
  gv1::Escalation e;
  if (!r_.Call(r_.stubs_.escalations, &EscStub::GetEscalation, req, &e, false)) {
    return kExitRpcError;
  }
  return Show(e);
}

int OrderRunner::Escalations() {
  gv1::ListEscalationsRequest req;
  req.set_case_id(inv_.Get("case"));
  if (inv_.Has("status")) {
    req.set_status(EnumArg<gv1::EscalationStatus>("ESCALATION_STATUS_", inv_.Get("status")));
  }
  req.set_reply_overdue_only(inv_.Flag("overdue"));
  gv1::ListEscalationsResponse resp;
  if (!r_.Page(r_.stubs_.escalations, &EscStub::ListEscalations, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    return RenderOrderTable(RowsOf(resp.escalations()),
                            {"escalation_id", "kind", "status", "addressee_agency_code",
                             "document_number", "reply_due_on", "reply_overdue", "case_id"},
                            lang_);
  });
}

int OrderRunner::AgencyEscalations() {
  gv1::ListAgencyEscalationsRequest req;
  req.set_reply_overdue_only(inv_.Flag("overdue"));
  gv1::ListAgencyEscalationsResponse resp;
  if (!r_.Page(r_.stubs_.escalations, &EscStub::ListAgencyEscalations, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    return RenderOrderTable(RowsOf(resp.escalations()),
                            {"escalation_id", "procuratorate_code", "kind", "status",
                             "document_number", "reply_due_on", "reply_overdue"},
                            lang_);
  });
}

int OrderRunner::AgencyEscalation() {
  gv1::GetEscalationRequest req;
  req.set_escalation_id(inv_.args[0]);
  gv1::AgencyEscalationView e;
  if (!r_.Call(r_.stubs_.escalations, &EscStub::GetAgencyEscalation, req, &e, false)) {
    return kExitRpcError;
  }
  return Show(e);
}

// --- 事实无人抚养 checks -----------------------------------------------------------------

int OrderRunner::Assess() {
  gv1::AssessUnattendedChildRequest req;
  if (!r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  req.set_request_id(RequestIdOf(req.request_id()));
  req.set_case_id(inv_.args[0]);
  if (inv_.Has("order")) req.set_order_id(inv_.Get("order"));
  if (inv_.Has("check")) {
    std::optional<int64_t> version = CheckVersion(inv_.Get("check"));
    if (!version.has_value()) return kExitRpcError;
    req.set_check_id(inv_.Get("check"));
    req.set_version(*version);
  }
  gv1::UnattendedCheck c;
  if (!r_.Call(r_.stubs_.unattended, &CheckStub::AssessUnattendedChild, req, &c, true)) {
    return kExitRpcError;
  }
  return Done(c, msg::kDoneUnattendedAssessed);
}

int OrderRunner::HandOff() {
  std::optional<int64_t> version = CheckVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  gv1::HandOffUnattendedCheckRequest req;
  req.set_request_id(r_.request_id_);
  req.set_check_id(inv_.args[0]);
  req.set_version(*version);
  req.set_civil_affairs_agency_code(inv_.Get("agency"));
  *req.mutable_handed_on() = On();
  gv1::UnattendedCheck c;
  if (!r_.Call(r_.stubs_.unattended, &CheckStub::HandOffUnattendedCheck, req, &c, true)) {
    return kExitRpcError;
  }
  return Done(c, msg::kDoneUnattendedHandedOff);
}

int OrderRunner::Answer() {
  std::optional<int64_t> version = AddressedCheckVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  gv1::RecordUnattendedAnswerRequest req;
  req.set_request_id(r_.request_id_);
  req.set_check_id(inv_.args[0]);
  req.set_version(*version);
  req.set_county(inv_.Flag("county"));
  req.set_answer(EnumArg<gv1::HandoffAnswer>("HANDOFF_ANSWER_", inv_.Get("answer")));
  *req.mutable_answered_on() = On();
  req.set_note(inv_.Get("note"));
  req.set_document_ref(inv_.Get("document"));
  gv1::UnattendedCheck c;
  if (!r_.Call(r_.stubs_.unattended, &CheckStub::RecordUnattendedAnswer, req, &c, true)) {
    return kExitRpcError;
  }
  return Done(c, msg::kDoneUnattendedAnswered);
}

int OrderRunner::ShowCheck() {
  gv1::GetUnattendedCheckRequest req;
  req.set_check_id(inv_.args[0]);
  gv1::UnattendedCheck c;
  if (!r_.Call(r_.stubs_.unattended, &CheckStub::GetUnattendedCheck, req, &c, false)) {
    return kExitRpcError;
  }
  return Show(c);
}

int OrderRunner::CheckList() {
  gv1::ListUnattendedChecksRequest req;
  req.set_case_id(inv_.Get("case"));
  if (inv_.Has("status")) {
    req.set_status(
        EnumArg<gv1::UnattendedCheckStatus>("UNATTENDED_CHECK_STATUS_", inv_.Get("status")));
  }
  req.set_overdue_only(inv_.Flag("overdue"));
  gv1::ListUnattendedChecksResponse resp;
  if (!r_.Page(r_.stubs_.unattended, &CheckStub::ListUnattendedChecks, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    return RenderOrderTable(
        RowsOf(resp.checks()),
        {"check_id", "case_id", "status", "criteria_met", "matched_rule", "assessed_on"}, lang_);
  });
}

int OrderRunner::Addressed() {
  gv1::ListAddressedUnattendedHandoffsRequest req;
  gv1::ListAddressedUnattendedHandoffsResponse resp;
  if (!r_.Page(r_.stubs_.unattended, &CheckStub::ListAddressedUnattendedHandoffs, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    return RenderOrderTable(RowsOf(resp.handoffs()),
                            {"check_id", "procuratorate_code", "matched_rule", "version"}, lang_);
  });
}

// --- Policy and statistics ---------------------------------------------------------------

int OrderRunner::Policy() {
  gv1::GetOrderPolicyRequest req;
  req.set_procuratorate_code(inv_.Get("procuratorate"));
  gv1::OrderPolicy p;
  if (!r_.Call(r_.stubs_.order_config, &ConfigStub::GetOrderPolicy, req, &p, false)) {
    return kExitRpcError;
  }
  return Show(p);
}

int OrderRunner::PolicySet() {
  gv1::UpdateOrderPolicyRequest req;
  if (!r_.ReadJson(inv_.args[0], req.mutable_policy())) return kExitUsage;
  if (inv_.Has("version")) {
    req.mutable_policy()->set_version(inv_.Int("version", 0));
  } else if (req.policy().version() == 0) {
    gv1::GetOrderPolicyRequest get;
    get.set_procuratorate_code(req.policy().procuratorate_code());
    gv1::OrderPolicy current;
    if (!r_.Call(r_.stubs_.order_config, &ConfigStub::GetOrderPolicy, get, &current, false)) {
      return kExitRpcError;
    }
    req.mutable_policy()->set_version(current.version());
  }
  req.set_request_id(r_.request_id_);
  gv1::OrderPolicy p;
  if (!r_.Call(r_.stubs_.order_config, &ConfigStub::UpdateOrderPolicy, req, &p, true)) {
    return kExitRpcError;
  }
  return Done(p, msg::kDoneOrderPolicy);
}

int OrderRunner::Stats() {
  gv1::GetOrderStatisticsRequest req;
  req.set_period(EnumArg<gv1::PeriodKind>("PERIOD_KIND_", inv_.Get("period")));
  req.set_year(static_cast<int32_t>(inv_.Int("year", 0)));
  req.set_index(static_cast<int32_t>(inv_.Int("index", 0)));
  if (inv_.Has("dimension")) {
    req.set_dimension(
        EnumArg<gv1::StatisticsDimension>("STATISTICS_DIMENSION_", inv_.Get("dimension")));
  }
  gv1::GetOrderStatisticsResponse resp;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::GetOrderStatistics, req, &resp, false)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    // The first column is the dimension the rows are grouped by.
    const char* group = "kind";
    switch (req.dimension()) {
      case gv1::STATISTICS_DIMENSION_MAIN_FAILING:
        group = "main_failing";
        break;
      case gv1::STATISTICS_DIMENSION_OUTCOME:
        group = "outcome";
        break;
      case gv1::STATISTICS_DIMENSION_DEPARTMENT:
        group = "department";
        break;
      case gv1::STATISTICS_DIMENSION_ESCALATION_KIND:
        group = "escalation_kind";
        break;
      default:
        break;
    }
    return RenderOrderTable(
        RowsOf(resp.rows()),
        {group, "served", "complied", "not_complied", "under_supervision", "terminated",
         "evaluated", "guidance_sessions", "escalations", "replies_overdue", "suppressed"},
        lang_);
  });
}

}  // namespace shouhu::cli
