// The aid commands of applications and the approval chain, and the AidRunner's helpers.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "cli/aid_catalog.h"
#include "cli/aid_render.h"
#include "cli/aid_runner.h"
#include "cli/args.h"
#include "cli/money.h"
#include "cli/runner_impl.h"
#include "google/protobuf/util/json_util.h"

namespace shouhu::cli {
namespace {

using AppStub = pb::AidApplicationService::StubInterface;
using DisbStub = pb::DisbursementService::StubInterface;

// Comma-separated enum values (validated by the parser).
template <typename E>
std::vector<E> EnumListArg(const char* prefix, const std::string& text) {
  std::vector<E> out;
  for (const std::string& v : SplitListArg(text)) {
    out.push_back(EnumArg<E>(prefix, v));
  }
  return out;
}

}  // namespace

AidRunner::AidRunner(Runner& runner) : r_(runner), inv_(runner.inv_), lang_(runner.lang_) {}

int AidRunner::Run() {
  const std::string name = std::string(inv_.spec->name).substr(4);  // after "aid "
  if (inv_.spec->mutating && !inv_.global.json) {
    r_.err_ << absl::Substitute(msg::kRequestIdNote(lang_), r_.request_id_) << "\n";
  }
  if (name == "register") return Register();
  if (name == "list") return List();
  if (name == "show") return ShowApplication();
  if (name == "update") return Update();
  if (name == "compute") return Compute();
  if (name == "eligibility") return Eligibility();
  if (name == "withdraw") return Withdraw();
  if (name == "request-materials") return RequestMaterials();
  if (name == "materials-received") return MaterialsReceived();
  if (name == "notice") return Notice();
  if (name == "notices") return Notices();
  if (name == "prior-aid") return PriorAid();
  if (name == "propose") return Propose();
  if (name == "review" || name == "decide" || name == "committee" || name == "higher-approval") {
    return Approve(name);
  }
  if (name == "emergency") return Emergency();
  if (name == "paperwork-done") return PaperworkDone();
  if (name == "revoke") return CloseApplication(true);
  if (name == "close-unpaid") return CloseApplication(false);
  if (name == "plan") return Plan();
  if (name == "disbursements") return Disbursements();
  if (name == "disbursement") return ShowDisbursement();
  if (name == "funds-arrived") return FundsArrived();
  if (name == "pay") return Pay();
  if (name == "receipt") return PaymentUpdate(true);
  if (name == "payment-failed") return PaymentUpdate(false);
  if (name == "notified") return Notified();
  if (name == "amend") return Amend();
  if (name == "withdrawal") return Withdrawal();
  if (name == "fund") return Fund();
  if (name == "fund-allocate") return FundAllocate();
  if (name == "fund-entries") return FundEntries();
  if (name == "statement-import") return StatementImport();
  if (name == "reconciliation-issues") return ReconciliationIssues();
  if (name == "reconciliation-resolve") return ReconciliationResolve();
  if (name == "recovery-open") return RecoveryOpen();
  if (name == "recovery-receipt") return RecoveryReceipt();
  if (name == "recovery-close") return RecoveryClose();
  if (name == "recoveries") return Recoveries();
  if (name == "suggest") return Suggest();
  if (name == "suggestion-outcome") return SuggestionOutcome();
  if (name == "suggestions") return Suggestions();
  if (name == "addressed") return Addressed();
  if (name == "stats") return Stats();
  if (name == "wage-set") return WageSet();
  if (name == "wages") return Wages();
  if (name == "policy") return Policy();
  if (name == "policy-set") return PolicySet();
  r_.err_ << absl::Substitute(msg::kUnknownAidCommand(lang_), name) << "\n";
  return kExitUsage;
}

// --- Helpers -----------------------------------------------------------------------------

std::optional<int64_t> AidRunner::ApplicationVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  pb::GetApplicationRequest req;
  req.set_application_id(id);
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, &AppStub::GetApplication, req, &a, false)) return std::nullopt;
  return a.version();
}

std::optional<int64_t> AidRunner::DisbursementVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  pb::GetDisbursementRequest req;
  req.set_disbursement_id(id);
  pb::Disbursement d;
  if (!r_.Call(r_.stubs_.disbursements, &DisbStub::GetDisbursement, req, &d, false)) {
    return std::nullopt;
  }
  return d.version();
}

