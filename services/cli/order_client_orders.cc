// The order commands of orders and their supervision, and the OrderRunner's helpers.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "cli/args.h"
#include "cli/order_catalog.h"
#include "cli/order_render.h"
#include "cli/order_runner.h"
#include "cli/runner_impl.h"
#include "google/protobuf/util/json_util.h"

namespace shouhu::cli {
namespace {

namespace gv1 = ::shouhu::guardianship::v1;
using OrderStub = gv1::GuardianshipOrderService::StubInterface;

}  // namespace

OrderRunner::OrderRunner(Runner& runner) : r_(runner), inv_(runner.inv_), lang_(runner.lang_) {}

int OrderRunner::Run() {
  const std::string name = std::string(inv_.spec->name).substr(6);  // after "order "
  if (inv_.spec->mutating && !inv_.global.json) {
    r_.err_ << absl::Substitute(msg::kRequestIdNote(lang_), r_.request_id_) << "\n";
  }
  if (name == "draft") return Draft();
  if (name == "submit" || name == "approve" || name == "cancel" || name == "extend") {
    return Action(name);
  }
  if (name == "serve") return Serve();
  if (name == "court-order") return CourtOrder();
  if (name == "terminate") return Terminate();
  if (name == "show") return ShowOrder();
  if (name == "list") return List();
  if (name == "agency-list") return AgencyList();
  if (name == "agency-show") return AgencyShow();
  if (name == "disclose") return Disclose(false);
  if (name == "session") return Session();
  if (name == "sessions") return Sessions();
  if (name == "check") return Check();
  if (name == "checks") return Checks();
  if (name == "summary") return Summary();
  if (name == "evaluate") return Evaluate();
  if (name == "escalation-draft") return EscalationDraft();
  if (name == "escalation-submit" || name == "escalation-approve" || name == "escalation-served") {
    return EscalationAction(name);
  }
  if (name == "escalation-reply") return EscalationUpdate(false);
  if (name == "escalation-close") return EscalationUpdate(true);
  if (name == "court-answer") return CourtAnswer();
  if (name == "escalation") return ShowEscalation();
  if (name == "escalations") return Escalations();
  if (name == "agency-escalations") return AgencyEscalations();
  if (name == "agency-escalation") return AgencyEscalation();
  if (name == "escalation-disclose") return Disclose(true);
  if (name == "unattended-assess") return Assess();
  if (name == "unattended-handoff") return HandOff();
  if (name == "unattended-answer") return Answer();
  if (name == "unattended") return ShowCheck();
  if (name == "unattended-list") return CheckList();
  if (name == "unattended-addressed") return Addressed();
  if (name == "policy") return Policy();
  if (name == "policy-set") return PolicySet();
  if (name == "stats") return Stats();
  r_.err_ << absl::Substitute(msg::kUnknownOrderCommand(lang_), name) << "\n";
  return kExitUsage;
}

// --- Helpers -----------------------------------------------------------------------------

std::optional<int64_t> OrderRunner::OrderVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  gv1::GetOrderRequest req;
  req.set_order_id(id);
  gv1::Order o;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::GetOrder, req, &o, false)) return std::nullopt;
  return o.version();
}

shouhu::common::v1::Date OrderRunner::On() const {
  if (!inv_.Has("on")) return shouhu::common::v1::Date();
  return ParseDateArg(inv_.Get("on")).value_or(shouhu::common::v1::Date());
}

std::string OrderRunner::RequestIdOf(const std::string& from_file) {
  if (!from_file.empty() && inv_.global.request_id.empty()) r_.request_id_ = from_file;
  return r_.request_id_;
}

int OrderRunner::Done(const google::protobuf::Message& record, const Text& confirmation) {
  return r_.Emit(record, [&] {
    return absl::StrCat(confirmation(lang_), "\n\n", RenderOrderRecord(record, lang_));
  });
}

int OrderRunner::Show(const google::protobuf::Message& record) {
  return r_.Emit(record, [&] { return RenderOrderRecord(record, lang_); });
}

// --- Orders ------------------------------------------------------------------------------

int OrderRunner::Draft() {
  gv1::DraftOrderRequest req;
  if (!r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  req.set_request_id(RequestIdOf(req.request_id()));
  req.set_case_id(inv_.args[0]);
  if (inv_.Has("order")) {
    std::optional<int64_t> version = OrderVersion(inv_.Get("order"));
    if (!version.has_value()) return kExitRpcError;
    req.set_order_id(inv_.Get("order"));
    req.set_version(*version);
  }
  gv1::Order o;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::DraftOrder, req, &o, true)) return kExitRpcError;
  return Done(o, msg::kDoneOrderDrafted);
}

