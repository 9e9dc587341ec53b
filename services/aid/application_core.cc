// What the application operations share: the mutation frame, amounts, eligibility, the
// party claim and the masked view.
#include "aid/application_core.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "aid/amount.h"
#include "aid/config_repository.h"
#include "aid/deadline_changes.h"
#include "aid/fund_ledger.h"
#include "aid/recovery.h"
#include "common/base/dates.h"
#include "common/base/id_number.h"
#include "common/base/mask.h"
#include "common/base/status_macros.h"
#include "common/server/tenant.h"

namespace shouhu::aid {
namespace {

bool Undecided(pb::ApplicationStatus s) {
  switch (s) {
    case pb::APPLICATION_STATUS_UNDER_REVIEW:
    case pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW:
    case pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION:
    case pb::APPLICATION_STATUS_PENDING_COMMITTEE:
    case pb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL:
      return true;
    default:
      return false;
  }
}

std::string MaskAccount(absl::string_view account) {
  if (account.empty()) return "";
  const size_t keep = account.size() > 4 ? 4 : 0;
  return absl::StrCat("****", account.substr(account.size() - keep));
}

// The masked view of the applicant's identity and the card's sealed fields.
void MaskCard(const AppRow& row, cpb::Person& who, pb::ApplicationDetails& d) {
  if (!row.applicant.id_number().empty()) {
    who.set_id_number(MaskIdNumber(row.applicant.id_number()));
  }
  if (!row.applicant.phone().empty()) who.set_phone(MaskPhone(row.applicant.phone()));
  if (!row.applicant.address().empty()) who.set_address(MaskAddress(row.applicant.address()));
  if (!d.household_registration().empty()) {
    d.set_household_registration(MaskAddress(d.household_registration()));
  }
  if (!d.applicant_address().empty()) d.set_applicant_address(MaskAddress(d.applicant_address()));
  if (!d.legal_representative().empty()) {
    d.set_legal_representative(MaskName(d.legal_representative()));
  }
  if (!d.agent().empty()) d.set_agent(MaskName(d.agent()));
  if (d.has_bank_account()) {
    d.mutable_bank_account()->set_name(MaskName(d.bank_account().name()));
    d.mutable_bank_account()->set_account_number(MaskAccount(d.bank_account().account_number()));
  }
}

}  // namespace

std::string PartyKey(const FieldCipher& cipher, const AppRow& row) {
  if (!row.app.details().applicant_person_id().empty()) {
    return row.app.details().applicant_person_id();
  }
  if (!row.applicant.id_number().empty()) {
    return absl::StrCat("idh:", cipher.KeyedHash("aid.party_id_number",
                                                 NormalizeIdNumber(row.applicant.id_number())));
  }
  return "";
}

ApplicationCore::ApplicationCore(AidDeps deps, const RuleSet* rules)
    : d_(deps), rules_(rules), repo_(deps.cipher, deps.metrics), mutations_(deps.Mutations()) {}

absl::CivilDay ApplicationCore::Today() const { return ChinaDay(d_.clock->Now()); }

absl::StatusOr<pb::Application> ApplicationCore::Mutate(
    const Principal& p, absl::string_view method, const google::protobuf::Message& req,
    const std::string& request_id, const std::string& id, int64_t version, absl::string_view action,
    const Change& change) {
  return mutations_.Run<pb::Application>(
      {.actor = p.Name(), .method = std::string(method), .request_id = request_id}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Application> {
        ASSIGN_OR_RETURN(std::optional<AppRow> found, repo_.Get(m.tx(), id, /*lock=*/true));
        if (!found.has_value()) return absl::NotFoundError("application not found");
        AppRow& row = *found;
        if (row.app.procuratorate_code() != p.procuratorate) {
          return absl::PermissionDeniedError("the application belongs to another procuratorate");
        }
        RETURN_IF_ERROR(m.CheckVersion(row.app.version(), version));
        const pb::ApplicationStatus before = row.app.status();
        const AppRow read = row;
        RETURN_IF_ERROR(change(m, row));
        RETURN_IF_ERROR(repo_.Update(m.tx(), row, m.now()));
        RETURN_IF_ERROR(PublishApplicationDeadlines(m.tx(), *d_.ids, &read, &row, m.now()));
        RETURN_IF_ERROR(m.Audit(
            absl::StrCat("aid.", action), "aid_application", id, row.app.procuratorate_code(),
            absl::StrCat("{\"from\":", before, ",\"to\":", row.app.status(), "}")));
        return Present(row);
      });
}

absl::StatusOr<pb::AmountComputation> ApplicationCore::Amount(db::Tx& tx, const AppRow& row,
                                                              const pb::AmountComputation& input,
                                                              bool over_cap_approved) const {
  const std::string& proc = row.app.procuratorate_code();
  AmountContext ctx;
  ASSIGN_OR_RETURN(ctx.policy, LoadPolicy(tx, proc));
  ctx.procuratorate_code = proc;
  ctx.wanted_wage_year = row.app.registered_on().year() - 1;
  ASSIGN_OR_RETURN(ctx.wage, LoadWage(tx, ProvinceOf(proc), ctx.wanted_wage_year));
  ctx.compensation_received_fen = row.app.details().compensation_received_fen();
  ctx.other_aid_received_fen = row.app.details().other_aid_received_fen();
  ctx.over_cap_approved = over_cap_approved;
  return ::shouhu::aid::ComputeAmount(ctx, input);
}

absl::StatusOr<pb::EligibilityResult> ApplicationCore::Eligibility(db::Tx& tx, const AppRow& row) {
  EligibilityInput in;
  in.details = &row.app.details();
  const std::string& person = row.app.details().applicant_person_id();
  if (!person.empty() && !row.original_case_number.empty()) {
    ASSIGN_OR_RETURN(in.prior_aid, repo_.PriorAidOf(tx, person, row.original_case_number));
  }
  const std::string party = PartyKey(*d_.cipher, row);
  if (!party.empty() && !row.original_case_number.empty()) {
    ASSIGN_OR_RETURN(std::optional<std::string> holder,
                     repo_.ClaimHolder(tx, party, row.original_case_number));
    in.already_granted_here = holder.has_value() && *holder != row.app.application_id();
  }
  return Evaluate(*rules_, in);
}

absl::Status ApplicationCore::ClaimParty(db::Tx& tx, AppRow& row, absl::Time now) {
  row.original_case_number = NormalizeCaseNumber(row.app.details().original_case().case_number());
  const std::string party = PartyKey(*d_.cipher, row);
  if (party.empty() || row.original_case_number.empty()) {
    // Nothing to claim on yet (an ex officio draft); the proposal requires both.
    return repo_.ReleaseClaim(tx, row.app.application_id());
  }
  const std::string& person = row.app.details().applicant_person_id();
  if (!person.empty()) {
    ASSIGN_OR_RETURN(std::vector<pb::PriorAid> prior,
                     repo_.PriorAidOf(tx, person, row.original_case_number));
    if (!prior.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "ALREADY_AIDED: the applicant was already aided for this original case by ",
          prior.front().organ_name(), " (declaration ", prior.front().prior_aid_id(), ")"));
    }
  }
  return repo_.Claim(tx, party, row.original_case_number, row.app.application_id(),
                     row.app.procuratorate_code(), now);
}

