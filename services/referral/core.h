// The referral service's operations, independent of gRPC: each takes the authenticated
// principal and a request, and returns the response or an absl::Status. Handlers in
// grpc_service.cc only convert.
//
// Every mutation runs through the shared mutation pipeline (common/db/mutation.h):
// idempotent by request id (stored with the response in the same transaction), checks the
// version the caller read (ABORTED when stale), writes an audit record and, where another
// service cares, an outbox event (payloads in shouhu/referral/v1/events.proto) — all in
// one transaction.
//
// The operations are implemented by aggregate: referral_ops.cc, case_ops.cc,
// person_ops.cc, registry_ops.cc; the helpers they share are in core.cc.
#ifndef SHOUHU_REFERRAL_CORE_H_
#define SHOUHU_REFERRAL_CORE_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/base/clock.h"
#include "common/base/paging.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/db/mutation.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/ops/metrics.h"
#include "common/server/principal.h"
#include "referral/domain.h"
#include "referral/repository.h"
#include "shouhu/oversight/v1/review.pb.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::referral {

struct CoreDeps {
  db::ConnectionPool* pool = nullptr;
  const Clock* clock = nullptr;
  IdGenerator* ids = nullptr;
  const FieldCipher* cipher = nullptr;
  const WorkingCalendar* calendar = nullptr;
  ReferralRules rules;
  // Optional: where shouhu_field_decrypt_failures_total{field} is counted.
  Registry* metrics = nullptr;
};

// Event topics the referral service publishes (payload types in events.proto).
inline constexpr char kTopicCaseOpened[] = "case.opened";              // pb::CaseOpened
inline constexpr char kTopicReferralAccepted[] = "referral.accepted";  // pb::ReferralAccepted
inline constexpr char kTopicCaseClosed[] = "case.closed";              // pb::CaseClosed
inline constexpr char kTopicCaseTransferred[] = "case.transferred";    // pb::CaseTransferred

class ReferralCore {
 public:
  explicit ReferralCore(CoreDeps deps);

  // Referrals.
  absl::StatusOr<pb::Referral> Submit(const Principal& p, const pb::SubmitReferralRequest& req);
  absl::StatusOr<pb::Referral> Get(const Principal& p, const pb::GetReferralRequest& req);
  absl::StatusOr<pb::ListReferralsResponse> List(const Principal& p,
                                                 const pb::ListReferralsRequest& req);
  absl::StatusOr<pb::Referral> Assign(const Principal& p, const pb::AssignReferralRequest& req);
  absl::StatusOr<pb::Referral> Accept(const Principal& p, const pb::AcceptReferralRequest& req);
  absl::StatusOr<pb::Referral> Decline(const Principal& p, const pb::DeclineReferralRequest& req);
  absl::StatusOr<pb::Referral> RequestInformation(const Principal& p,
                                                  const pb::RequestInformationRequest& req);
  absl::StatusOr<pb::Referral> Supplement(const Principal& p,
                                          const pb::SupplementReferralRequest& req);
  absl::StatusOr<pb::Referral> Withdraw(const Principal& p, const pb::WithdrawReferralRequest& req);
  absl::StatusOr<pb::GetTimelineResponse> Timeline(const Principal& p,
                                                   const pb::GetTimelineRequest& req);
  // Entries after `after`, and whether the referral is final (the watch may end when all
  // entries of a final referral were sent).
  absl::StatusOr<std::pair<std::vector<pb::TimelineEntry>, bool>> TimelineAfter(
      const Principal& p, const std::string& referral_id, int64_t after);

  // Statistics (stats_ops.cc): whole periods of the caller's procuratorate.
  absl::StatusOr<pb::GetReferralStatisticsResponse> Statistics(
      const Principal& p, const pb::GetReferralStatisticsRequest& req);

  // Cases.
  absl::StatusOr<pb::Case> GetCase(const Principal& p, const pb::GetCaseRequest& req);
  absl::StatusOr<pb::ListCasesResponse> ListCases(const Principal& p,
                                                  const pb::ListCasesRequest& req);
  absl::StatusOr<pb::Case> AssignCase(const Principal& p, const pb::AssignCaseRequest& req);
  absl::StatusOr<pb::Case> CloseCase(const Principal& p, const pb::CloseCaseRequest& req);
  absl::StatusOr<pb::Case> TransferCase(const Principal& p, const pb::TransferCaseRequest& req);
  absl::StatusOr<pb::ListIncomingTransfersResponse> ListIncomingTransfers(
      const Principal& p, const pb::ListIncomingTransfersRequest& req);
  absl::StatusOr<pb::Case> AcceptTransfer(const Principal& p, const pb::DecideTransferRequest& req);
  absl::StatusOr<pb::Case> RejectTransfer(const Principal& p, const pb::DecideTransferRequest& req);