int OrderRunner::Action(const std::string& name) {
  std::optional<int64_t> version = OrderVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  gv1::OrderActionRequest req;
  req.set_request_id(r_.request_id_);
  req.set_order_id(inv_.args[0]);
  req.set_version(*version);
  req.set_note(inv_.Get("note"));
  req.set_agree(inv_.Flag("agree"));
  req.set_extra_months(static_cast<int32_t>(inv_.Int("months", 0)));
  auto method = &OrderStub::SubmitOrder;
  Text done = msg::kDoneOrderSubmitted;
  if (name == "approve") {
    method = &OrderStub::ApproveOrder;
    done = msg::kDoneOrderApproved;
  } else if (name == "cancel") {
    method = &OrderStub::CancelOrder;
    done = msg::kDoneOrderCancelled;
  } else if (name == "extend") {
    method = &OrderStub::ExtendCompliancePeriod;
    done = msg::kDoneOrderExtended;
  }
  gv1::Order o;
  if (!r_.Call(r_.stubs_.orders, method, req, &o, true)) return kExitRpcError;
  return Done(o, done);
}

int OrderRunner::Serve() {
  gv1::RecordServiceRequest req;
  if (inv_.args.size() == 2) {
    if (!r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  } else {
    gv1::GuardianService* g = req.add_guardians();
    g->set_person_id(inv_.Get("person"));
    g->set_method(EnumArg<gv1::ServiceMethod>("SERVICE_METHOD_", inv_.Get("method")));
    *g->mutable_served_on() = On();
    g->set_place(inv_.Get("place"));
    g->set_admonished(inv_.Flag("admonished"));
    g->set_admonition_note(inv_.Get("admonition"));
    g->set_guardian_signed(inv_.Flag("signed"));
    g->set_refusal_note(inv_.Get("refusal"));
  }
  if (inv_.Has("attendees")) {
    req.clear_attendees();
    for (std::string& a : SplitListArg(inv_.Get("attendees"))) req.add_attendees(std::move(a));
  }
  std::optional<int64_t> version = OrderVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  req.set_request_id(RequestIdOf(req.request_id()));
  req.set_order_id(inv_.args[0]);
  req.set_version(*version);
  gv1::Order o;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::RecordService, req, &o, true)) return kExitRpcError;
  return Done(o, msg::kDoneOrderServed);
}

int OrderRunner::CourtOrder() {
  gv1::RecordCourtOrderRequest req;
  if (!r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  req.set_request_id(RequestIdOf(req.request_id()));
  req.set_case_id(inv_.args[0]);
  gv1::Order o;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::RecordCourtOrder, req, &o, true)) {
    return kExitRpcError;
  }
  return Done(o, msg::kDoneCourtOrder);
}

int OrderRunner::Terminate() {
  std::optional<int64_t> version = OrderVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  gv1::TerminateOrderRequest req;
  req.set_request_id(r_.request_id_);
  req.set_order_id(inv_.args[0]);
  req.set_version(*version);
  req.set_reason(EnumArg<gv1::TerminationReason>("TERMINATION_REASON_", inv_.Get("reason")));
  req.set_note(inv_.Get("note"));
  *req.mutable_terminated_on() = On();
  gv1::Order o;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::TerminateOrder, req, &o, true)) return kExitRpcError;
  return Done(o, msg::kDoneOrderTerminated);
}

int OrderRunner::ShowOrder() {
  gv1::GetOrderRequest req;
  req.set_order_id(inv_.args[0]);
  gv1::Order o;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::GetOrder, req, &o, false)) return kExitRpcError;
  return Show(o);
}

int OrderRunner::List() {
  gv1::ListOrdersRequest req;
  req.set_case_id(inv_.Get("case"));
  if (inv_.Has("kind")) req.set_kind(EnumArg<gv1::OrderKind>("ORDER_KIND_", inv_.Get("kind")));
  if (inv_.Has("status")) {
    req.set_status(EnumArg<gv1::OrderStatus>("ORDER_STATUS_", inv_.Get("status")));
  }
  req.set_evaluation_overdue_only(inv_.Flag("overdue"));
  req.set_assigned_to(inv_.Get("assigned_to"));
  gv1::ListOrdersResponse resp;
  if (!r_.Page(r_.stubs_.orders, &OrderStub::ListOrders, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] {
    return RenderOrderTable(RowsOf(resp.orders()),
                            {"order_id", "kind", "status", "document_number", "case_id",
                             "minor_display_name", "compliance_ends_on", "assigned_to"},
                            lang_);
  });
}

int OrderRunner::AgencyList() {
  gv1::ListAgencyOrdersRequest req;
  gv1::ListAgencyOrdersResponse resp;
  if (!r_.Page(r_.stubs_.orders, &OrderStub::ListAgencyOrders, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] {
    return RenderOrderTable(RowsOf(resp.orders()),
                            {"order_id", "procuratorate_code", "kind", "status",
                             "minor_display_name", "arrangement_index", "compliance_ends_on"},
                            lang_);
  });
}

