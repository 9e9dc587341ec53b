// The aid commands of recovery, social-aid suggestions, statistics and configuration.
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/aid_catalog.h"
#include "cli/aid_render.h"
#include "cli/aid_runner.h"
#include "cli/money.h"
#include "cli/runner_impl.h"

namespace shouhu::cli {
namespace {

using RecStub = pb::RecoveryService::StubInterface;
using SocialStub = pb::SocialAidService::StubInterface;
using StatsStub = pb::AidStatisticsService::StubInterface;
using ConfigStub = pb::AidConfigService::StubInterface;

}  // namespace

// --- Recovery ----------------------------------------------------------------------------

int AidRunner::RecoveryOpen() {
  pb::OpenRecoveryRequest req;
  req.set_request_id(r_.request_id_);
  req.set_application_id(inv_.args[0]);
  req.set_kind(EnumArg<pb::RecoveryKind>("RECOVERY_KIND_", inv_.Get("kind")));
  req.set_debtor(inv_.Get("debtor"));
  req.set_reason(inv_.Get("reason"));
  req.set_amount_due_fen(Fen("amount"));
  if (inv_.Has("destination")) {
    req.set_destination(
        EnumArg<pb::RecoveryDestination>("RECOVERY_DESTINATION_", inv_.Get("destination")));
  }
  pb::Recovery r;
  if (!r_.Call(r_.stubs_.recovery, &RecStub::OpenRecovery, req, &r, true)) return kExitRpcError;
  return Done(r, msg::kDoneRecoveryOpened, RenderRecovery(r, lang_));
}

int AidRunner::RecoveryReceipt() {
  pb::RecordRecoveryReceiptRequest req;
  req.set_request_id(r_.request_id_);
  req.set_recovery_id(inv_.args[0]);
  req.set_version(inv_.Int("version", 0));  // Required by the parser.
  req.set_amount_fen(Fen("amount"));
  *req.mutable_received_on() = DateOr("on", true);
  req.set_voucher_number(inv_.Get("voucher"));
  pb::Recovery r;
  if (!r_.Call(r_.stubs_.recovery, &RecStub::RecordRecoveryReceipt, req, &r, true)) {
    return kExitRpcError;
  }
  return Done(r, msg::kDoneRecoveryReceipt, RenderRecovery(r, lang_));
}

int AidRunner::RecoveryClose() {
  pb::CloseRecoveryRequest req;
  req.set_request_id(r_.request_id_);
  req.set_recovery_id(inv_.args[0]);
  req.set_version(inv_.Int("version", 0));  // Required by the parser.
  req.set_termination_reason(inv_.Get("reason"));
  req.set_cancel(inv_.Flag("cancel"));
  pb::Recovery r;
  if (!r_.Call(r_.stubs_.recovery, &RecStub::CloseRecovery, req, &r, true)) return kExitRpcError;
  return Done(r, msg::kDoneRecoveryClosed, RenderRecovery(r, lang_));
}

int AidRunner::Recoveries() {
  pb::ListRecoveriesRequest req;
  req.set_application_id(inv_.Get("application"));
  if (inv_.Has("status")) {
    req.set_status(EnumArg<pb::RecoveryStatus>("RECOVERY_STATUS_", inv_.Get("status")));
  }
  pb::ListRecoveriesResponse resp;
  if (!r_.Page(r_.stubs_.recovery, &RecStub::ListRecoveries, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] { return RenderRecoveryTable(resp.recoveries(), lang_); });
}

// --- Social-aid suggestions --------------------------------------------------------------

int AidRunner::Suggest() {
  pb::IssueSuggestionRequest req;
  req.set_request_id(r_.request_id_);
  if (inv_.Has("draft")) {
    req.set_suggestion_id(inv_.Get("draft"));
    req.set_version(inv_.Int("version", 0));
  } else {
    req.set_case_id(inv_.args[0]);
  }
  req.set_application_id(inv_.Get("application"));
  req.set_agency_code(inv_.Get("agency"));
  if (inv_.Has("measure")) {
    req.set_measure(EnumArg<pb::MeasureKind>("MEASURE_KIND_", inv_.Get("measure")));
  }
  req.set_content(inv_.Get("content"));
  req.set_person_id(inv_.Get("person"));
  if (inv_.Has("disclose")) {
    req.set_disclose_identity(true);
    req.set_disclosure_purpose(inv_.Get("disclose"));
  }
  if (inv_.Has("due")) *req.mutable_reply_due_on() = DateOr("due", false);
  pb::Suggestion s;
  if (!r_.Call(r_.stubs_.social, &SocialStub::IssueSuggestion, req, &s, true)) {
    return kExitRpcError;
  }
  return Done(s, msg::kDoneSuggested, RenderSuggestion(s, lang_));
}

int AidRunner::SuggestionOutcome() {
  pb::SuggestionUpdateRequest req;
  req.set_request_id(r_.request_id_);
  req.set_suggestion_id(inv_.args[0]);
  if (inv_.Has("version")) {
    req.set_version(inv_.Int("version", 0));
  } else {
    // An agency reads its own suggestion for the version.
    pb::GetAddressedSuggestionRequest get;
    get.set_suggestion_id(inv_.args[0]);
    pb::AgencySuggestion current;
    if (!r_.Call(r_.stubs_.social, &SocialStub::GetAddressedSuggestion, get, &current, false)) {
      return kExitRpcError;
    }
    req.set_version(current.version());
  }
  req.set_status(EnumArg<pb::SuggestionStatus>("SUGGESTION_STATUS_", inv_.args[1]));
  req.set_outcome(inv_.Get("outcome"));
  *req.mutable_outcome_on() = DateOr("on", true);
  if (inv_.Flag("granted") || inv_.Has("sessions") || inv_.Has("amount") || inv_.Has("start")) {
    pb::MeasureOutcome* m = req.mutable_measure_outcome();
    m->set_granted(inv_.Flag("granted"));
    m->set_sessions(static_cast<int32_t>(inv_.Int("sessions", 0)));
    m->set_amount_fen(Fen("amount"));
    if (inv_.Has("start")) *m->mutable_start_on() = DateOr("start", false);
  }
  pb::Suggestion s;
  if (!r_.Call(r_.stubs_.social, &SocialStub::ReportSuggestionOutcome, req, &s, true)) {
    return kExitRpcError;
  }
  return Done(s, msg::kDoneSuggestionOutcome, RenderSuggestion(s, lang_));
}

int AidRunner::Suggestions() {
  pb::ListSuggestionsRequest req;
  req.set_case_id(inv_.Get("case"));
  if (inv_.Has("status")) {
    req.set_status(EnumArg<pb::SuggestionStatus>("SUGGESTION_STATUS_", inv_.Get("status")));
  }
  req.set_overdue_only(inv_.Flag("overdue"));
  pb::ListSuggestionsResponse resp;
  if (!r_.Page(r_.stubs_.social, &SocialStub::ListSuggestions, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] { return RenderSuggestionTable(resp.suggestions(), lang_); });
}

int AidRunner::Addressed() {
  if (!inv_.args.empty()) {
    pb::GetAddressedSuggestionRequest req;
    req.set_suggestion_id(inv_.args[0]);
    pb::AgencySuggestion s;
    if (!r_.Call(r_.stubs_.social, &SocialStub::GetAddressedSuggestion, req, &s, false)) {
      return kExitRpcError;
    }
    return Show(s, RenderAgencySuggestion(s, lang_));
  }
  pb::ListAddressedSuggestionsRequest req;
  if (inv_.Has("status")) {
    req.set_status(EnumArg<pb::SuggestionStatus>("SUGGESTION_STATUS_", inv_.Get("status")));
  }
  req.set_overdue_only(inv_.Flag("overdue"));
  pb::ListAddressedSuggestionsResponse resp;
  if (!r_.Page(r_.stubs_.social, &SocialStub::ListAddressedSuggestions, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] { return RenderAgencySuggestionTable(resp.suggestions(), lang_); });
}

// --- Statistics and configuration --------------------------------------------------------

int AidRunner::Stats() {
  pb::GetAidStatisticsRequest req;
  req.set_period(EnumArg<pb::StatsPeriod>("STATS_PERIOD_", inv_.Get("period")));
  req.set_year(static_cast<int32_t>(inv_.Int("year", 0)));
  req.set_number(static_cast<int32_t>(inv_.Int("number", 0)));
  if (inv_.Has("group_by")) {
    req.set_group_by(EnumArg<pb::StatsGroupBy>("STATS_GROUP_BY_", inv_.Get("group_by")));
  }
  pb::GetAidStatisticsResponse resp;
  if (!r_.Call(r_.stubs_.stats, &StatsStub::GetAidStatistics, req, &resp, false)) {
    return kExitRpcError;
  }
  return Show(resp, RenderStats(resp, lang_));
}

int AidRunner::WageSet() {
  pb::UpsertWageEntryRequest req;
  req.set_request_id(r_.request_id_);
  pb::WageEntry* e = req.mutable_entry();
  e->set_province_code(inv_.args[0]);
  int year = 0;
  (void)absl::SimpleAtoi(inv_.args[1], &year);  // Validated by the parser.
  e->set_year(year);
  e->set_monthly_wage_fen(Fen("wage"));
  e->set_source(inv_.Get("source"));
  e->set_basis(inv_.Get("basis"));
  pb::WageEntry out;
  if (!r_.Call(r_.stubs_.config, &ConfigStub::UpsertWageEntry, req, &out, true)) {
    return kExitRpcError;
  }
  return Done(out, msg::kDoneWage, RenderWageEntry(out, lang_));
}

int AidRunner::Wages() {
  pb::ListWageEntriesRequest req;
  req.set_province_code(inv_.Get("province"));
  req.set_history(inv_.Flag("history"));
  pb::ListWageEntriesResponse resp;
  if (!r_.Page(r_.stubs_.config, &ConfigStub::ListWageEntries, req, &resp)) return kExitRpcError;
  return Show(resp, RenderWages(resp, lang_));
}

int AidRunner::Policy() {
  pb::GetAidPolicyRequest req;
  req.set_procuratorate_code(inv_.Get("procuratorate"));
  pb::AidPolicy p;
  if (!r_.Call(r_.stubs_.config, &ConfigStub::GetAidPolicy, req, &p, false)) return kExitRpcError;
  return Show(p, RenderPolicy(p, lang_));
}

int AidRunner::PolicySet() {
  // The policy is replaced whole: read it, change what was given, send it back.
  pb::GetAidPolicyRequest get;
  get.set_procuratorate_code(inv_.Get("procuratorate"));
  pb::UpdateAidPolicyRequest req;
  pb::AidPolicy* p = req.mutable_policy();
  if (!r_.Call(r_.stubs_.config, &ConfigStub::GetAidPolicy, get, p, false)) return kExitRpcError;
  req.set_request_id(r_.request_id_);
  if (inv_.Has("version")) p->set_version(inv_.Int("version", 0));
  if (inv_.Has("committee_threshold")) p->set_committee_threshold_fen(Fen("committee_threshold"));
  if (inv_.Has("emergency_cap")) p->set_emergency_cap_fen(Fen("emergency_cap"));
  auto days = [&](const char* option, int32_t current) {
    return static_cast<int32_t>(inv_.Int(option, current));
  };
  p->set_cap_months(days("cap_months", p->cap_months()));
  p->set_decision_working_days(days("decision_days", p->decision_working_days()));
  p->set_notify_working_days(days("notify_days", p->notify_working_days()));
  p->set_emergency_paperwork_working_days(
      days("paperwork_days", p->emergency_paperwork_working_days()));
  p->set_suggestion_reply_working_days(days("reply_days", p->suggestion_reply_working_days()));
  pb::AidPolicy out;
  if (!r_.Call(r_.stubs_.config, &ConfigStub::UpdateAidPolicy, req, &out, true)) {
    return kExitRpcError;
  }
  return Done(out, msg::kDonePolicy, RenderPolicy(out, lang_));
}

}  // namespace shouhu::cli
