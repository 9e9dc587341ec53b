// The aid applications and their approval chain (AidApplicationService), independent of
// gRPC: each operation takes the authenticated principal and a request and returns the
// response or an absl::Status. Who may call is decided by the access table before an
// operation runs (access_policy.h); the operations check the record: the id's
// procuratorate first (CheckIdTenant), then the row (AssignedOrHead, the step actors of
// the procuratorate's policy, separation of duties).
//
// Every change runs through the mutation pipeline (idempotent by request id, version
// checked, audited). States and moves: chain.h (NextStatus) and docs/aid.md.
// Operations by group: application_ops.cc (register, read, edit, evaluate, amount),
// application_ops_chain.cc (proposal and approvals, emergency aid, closing),
// application_ops_records.cc (rights notices, prior aid), aid_events.cc (event reactions).
#ifndef SHOUHU_AID_APPLICATION_CORE_H_
#define SHOUHU_AID_APPLICATION_CORE_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "aid/application_repository.h"
#include "aid/deps.h"
#include "aid/rules.h"
#include "common/db/mutation.h"
#include "common/server/principal.h"
#include "shouhu/aid/v1/aid.pb.h"
#include "shouhu/common/v1/common.pb.h"

namespace shouhu::aid {

class ApplicationCore {
 public:
  // `rules` (the eligibility rule set) must outlive the core.
  ApplicationCore(AidDeps deps, const RuleSet* rules);

  absl::StatusOr<pb::Application> RegisterApplication(const Principal& p,
                                                      const pb::RegisterApplicationRequest& req);
  absl::StatusOr<pb::Application> GetApplication(const Principal& p,
                                                 const pb::GetApplicationRequest& req);
  absl::StatusOr<pb::ListApplicationsResponse> ListApplications(
      const Principal& p, const pb::ListApplicationsRequest& req);
  absl::StatusOr<pb::Application> UpdateApplication(const Principal& p,
                                                    const pb::UpdateApplicationRequest& req);
  absl::StatusOr<pb::AmountComputation> ComputeAmount(const Principal& p,
                                                      const pb::ComputeAmountRequest& req);
  absl::StatusOr<pb::EligibilityResult> EvaluateEligibility(
      const Principal& p, const pb::EvaluateEligibilityRequest& req);

  absl::StatusOr<pb::Application> ProposeDecision(const Principal& p,
                                                  const pb::ProposeDecisionRequest& req);
  absl::StatusOr<pb::Application> ReviewProposal(const Principal& p,
                                                 const pb::ApprovalRequest& req);
  absl::StatusOr<pb::Application> DecideApplication(const Principal& p,
                                                    const pb::ApprovalRequest& req);
  absl::StatusOr<pb::Application> RecordCommitteeResolution(const Principal& p,
                                                            const pb::ApprovalRequest& req);
  absl::StatusOr<pb::Application> RecordHigherApproval(const Principal& p,
                                                       const pb::ApprovalRequest& req);
  absl::StatusOr<pb::Application> ApproveEmergencyAid(const Principal& p,
                                                      const pb::ApproveEmergencyAidRequest& req);
  absl::StatusOr<pb::Application> CompleteEmergencyPaperwork(
      const Principal& p, const pb::CompleteEmergencyPaperworkRequest& req);
  absl::StatusOr<pb::Application> WithdrawApplication(const Principal& p,
                                                      const pb::WithdrawApplicationRequest& req);
  absl::StatusOr<pb::Application> RequestMaterials(const Principal& p,
                                                   const pb::RequestMaterialsRequest& req);
  absl::StatusOr<pb::Application> MaterialsReceived(const Principal& p,
                                                    const pb::MaterialsReceivedRequest& req);
  absl::StatusOr<pb::Application> RevokeDecision(const Principal& p,
                                                 const pb::CloseApplicationRequest& req);
  absl::StatusOr<pb::Application> CloseUnpaid(const Principal& p,
                                              const pb::CloseApplicationRequest& req);

  absl::StatusOr<pb::RightsNotice> RecordRightsNotice(const Principal& p,
                                                      const pb::RecordRightsNoticeRequest& req);
  absl::StatusOr<pb::ListRightsNoticesResponse> ListRightsNotices(
      const Principal& p, const pb::ListRightsNoticesRequest& req);
  absl::StatusOr<pb::PriorAid> RecordPriorAid(const Principal& p,
                                              const pb::RecordPriorAidRequest& req);

  // The event inbox's reaction (InboxReceiver::React), inside the transaction recording
  // the event: referral.accepted of a judicial-aid referral drafts an ex officio
  // application (once per referral); case.transferred moves the case's undecided
  // applications; case.closed closes the case's undecided applications (CLOSED_UNPAID,
  // "case closed before decision") and notes the closure on its APPROVED ones
  // (case_closed_on). Other topics are ignored.
  [[nodiscard]] absl::Status ReactToEvent(db::Tx& tx, const cpb::Event& event);