pb::Application ApplicationCore::Present(const AppRow& row, bool unmasked) const {
  pb::Application a = row.app;
  const absl::CivilDay today = Today();
  cpb::Person* who = a.mutable_applicant();
  who->set_person_id(a.details().applicant_person_id());
  who->set_name(unmasked ? row.applicant.name() : MaskName(row.applicant.name()));
  who->set_sex(row.applicant.sex());
  std::optional<absl::CivilDay> birth;
  if (row.applicant.has_birth_date()) {
    birth = ToCivilDay(row.applicant.birth_date());
  } else if (auto from_id = BirthDateFromIdNumber(row.applicant.id_number()); from_id.ok()) {
    birth = *from_id;
  }
  if (birth.has_value()) {
    *who->mutable_birth_date() = FromCivilDay(*birth);
    who->set_minor(AgeOn(*birth, today) < 18);
  }
  who->set_ethnicity(row.applicant.ethnicity());
  if (unmasked) {
    who->set_id_number(row.applicant.id_number());
    who->set_phone(row.applicant.phone());
    who->set_address(row.applicant.address());
    who->set_unmasked(true);
  } else {
    MaskCard(row, *who, *a.mutable_details());
  }
  a.set_decision_overdue(Undecided(a.status()) && a.decided_on().year() == 0 &&
                         ToCivilDay(a.decision_due_on()) < today);
  if (a.has_emergency()) {
    pb::EmergencyAdvance* e = a.mutable_emergency();
    e->set_paperwork_overdue(!e->paperwork_done() && e->has_paperwork_due_on() &&
                             ToCivilDay(e->paperwork_due_on()) < today);
  }
  return a;
}

absl::Status ReleaseDecided(db::Tx& tx, const pb::Application& a, int64_t amount_fen,
                            const std::string& actor, absl::Time now) {
  return ReleaseFunds(tx, FundMove{.procuratorate = a.procuratorate_code(),
                                   .year = a.decided_on().year(),
                                   .pot = pb::FUND_POT_REGULAR,
                                   .amount_fen = amount_fen,
                                   .application_id = a.application_id(),
                                   .payment_id = "",
                                   .actor = actor,
                                   .at = now});
}

absl::Status ReleaseUnpaidAdvance(db::Tx& tx, const pb::Application& a, const std::string& actor,
                                  absl::Time now) {
  const pb::EmergencyAdvance& e = a.emergency();
  const int64_t unpaid = e.amount_fen() - e.paid_fen();
  if (e.amount_fen() <= 0 || unpaid <= 0) return absl::OkStatus();
  const absl::CivilDay approved = ChinaDay(FromTimestamp(e.approved_at()));
  return ReleaseFunds(tx, FundMove{.procuratorate = a.procuratorate_code(),
                                   .year = static_cast<int>(approved.year()),
                                   .pot = pb::FUND_POT_EMERGENCY,
                                   .amount_fen = unpaid,
                                   .application_id = a.application_id(),
                                   .payment_id = "",
                                   .actor = actor,
                                   .at = now});
}

absl::Status SettleAdvanceWithoutAward(db::Tx& tx, const AidDeps& deps, AppRow& row,
                                       const std::string& reason, const std::string& actor,
                                       const std::string& request_id, absl::Time now) {
  pb::Application& a = row.app;
  if (a.emergency().amount_fen() <= 0) return absl::OkStatus();
  a.mutable_emergency()->set_settlement(pb::EmergencyAdvance::SETTLEMENT_RECOVER);
  RETURN_IF_ERROR(ReleaseUnpaidAdvance(tx, a, actor, now));
  // The debtor is who received the advance: the applicant, else the account holder.
  std::string debtor = row.applicant.name();
  if (debtor.empty()) debtor = a.details().bank_account().name();
  if (debtor.empty()) debtor = a.details().applicant_person_id();
  return OpenAdvanceRecovery(tx, deps, a, debtor, reason, actor, request_id, now).status();
}

}  // namespace shouhu::aid
