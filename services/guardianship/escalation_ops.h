// Escalations (EscalationService): draft, submit, approve (chief with a title from the
// policy, never the drafter; gapless document number of the kind), serve (the reply clock
// starts), reply (the caseworker or the addressee agency), court answers, close with the
// outcome, follow-up of a suggestion not adopted, reads for the procuratorate and the
// addressee agency's view, and structured identity disclosure to the addressee.
// Independent of gRPC (escalation_grpc.cc binds). Every change runs through the mutation
// pipeline: idempotent by request id, version-checked, audited.
#ifndef SHOUHU_GUARDIANSHIP_ESCALATION_OPS_H_
#define SHOUHU_GUARDIANSHIP_ESCALATION_OPS_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/mutation.h"
#include "common/server/access_policy.h"
#include "common/server/principal.h"
#include "guardianship/deps.h"
#include "guardianship/escalation_repository.h"

namespace shouhu::guardianship {

class EscalationCore {
 public:
  explicit EscalationCore(const GuardDeps& deps);

  absl::StatusOr<pb::Escalation> Draft(const Principal& p, const pb::DraftEscalationRequest& req);
  absl::StatusOr<pb::Escalation> Submit(const Principal& p, const pb::EscalationActionRequest& req);
  absl::StatusOr<pb::Escalation> Approve(const Principal& p,
                                         const pb::EscalationActionRequest& req);
  absl::StatusOr<pb::Escalation> RecordServed(const Principal& p,
                                              const pb::EscalationActionRequest& req);
  absl::StatusOr<pb::Escalation> RecordReply(const Principal& p,
                                             const pb::EscalationUpdateRequest& req);
  absl::StatusOr<pb::Escalation> RecordCourtAnswer(const Principal& p,
                                                   const pb::RecordCourtAnswerRequest& req);
  absl::StatusOr<pb::Escalation> Close(const Principal& p, const pb::EscalationUpdateRequest& req);
  absl::StatusOr<pb::IdentityDisclosureResponse> DiscloseIdentity(
      const Principal& p, const pb::DiscloseIdentityRequest& req);

  absl::StatusOr<pb::Escalation> Get(const Principal& p, const pb::GetEscalationRequest& req);
  absl::StatusOr<pb::ListEscalationsResponse> List(const Principal& p,
                                                   const pb::ListEscalationsRequest& req);
  absl::StatusOr<pb::AgencyEscalationView> GetAgency(const Principal& p,
                                                     const pb::GetEscalationRequest& req);
  absl::StatusOr<pb::ListAgencyEscalationsResponse> ListAgency(
      const Principal& p, const pb::ListAgencyEscalationsRequest& req);

 private:
  // A change of one stored escalation: the id's tenant checked (users), the row locked,
  // `who` required of the caller, the version checked, `step` applied, the row written,
  // `action` audited. The escalation as it is now is returned.
  using Step = std::function<absl::Status(EscalationRow& row, db::Mutation& m)>;
  absl::StatusOr<pb::Escalation> Change(const Principal& p, absl::string_view method,
                                        absl::string_view action,
                                        const google::protobuf::Message& req,
                                        const std::string& request_id, const std::string& id,
                                        int64_t version, const AccessCondition* who,
                                        const Step& step);
  // The escalation as returned to staff: reply_overdue on `today`, the disclosures.
  absl::StatusOr<pb::Escalation> Out(db::Tx& tx, const EscalationRow& row,
                                     absl::CivilDay today) const;
  pb::AgencyEscalationView AgencyView(const EscalationRow& row,
                                      const std::vector<DisclosureRow>& disclosed,
                                      absl::CivilDay today) const;
  absl::StatusOr<EscalationRow> ReadOne(const std::string& id) const;

  GuardDeps d_;
  SealedFields sealed_;
  EscalationRepository repo_;
  db::MutationRunner mutations_;
};

// What a NOT_COMPLIED evaluation proposes (EvaluateOrder): a DRAFT escalation of the
// order's case for the caseworker to confirm or withdraw.
struct EscalationProposal {
  std::string order_id;
  std::string case_id;
  std::string procuratorate;
  std::string assigned_to;  // the order's caseworker (user id)
  std::string department;
  pb::EscalationKind kind = pb::ESCALATION_KIND_UNSPECIFIED;  // UNSPECIFIED: a 检察建议 (Art. 114)
  std::string addressee_agency_code;  // required; checked by the caller (registered)
  std::string content;                // empty: a placeholder text for the caseworker to edit
  ::shouhu::common::v1::Actor drafted_by;
};

// Writes the proposed DRAFT in the caller's mutation (audited as
// "guardianship.escalation.propose") and returns its id; one proposal per order: when the
// order already proposed one, its id is returned and nothing is written.
absl::StatusOr<std::string> ProposeEscalation(db::Mutation& m, const GuardDeps& deps,
                                              const EscalationProposal& in);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_ESCALATION_OPS_H_