int64_t AidRunner::Fen(const char* option) const {
  int64_t fen = 0;
  if (inv_.Has(option)) ParseYuan(inv_.Get(option), &fen);  // Validated by the parser.
  return fen;
}

shouhu::common::v1::Date AidRunner::DateOr(const char* option, bool today_by_default) const {
  if (inv_.Has(option)) return ParseDateArg(inv_.Get(option)).value_or(shouhu::common::v1::Date());
  return today_by_default ? TodayInChina() : shouhu::common::v1::Date();
}

pb::AmountComputation AidRunner::AmountInputs() const {
  pb::AmountComputation c;
  c.set_months(static_cast<int32_t>(inv_.Int("months", 0)));
  c.set_minor_costs_fen(Fen("minor_costs"));
  c.set_court_award_ceiling_fen(Fen("ceiling"));
  c.set_over_cap_justification(inv_.Get("justification"));
  return c;
}

int AidRunner::Done(const google::protobuf::Message& record, const Text& confirmation,
                    const std::string& rendered) {
  return r_.Emit(record, [&] { return absl::StrCat(confirmation(lang_), "\n\n", rendered); });
}

int AidRunner::Show(const google::protobuf::Message& record, const std::string& rendered) {
  return r_.Emit(record, [&] { return rendered; });
}

// --- Applications ------------------------------------------------------------------------

int AidRunner::Register() {
  pb::RegisterApplicationRequest req;
  if (!r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  if (req.request_id().empty()) req.set_request_id(r_.request_id_);
  r_.request_id_ = req.request_id();
  req.set_case_id(inv_.args[0]);
  if (inv_.Has("channel")) {
    req.set_channel(EnumArg<pb::ApplicationChannel>("APPLICATION_CHANNEL_", inv_.Get("channel")));
  } else if (req.channel() == pb::APPLICATION_CHANNEL_UNSPECIFIED) {
    req.set_channel(pb::APPLICATION_CHANNEL_ON_APPLICATION);
  }
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, &AppStub::RegisterApplication, req, &a, true)) return kExitRpcError;
  return Done(a, msg::kDoneAidRegistered, RenderApplication(a, lang_));
}

int AidRunner::List() {
  pb::ListApplicationsRequest req;
  req.set_case_id(inv_.Get("case"));
  if (inv_.Has("status")) {
    req.set_status(EnumArg<pb::ApplicationStatus>("APPLICATION_STATUS_", inv_.Get("status")));
  }
  if (inv_.Has("channel")) {
    req.set_channel(EnumArg<pb::ApplicationChannel>("APPLICATION_CHANNEL_", inv_.Get("channel")));
  }
  req.set_assigned_to(inv_.Get("assigned_to"));
  req.set_overdue_only(inv_.Flag("overdue"));
  req.set_case_closed_only(inv_.Flag("case_closed"));
  pb::ListApplicationsResponse resp;
  if (!r_.Page(r_.stubs_.aid, &AppStub::ListApplications, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] { return RenderApplicationTable(resp.applications(), lang_); });
}

int AidRunner::ShowApplication() {
  pb::GetApplicationRequest req;
  req.set_application_id(inv_.args[0]);
  if (inv_.Flag("unmask")) req.set_unmask_purpose(inv_.Get("purpose"));
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, &AppStub::GetApplication, req, &a, false)) return kExitRpcError;
  return r_.Emit(a, [&] { return RenderApplication(a, lang_); });
}

int AidRunner::Update() {
  pb::UpdateApplicationRequest req;
  if (!r_.ReadJson(inv_.args[1], req.mutable_details())) return kExitUsage;
  std::optional<int64_t> version = ApplicationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  req.set_request_id(r_.request_id_);
  req.set_application_id(inv_.args[0]);
  req.set_version(*version);
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, &AppStub::UpdateApplication, req, &a, true)) return kExitRpcError;
  return Done(a, msg::kDoneAidUpdated, RenderApplication(a, lang_));
}

