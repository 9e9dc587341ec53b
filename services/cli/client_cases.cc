// The case, people and registry commands of the `shouhu` client.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/runner_impl.h"

namespace shouhu::cli {
namespace cv1 = ::shouhu::common::v1;

// --- Cases -------------------------------------------------------------------------------

int Runner::Cases() {
  rv1::ListCasesRequest req;
  if (inv_.Has("status")) {
    req.set_status(EnumArg<rv1::CaseStatus>("CASE_STATUS_", inv_.Get("status")));
  }
  if (inv_.Has("kind")) {
    req.set_kind(EnumArg<rv1::ReferralKind>("REFERRAL_KIND_", inv_.Get("kind")));
  }
  req.set_assigned_to(inv_.Get("assigned_to"));
  req.set_subject_person_id(inv_.Get("person"));
  rv1::ListCasesResponse resp;
  if (!Page(stubs_.cases, &rv1::CaseService::StubInterface::ListCases, req, &resp)) {
    return kExitRpcError;
  }
  return Emit(resp, [&] {
    return RenderCaseTable({resp.cases().begin(), resp.cases().end()}, lang_);
  });
}

int Runner::ShowCase() {
  rv1::GetCaseRequest req;
  req.set_case_id(inv_.args[0]);
  rv1::Case c;
  if (!Call(stubs_.cases, &rv1::CaseService::StubInterface::GetCase, req, &c, false)) {
    return kExitRpcError;
  }
  return Emit(c, [&] { return RenderCase(c, lang_); });
}

int Runner::AssignCase() {
  std::optional<int64_t> version = CaseVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  rv1::AssignCaseRequest req;
  req.set_request_id(request_id_);
  req.set_case_id(inv_.args[0]);
  req.set_version(*version);
  req.set_caseworker(inv_.args[1]);
  rv1::Case c;
  if (!Call(stubs_.cases, &rv1::CaseService::StubInterface::AssignCase, req, &c, true)) {
    return kExitRpcError;
  }
  return Done(c, msg::kDoneCaseAssigned);
}

int Runner::CloseCase() {
  std::optional<int64_t> version = CaseVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  rv1::CloseCaseRequest req;
  req.set_request_id(request_id_);
  req.set_case_id(inv_.args[0]);
  req.set_version(*version);
  req.set_reason(EnumArg<rv1::CloseReason>("CLOSE_REASON_", inv_.args[1]));
  req.set_note(inv_.Get("note"));
  rv1::Case c;
  if (!Call(stubs_.cases, &rv1::CaseService::StubInterface::CloseCase, req, &c, true)) {
    return kExitRpcError;
  }
  return Done(c, msg::kDoneCaseClosed);
}

int Runner::Transfer() {
  std::optional<int64_t> version = CaseVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  rv1::TransferCaseRequest req;
  req.set_request_id(request_id_);
  req.set_case_id(inv_.args[0]);
  req.set_version(*version);
  req.set_to_procuratorate_code(inv_.args[1]);
  req.set_reason(inv_.args[2]);
  rv1::Case c;
  if (!Call(stubs_.cases, &rv1::CaseService::StubInterface::TransferCase, req, &c, true)) {
    return kExitRpcError;
  }
  return Done(c, msg::kDoneTransferOffered);
}

int Runner::Transfers() {
  rv1::ListIncomingTransfersResponse resp;
  if (!Page(stubs_.cases, &rv1::CaseService::StubInterface::ListIncomingTransfers,
            rv1::ListIncomingTransfersRequest(), &resp)) {
    return kExitRpcError;
  }
  return Emit(resp, [&] {
    return RenderCaseTable({resp.cases().begin(), resp.cases().end()}, lang_);
  });
}

int Runner::DecideTransfer(bool accept) {
  std::optional<int64_t> version = TransferVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  rv1::DecideTransferRequest req;
  req.set_request_id(request_id_);
  req.set_case_id(inv_.args[0]);
  req.set_version(*version);
  if (!accept) req.set_note(inv_.args[1]);
  rv1::Case c;
  auto method = accept ? &rv1::CaseService::StubInterface::AcceptTransfer
                       : &rv1::CaseService::StubInterface::RejectTransfer;
  if (!Call(stubs_.cases, method, req, &c, true)) return kExitRpcError;
  return Done(c, accept ? msg::kDoneTransferAccepted : msg::kDoneTransferRejected);
}

// --- People ------------------------------------------------------------------------------

int Runner::ShowPerson() {
  rv1::GetPersonRequest req;
  req.set_person_id(inv_.args[0]);
  req.set_unmask(inv_.Flag("unmask"));
  req.set_purpose(inv_.Get("purpose"));
  cv1::Person person;
  if (!Call(stubs_.people, &rv1::PersonService::StubInterface::GetPerson, req, &person, false)) {
    return kExitRpcError;
  }
  return Emit(person, [&] { return RenderPerson(person, lang_); });
}

int Runner::UpdatePerson() {
  const std::string& person_id = inv_.args[0];
  rv1::UpdatePersonRequest req;
  req.set_request_id(request_id_);
  req.set_person_id(person_id);
  req.set_reason(inv_.args[1]);
  if (inv_.Has("from_referral")) {
    req.set_from_referral_id(inv_.Get("from_referral"));
    for (absl::string_view f : absl::StrSplit(inv_.Get("fields"), ',', absl::SkipEmpty())) {
      req.add_fields(std::string(f));
    }
    if (req.fields().empty()) {
      // Every field where the submission differs from the record, as the caseworker sees it.
      rv1::GetReferralRequest get;
      get.set_referral_id(req.from_referral_id());
      rv1::Referral referral;
      if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::GetReferral, get, &referral,
                false)) {
        return kExitRpcError;
      }
      bool named = false;
      for (const rv1::ReferralPerson& rp : referral.people()) {
        if (rp.person().person_id() != person_id) continue;
        named = true;
        for (const rv1::PersonFieldDifference& d : rp.differences()) req.add_fields(d.field());
      }
      if (!named) {
        err_ << absl::Substitute(msg::kPersonNotInReferral(lang_), req.from_referral_id(),
                                 person_id)
             << "\n";
        return kExitRpcError;
      }
      if (req.fields().empty()) {
        out_ << absl::Substitute(msg::kNoDifferences(lang_), req.from_referral_id(), person_id)
             << "\n";
        return kExitOk;
      }
    }
  } else {
    cv1::PersonInput* values = req.mutable_values();
    for (const char* option : kPersonValueOptions) {
      if (!inv_.Has(option)) continue;
      req.add_fields(option);
      const std::string value = inv_.Get(option);
      const absl::string_view o = option;
      if (o == "name") values->set_name(value);
      if (o == "sex") values->set_sex(EnumArg<cv1::Sex>("SEX_", value));
      if (o == "birth_date")
        *values->mutable_birth_date() = ParseDateArg(value).value_or(cv1::Date());
      if (o == "phone") values->set_phone(value);
      if (o == "address") values->set_address(value);
      if (o == "ethnicity") values->set_ethnicity(value);
    }
  }
  if (inv_.Has("version")) {
    req.set_version(inv_.Int("version", 0));
  } else {
    rv1::GetPersonRequest get;
    get.set_person_id(person_id);
    cv1::Person current;
    if (!Call(stubs_.people, &rv1::PersonService::StubInterface::GetPerson, get, &current, false)) {
      return kExitRpcError;
    }
    req.set_version(current.version());
  }
  cv1::Person person;
  if (!Call(stubs_.people, &rv1::PersonService::StubInterface::UpdatePerson, req, &person, true)) {
    return kExitRpcError;
  }
  return Done(person, msg::kDonePersonUpdated);
}

