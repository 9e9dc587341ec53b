// Steps of the end-to-end flows that more than one test takes, as requests built from the
// records they act on (a test sends them with the caller whose step it is and checks the
// answers it cares about), and the composite flows built from them.
//   Judicial aid (国家司法救助) to a payment: the accepted lead drafts an ex officio
//   application; the caseworker completes the card (案卡) and proposes one month's wage,
//   the department head agrees, the chief decides; finance records the funds and pays.
//   Guardianship (督促监护令, e2e_order_calls.cc) to an order under supervision: the
//   caseworker drafts naming both parents and a guidance agency, submits, the chief
//   approves, the order is served on the mother and then the father (order.issued).
#ifndef SHOUHU_TESTS_SUPPORT_E2E_CALLS_H_
#define SHOUHU_TESTS_SUPPORT_E2E_CALLS_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {

namespace apb = ::shouhu::aid::v1;

inline const User kChief{"chief-wu", "吴检察长", "520382", {"chief"}, "chief_procurator"};
inline const User kFinance{"fin-qian", "钱会计", "520382", {"finance"}};

// Waits up to 30 s for `done` (events travel through outboxes and relays).
bool Eventually(const std::function<bool()>& done);

// A judicial-aid lead submitted by police-renhuai, assigned by kHead to kCaseworker and
// accepted by the caseworker (its case_id set); failures are test failures.
pb::Referral AcceptedAidLead(Platform& p);

// The province's monthly wage of `year` - 1 (800,000 fen, as admin) and a regular fund of
// `year` (as finance) of `fund_fen`; an error names the step. Replays are harmless only
// with new request ids: call once per platform and year.
absl::Status SeedAidMoney(Platform& p, int year, int64_t fund_fen);

// The ex officio application drafted on `case_id` (waits for referral.accepted to arrive).
absl::StatusOr<apb::Application> AwaitExOfficioApplication(Platform& p, const std::string& case_id);

// The requests of the steps, for the application or disbursement as last read.
apb::UpdateApplicationRequest AidCardRequest(const apb::Application& app);
apb::ProposeDecisionRequest AidProposeRequest(const apb::Application& app);  // one month, grant
apb::ApprovalRequest AidReviewRequest(const apb::Application& app);          // agree
apb::ApprovalRequest AidDecideRequest(const apb::Application& app);          // agree, doc ref
// A lump sum of `amount_fen` to the victim, due today.
apb::PlanDisbursementRequest AidPlanRequest(const apb::Application& app, int64_t amount_fen);
apb::RecordFundsArrivedRequest AidArrivedRequest(const apb::Disbursement& d);
apb::RecordPaymentRequest AidPayRequest(const apb::Disbursement& d, int64_t amount_fen);

// The whole flow on a new lead: the payment (aid.paid follows), with the lead and the
// decided application when asked for. Needs SeedAidMoney first.
struct AidPaid {
  pb::Referral lead;
  apb::Application application;
  apb::Payment payment;
};
absl::StatusOr<AidPaid> PayAidOnNewLead(Platform& p);

// --- Guardianship ----------------------------------------------------------------------

// A supervision order (三个月) on `case_id` naming both parents, failings of compulsory
// education and living alone, and `guidance_agency` for four guidance sessions; its facts
// end with the case id.
gpb::DraftOrderRequest SupervisionOrderDraft(const std::string& case_id,
                                             const std::string& father_id,
                                             const std::string& mother_id,
                                             const std::string& guidance_agency);
gpb::OrderActionRequest OrderSubmitRequest(const gpb::Order& o);
gpb::OrderActionRequest OrderApproveRequest(const gpb::Order& o);  // agree, with a note
// Served today by announcement (宣告送达), admonished, signed.
gpb::GuardianService ServedGuardian(const std::string& person_id);
// Service of `o` on one guardian, with one attendee.
gpb::RecordServiceRequest OrderServiceRequest(const gpb::Order& o, const std::string& person_id,
                                              const std::string& attendee);
// The steps above as kCaseworker (kChief approves): the order UNDER_SUPERVISION.
absl::StatusOr<gpb::Order> IssueSupervisionOrder(Platform& p, const std::string& case_id,
                                                 const std::string& father_id,
                                                 const std::string& mother_id,
                                                 const std::string& guidance_agency);

}  // namespace shouhu::e2e

#endif  // SHOUHU_TESTS_SUPPORT_E2E_CALLS_H_