int AidRunner::Compute() {
  pb::ComputeAmountRequest req;
  req.set_application_id(inv_.args[0]);
  *req.mutable_input() = AmountInputs();
  pb::AmountComputation c;
  if (!r_.Call(r_.stubs_.aid, &AppStub::ComputeAmount, req, &c, false)) return kExitRpcError;
  return r_.Emit(c, [&] { return RenderComputation(c, lang_); });
}

int AidRunner::Eligibility() {
  pb::EvaluateEligibilityRequest req;
  req.set_application_id(inv_.args[0]);
  pb::EligibilityResult e;
  if (!r_.Call(r_.stubs_.aid, &AppStub::EvaluateEligibility, req, &e, false)) return kExitRpcError;
  return r_.Emit(e, [&] { return RenderEligibility(e, lang_); });
}

int AidRunner::Withdraw() {
  std::optional<int64_t> version = ApplicationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::WithdrawApplicationRequest req;
  req.set_request_id(r_.request_id_);
  req.set_application_id(inv_.args[0]);
  req.set_version(*version);
  req.set_reason(inv_.Get("reason"));
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, &AppStub::WithdrawApplication, req, &a, true)) return kExitRpcError;
  return Done(a, msg::kDoneAidWithdrawn, RenderApplication(a, lang_));
}

int AidRunner::RequestMaterials() {
  std::optional<int64_t> version = ApplicationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::RequestMaterialsRequest req;
  req.set_request_id(r_.request_id_);
  req.set_application_id(inv_.args[0]);
  req.set_version(*version);
  for (pb::MaterialKind k :
       EnumListArg<pb::MaterialKind>("MATERIAL_KIND_", inv_.Get("materials"))) {
    req.add_materials(k);
  }
  req.set_note(inv_.Get("note"));
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, &AppStub::RequestMaterials, req, &a, true)) return kExitRpcError;
  return Done(a, msg::kDoneMaterialsRequested, RenderApplication(a, lang_));
}

int AidRunner::MaterialsReceived() {
  std::optional<int64_t> version = ApplicationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::MaterialsReceivedRequest req;
  req.set_request_id(r_.request_id_);
  req.set_application_id(inv_.args[0]);
  req.set_version(*version);
  for (pb::MaterialKind k :
       EnumListArg<pb::MaterialKind>("MATERIAL_KIND_", inv_.Get("materials"))) {
    req.add_materials(k);
  }
  *req.mutable_received_on() = DateOr("on", true);
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, &AppStub::MaterialsReceived, req, &a, true)) return kExitRpcError;
  return Done(a, msg::kDoneMaterialsReceived, RenderApplication(a, lang_));
}

int AidRunner::Notice() {
  pb::RecordRightsNoticeRequest req;
  req.set_request_id(r_.request_id_);
  pb::RightsNotice* n = req.mutable_notice();
  n->set_case_id(inv_.args[0]);
  n->set_person_id(inv_.args[1]);
  n->set_method(EnumArg<pb::NotificationMethod>("NOTIFICATION_METHOD_", inv_.Get("method")));
  *n->mutable_notified_on() = DateOr("on", true);
  pb::RightsNotice out;
  if (!r_.Call(r_.stubs_.aid, &AppStub::RecordRightsNotice, req, &out, true)) return kExitRpcError;
  return Done(out, msg::kDoneNotice, RenderNotice(out, lang_));
}

int AidRunner::Notices() {
  pb::ListRightsNoticesRequest req;
  req.set_case_id(inv_.args[0]);
  pb::ListRightsNoticesResponse resp;
  if (!r_.Page(r_.stubs_.aid, &AppStub::ListRightsNotices, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] { return RenderNotices(resp.notices(), lang_); });
}

int AidRunner::PriorAid() {
  pb::RecordPriorAidRequest req;
  req.set_request_id(r_.request_id_);
  pb::PriorAid* p = req.mutable_prior_aid();
  p->set_person_id(inv_.args[0]);
  p->set_original_case_number(inv_.args[1]);
  p->set_organ(EnumArg<pb::PriorAid::Organ>("ORGAN_", inv_.Get("organ")));
  p->set_organ_name(inv_.Get("organ_name"));
  *p->mutable_aided_on() = DateOr("on", false);
  p->set_amount_fen(Fen("amount"));
  p->set_note(inv_.Get("note"));
  pb::PriorAid out;
  if (!r_.Call(r_.stubs_.aid, &AppStub::RecordPriorAid, req, &out, true)) return kExitRpcError;
  return Done(out, msg::kDonePriorAid, RenderPriorAid(out, lang_));
}