 private:
  using Change = std::function<absl::Status(db::Mutation&, AppRow&)>;
  // Loads the application (tenant from the id first, then FOR UPDATE), checks the
  // version, runs `change`, writes the row and an audit record "aid.<action>".
  absl::StatusOr<pb::Application> Mutate(const Principal& p, absl::string_view method,
                                         const google::protobuf::Message& req,
                                         const std::string& request_id, const std::string& id,
                                         int64_t version, absl::string_view action,
                                         const Change& change);
  // One approval step after the proposal (head review, chief decision, committee,
  // higher level).
  absl::StatusOr<pb::Application> Approve(const Principal& p, absl::string_view method,
                                          pb::ApprovalStep step, const pb::ApprovalRequest& req);
  // Applies the proposal's or a reviewer's amount inputs: ComputeAmount with the wage
  // table and the policy.
  absl::StatusOr<pb::AmountComputation> Amount(db::Tx& tx, const AppRow& row,
                                               const pb::AmountComputation& input,
                                               bool over_cap_approved) const;
  absl::StatusOr<pb::EligibilityResult> Eligibility(db::Tx& tx, const AppRow& row);
  // The party's claim on the original case (once per party per case) and the prior-aid
  // declarations: FAILED_PRECONDITION naming ALREADY_AIDED when taken.
  absl::Status ClaimParty(db::Tx& tx, AppRow& row, absl::Time now);
  // What callers see: identity and sealed card fields masked (in clear when `unmasked`,
  // for an audited read with a purpose), deadlines computed today.
  pb::Application Present(const AppRow& row, bool unmasked = false) const;
  // An unmasked read of `row` (GetApplicationRequest.unmask_purpose): only the assigned
  // caseworker, a department head or the chief; audited "aid.read_unmasked" with the
  // purpose sealed (UnmaskPurposeRow), in `tx`.
  absl::Status AuditUnmaskedRead(db::Tx& tx, const Principal& p, const AppRow& row,
                                 const std::string& purpose) const;
  absl::CivilDay Today() const;
  // case.closed (aid_events.cc).
  absl::Status CloseWithCase(db::Tx& tx, const cpb::Event& e, const std::string& case_id,
                             absl::Time now);

  AidDeps d_;
  const RuleSet* rules_;
  ApplicationRepository repo_;
  db::MutationRunner mutations_;
};

// "<application>: <party key>": the applicant's referral-service person id, or "idh:" and
// a keyed hash of the normalised ID number; "" when neither is known.
std::string PartyKey(const FieldCipher& cipher, const AppRow& row);

// Gives `amount_fen` of what the decision reserved back to the REGULAR pot of the
// decision's year (revoked, or closed without payment).
[[nodiscard]] absl::Status ReleaseDecided(db::Tx& tx, const pb::Application& a, int64_t amount_fen,
                                          const std::string& actor, absl::Time now);

// The reasons of the recoveries opened for a paid advance.
inline constexpr char kRefusedAdvanceReason[] = "决定不予救助，追回已发放的先行救助金";
inline constexpr char kWithdrawnAdvanceReason[] = "申请人撤回申请，追回已发放的先行救助金";
inline constexpr char kCaseClosedAdvanceReason[] = "案件在救助决定前结案，追回已发放的先行救助金";
// The closing reason of an application closed because its case closed before a decision.
inline constexpr char kCaseClosedReason[] = "case closed before decision";

// An application ending without an award (refused, withdrawn, closed with its case) after
// an emergency advance (先行救助) was approved: settlement RECOVER, the unpaid part of the
// advance back to the EMERGENCY pot (ReleaseUnpaidAdvance), and the recovery (追回) of what
// was paid opened in the same transaction (OpenAdvanceRecovery, the applicant as debtor).
// `reason` is the recovery's. Nothing when no advance was approved.
[[nodiscard]] absl::Status SettleAdvanceWithoutAward(db::Tx& tx, const AidDeps& deps, AppRow& row,
                                                     const std::string& reason,
                                                     const std::string& actor,
                                                     const std::string& request_id, absl::Time now);

// An application refused or withdrawn after an emergency advance (先行救助) was approved:
// the part of the advance's reservation not paid out goes back to the EMERGENCY pot of
// the approval's year (what was paid is to be recovered: settlement RECOVER).
[[nodiscard]] absl::Status ReleaseUnpaidAdvance(db::Tx& tx, const pb::Application& a,
                                                const std::string& actor, absl::Time now);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_APPLICATION_CORE_H_