int Runner::PersonHistory() {
  rv1::ListPersonHistoryRequest req;
  req.set_person_id(inv_.args[0]);
  req.set_unmask(inv_.Flag("unmask"));
  req.set_purpose(inv_.Get("purpose"));
  rv1::ListPersonHistoryResponse resp;
  if (!Page(stubs_.people, &rv1::PersonService::StubInterface::ListPersonHistory, req, &resp)) {
    return kExitRpcError;
  }
  return Emit(resp, [&] {
    return RenderPersonHistory({resp.changes().begin(), resp.changes().end()}, lang_);
  });
}

int Runner::Duplicates() {
  rv1::ListDuplicateCandidatesResponse resp;
  if (!Page(stubs_.people, &rv1::PersonService::StubInterface::ListDuplicateCandidates,
            rv1::ListDuplicateCandidatesRequest(), &resp)) {
    return kExitRpcError;
  }
  return Emit(resp, [&] {
    return RenderDuplicateTable({resp.candidates().begin(), resp.candidates().end()}, lang_);
  });
}

int Runner::ResolveDuplicate() {
  rv1::ResolveDuplicateRequest req;
  req.set_request_id(request_id_);
  req.set_candidate_id(inv_.args[0]);
  req.set_same_person(absl::AsciiStrToLower(inv_.args[1]) == "same");
  rv1::DuplicateCandidate candidate;
  if (!Call(stubs_.people, &rv1::PersonService::StubInterface::ResolveDuplicate, req, &candidate,
            true)) {
    return kExitRpcError;
  }
  return Done(candidate, msg::kDoneDuplicateResolved);
}

// --- Registry ----------------------------------------------------------------------------

int Runner::UpsertProcuratorate() {
  rv1::UpsertProcuratorateRequest req;
  req.set_request_id(request_id_);
  req.mutable_procuratorate()->set_procuratorate_code(inv_.args[0]);
  req.mutable_procuratorate()->set_name(inv_.args[1]);
  rv1::Procuratorate p;
  if (!Call(stubs_.registry, &rv1::RegistryService::StubInterface::UpsertProcuratorate, req, &p,
            true)) {
    return kExitRpcError;
  }
  return Done(p, msg::kDoneProcuratorate);
}

int Runner::RegisterAgency() {
  rv1::RegisterAgencyRequest req;
  req.set_request_id(request_id_);
  rv1::Agency* agency = req.mutable_agency();
  agency->set_agency_code(inv_.args[0]);
  agency->set_name(inv_.args[1]);
  agency->set_type(EnumArg<rv1::AgencyType>("AGENCY_TYPE_", inv_.args[2]));
  agency->set_jurisdiction_code(inv_.args[3]);
  agency->set_procuratorate_code(inv_.args[4]);
  agency->set_active(true);
  rv1::Agency result;
  if (!Call(stubs_.registry, &rv1::RegistryService::StubInterface::RegisterAgency, req, &result,
            true)) {
    return kExitRpcError;
  }
  return Done(result, msg::kDoneAgency);
}

int Runner::ListAgencies() {
  rv1::ListAgenciesRequest req;
  req.set_procuratorate_code(inv_.Get("procuratorate"));
  rv1::ListAgenciesResponse resp;
  if (!Page(stubs_.registry, &rv1::RegistryService::StubInterface::ListAgencies, req, &resp)) {
    return kExitRpcError;
  }
  return Emit(resp, [&] {
    return RenderAgencyTable({resp.agencies().begin(), resp.agencies().end()}, lang_);
  });
}

}  // namespace shouhu::cli