int OrderRunner::AgencyShow() {
  gv1::GetOrderRequest req;
  req.set_order_id(inv_.args[0]);
  gv1::AgencyOrderView v;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::GetAgencyOrder, req, &v, false)) {
    return kExitRpcError;
  }
  return Show(v);
}

int OrderRunner::Disclose(bool escalation) {
  gv1::DiscloseIdentityRequest req;
  if (inv_.args.size() == 2 && !r_.ReadJson(inv_.args[1], req.mutable_disclosed_person())) {
    return kExitUsage;
  }
  std::optional<int64_t> version =
      escalation ? EscalationVersion(inv_.args[0]) : OrderVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  req.set_request_id(r_.request_id_);
  req.set_record_id(inv_.args[0]);
  req.set_version(*version);
  req.set_agency_code(inv_.Get("agency"));
  req.set_person_id(inv_.Get("person"));
  req.set_purpose(inv_.Get("purpose"));
  gv1::IdentityDisclosureResponse resp;
  bool ok = false;
  if (escalation) {
    ok = r_.Call(r_.stubs_.escalations,
                 &gv1::EscalationService::StubInterface::DiscloseEscalationIdentity, req, &resp,
                 true);
  } else {
    ok = r_.Call(r_.stubs_.orders, &OrderStub::DiscloseOrderIdentity, req, &resp, true);
  }
  if (!ok) return kExitRpcError;
  return Done(resp, msg::kDoneDisclosed);
}

// --- Supervision -------------------------------------------------------------------------

int OrderRunner::Session() {
  gv1::RecordGuidanceSessionRequest req;
  req.set_request_id(r_.request_id_);
  req.set_order_id(inv_.args[0]);
  req.set_arrangement_index(static_cast<int32_t>(inv_.Int("arrangement", 0)));
  *req.mutable_held_on() = On();
  req.set_attended(!inv_.Flag("absent"));
  req.set_minutes(static_cast<int32_t>(inv_.Int("minutes", 0)));
  req.set_topic(inv_.Get("topic"));
  gv1::GuidanceSession s;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::RecordGuidanceSession, req, &s, true)) {
    return kExitRpcError;
  }
  return Done(s, msg::kDoneSession);
}

int OrderRunner::Sessions() {
  gv1::ListGuidanceSessionsRequest req;
  req.set_order_id(inv_.args[0]);
  gv1::ListGuidanceSessionsResponse resp;
  if (!r_.Page(r_.stubs_.orders, &OrderStub::ListGuidanceSessions, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    return RenderOrderTable(RowsOf(resp.sessions()),
                            {"session_id", "held_on", "arrangement_index", "attended", "minutes",
                             "topic", "recorded_by"},
                            lang_);
  });
}

int OrderRunner::Check() {
  gv1::RecordComplianceCheckRequest req;
  if (!r_.ReadJson(inv_.args[1], req.mutable_check())) return kExitUsage;
  req.set_request_id(r_.request_id_);
  req.mutable_check()->set_order_id(inv_.args[0]);
  gv1::ComplianceCheck c;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::RecordComplianceCheck, req, &c, true)) {
    return kExitRpcError;
  }
  return Done(c, msg::kDoneCheck);
}

int OrderRunner::Checks() {
  gv1::ListComplianceChecksRequest req;
  req.set_order_id(inv_.args[0]);
  gv1::ListComplianceChecksResponse resp;
  if (!r_.Page(r_.stubs_.orders, &OrderStub::ListComplianceChecks, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    return RenderOrderTable(RowsOf(resp.checks()),
                            {"check_id", "checked_on", "method", "source_agency_code",
                             "action_progress", "concern_found", "recorded_by"},
                            lang_);
  });
}

int OrderRunner::Summary() {
  gv1::GetSupervisionSummaryRequest req;
  req.set_order_id(inv_.args[0]);
  gv1::SupervisionSummary s;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::GetSupervisionSummary, req, &s, false)) {
    return kExitRpcError;
  }
  return Show(s);
}

int OrderRunner::Evaluate() {
  gv1::EvaluateOrderRequest req;
  if (!r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  std::optional<int64_t> version = OrderVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  req.set_request_id(RequestIdOf(req.request_id()));
  req.set_order_id(inv_.args[0]);
  req.set_version(*version);
  gv1::Order o;
  if (!r_.Call(r_.stubs_.orders, &OrderStub::EvaluateOrder, req, &o, true)) return kExitRpcError;
  return Done(o, msg::kDoneEvaluated);
}

}  // namespace shouhu::cli