// --- Approval chain ----------------------------------------------------------------------

int AidRunner::Propose() {
  std::optional<int64_t> version = ApplicationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::ProposeDecisionRequest req;
  req.set_request_id(r_.request_id_);
  req.set_application_id(inv_.args[0]);
  req.set_version(*version);
  if (inv_.Flag("grant")) {
    req.set_decision(pb::DECISION_KIND_GRANT);
    *req.mutable_amount() = AmountInputs();
  } else {
    req.set_decision(pb::DECISION_KIND_REFUSE);
    for (pb::ExclusionReason r :
         EnumListArg<pb::ExclusionReason>("EXCLUSION_REASON_", inv_.Get("exclusion"))) {
      req.add_exclusion_reasons(r);
    }
  }
  req.set_opinion(inv_.Get("opinion"));
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, &AppStub::ProposeDecision, req, &a, true)) return kExitRpcError;
  return Done(a, msg::kDoneProposed, RenderApplication(a, lang_));
}

int AidRunner::Approve(const std::string& step) {
  std::optional<int64_t> version = ApplicationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::ApprovalRequest req;
  req.set_request_id(r_.request_id_);
  req.set_application_id(inv_.args[0]);
  req.set_version(*version);
  req.set_outcome(inv_.Flag("agree") ? pb::APPROVAL_OUTCOME_AGREE : pb::APPROVAL_OUTCOME_RETURN);
  req.set_opinion(inv_.Get("opinion"));
  req.set_document_ref(inv_.Get("document"));
  if (inv_.Has("decided_on")) *req.mutable_decided_on() = DateOr("decided_on", false);
  if (inv_.Has("months")) {
    *req.mutable_amount() = AmountInputs();
    req.set_amount_reason(inv_.Get("amount_reason"));
  }
  req.set_decided_by_body(inv_.Get("body"));
  auto method = &AppStub::ReviewProposal;
  Text done = msg::kDoneReviewed;
  if (step == "decide") {
    method = &AppStub::DecideApplication;
    done = msg::kDoneDecided;
  } else if (step == "committee") {
    method = &AppStub::RecordCommitteeResolution;
    done = msg::kDoneCommittee;
  } else if (step == "higher-approval") {
    method = &AppStub::RecordHigherApproval;
    done = msg::kDoneHigher;
  }
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, method, req, &a, true)) return kExitRpcError;
  return Done(a, done, RenderApplication(a, lang_));
}

int AidRunner::Emergency() {
  std::optional<int64_t> version = ApplicationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::ApproveEmergencyAidRequest req;
  req.set_request_id(r_.request_id_);
  req.set_application_id(inv_.args[0]);
  req.set_version(*version);
  req.set_amount_fen(Fen("amount"));
  req.set_reason(inv_.Get("reason"));
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, &AppStub::ApproveEmergencyAid, req, &a, true)) return kExitRpcError;
  return Done(a, msg::kDoneEmergency, RenderApplication(a, lang_));
}

int AidRunner::PaperworkDone() {
  std::optional<int64_t> version = ApplicationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::CompleteEmergencyPaperworkRequest req;
  req.set_request_id(r_.request_id_);
  req.set_application_id(inv_.args[0]);
  req.set_version(*version);
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, &AppStub::CompleteEmergencyPaperwork, req, &a, true)) {
    return kExitRpcError;
  }
  return Done(a, msg::kDonePaperwork, RenderApplication(a, lang_));
}

int AidRunner::CloseApplication(bool revoke) {
  std::optional<int64_t> version = ApplicationVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::CloseApplicationRequest req;
  req.set_request_id(r_.request_id_);
  req.set_application_id(inv_.args[0]);
  req.set_version(*version);
  req.set_reason(inv_.Get("reason"));
  pb::Application a;
  if (!r_.Call(r_.stubs_.aid, revoke ? &AppStub::RevokeDecision : &AppStub::CloseUnpaid, req, &a,
               true)) {
    return kExitRpcError;
  }
  return Done(a, revoke ? msg::kDoneRevoked : msg::kDoneClosedUnpaid, RenderApplication(a, lang_));
}

}  // namespace shouhu::cli