  // The case-quality review's facts of a case (case_facts.cc): the case and its referrals,
  // for the oversight service only. An unknown case has no records (not an error).
  absl::StatusOr<::shouhu::oversight::v1::CaseFacts> GetCaseFacts(
      const Principal& p, const ::shouhu::oversight::v1::GetCaseFactsRequest& req);

  // People.
  absl::StatusOr<cpb::Person> GetPerson(const Principal& p, const pb::GetPersonRequest& req);
  absl::StatusOr<pb::ListDuplicateCandidatesResponse> ListDuplicateCandidates(
      const Principal& p, const pb::ListDuplicateCandidatesRequest& req);
  absl::StatusOr<pb::DuplicateCandidate> ResolveDuplicate(const Principal& p,
                                                          const pb::ResolveDuplicateRequest& req);
  absl::StatusOr<cpb::Person> UpdatePerson(const Principal& p, const pb::UpdatePersonRequest& req);
  absl::StatusOr<pb::ListPersonHistoryResponse> ListPersonHistory(
      const Principal& p, const pb::ListPersonHistoryRequest& req);

  // Registry.
  absl::StatusOr<pb::Procuratorate> UpsertProcuratorate(const Principal& p,
                                                        const pb::UpsertProcuratorateRequest& req);
  absl::StatusOr<pb::Agency> RegisterAgency(const Principal& p,
                                            const pb::RegisterAgencyRequest& req);
  absl::StatusOr<pb::ListAgenciesResponse> ListAgencies(const Principal& p,
                                                        const pb::ListAgenciesRequest& req);
  absl::StatusOr<pb::Agency> GetAgency(const Principal& p, const pb::GetAgencyRequest& req);
  // For authentication of agency certificates.
  absl::StatusOr<pb::Agency> LookupAgency(const std::string& code);

 private:
  db::MutationRequest MutationOf(const Principal& p, absl::string_view method,
                                 const std::string& request_id) const;
  // Loads, checks scope, version and transition, applies `change`, records the step.
  using Change = std::function<absl::Status(db::Mutation&, pb::Referral&)>;
  absl::StatusOr<pb::Referral> Transition(const Principal& p, absl::string_view method,
                                          const google::protobuf::Message& req,
                                          const std::string& request_id,
                                          const std::string& referral_id, int64_t version,
                                          Action action, const std::string& step,
                                          const std::string& message, const Change& change);
  // Who may change the case: its own procuratorate (checked from the id), or the
  // procuratorate a transfer is offered to (checked after the lookup).
  enum class CaseScope { kOwner, kTransferTarget };
  using CaseFn = std::function<absl::Status(db::Mutation&, pb::Case&)>;
  absl::StatusOr<pb::Case> CaseChange(const Principal& p, absl::string_view method,
                                      const google::protobuf::Message& req,
                                      const std::string& request_id, const std::string& case_id,
                                      int64_t version, const CaseFn& fn, CaseScope scope);
  absl::Status Step(db::Tx& tx, const pb::Referral& r, const Principal& p, const std::string& step,
                    const std::string& message);
  pb::Referral Present(const Principal& p, pb::Referral r) const;
  // PERMISSION_DENIED for agencies (which learn nothing about others' referrals), else
  // NOT_FOUND.
  absl::Status ReferralNotFound(const Principal& p) const;
  absl::StatusOr<pb::Referral> LoadForRead(const Principal& p, const std::string& id, db::Tx& tx);
  // An unmasked read needs a caseworker role and a purpose (INVALID_ARGUMENT without one).
  absl::Status CheckUnmask(const Principal& p, bool unmask, const std::string& purpose) const;
  // Writes the audit record of an unmasked read of `entity` in the read's transaction.
  absl::Status AuditUnmaskedRead(db::Tx& tx, const Principal& p, absl::string_view action,
                                 absl::string_view entity_type, const std::string& entity_id,
                                 const std::string& purpose);
  // Fills each person's submitted values and differences from the person record (for
  // procuratorate staff; unmasked and audited when the request asks).
  // UpdatePerson from a referral: what its agency submitted for the person, with a value
  // for every field the request names (INVALID_ARGUMENT otherwise).
  absl::StatusOr<cpb::PersonInput> SubmittedValues(db::Tx& tx, const pb::UpdatePersonRequest& req);
  absl::Status AddSubmittedDetails(db::Tx& tx, const Principal& p,
                                   const pb::GetReferralRequest& req, pb::Referral& r);

  CoreDeps d_;
  Repository repo_;
  db::MutationRunner mutations_;
};

// Page tokens are shared by every service: common/base/paging.h.
using ::shouhu::DecodePageToken;
using ::shouhu::EncodePageToken;

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_CORE_H_
