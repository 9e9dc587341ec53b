// The orders and their supervision (GuardianshipOrderService), independent of gRPC
// (order_grpc.cc only binds them behind the access table). Every change runs through the
// mutation pipeline: idempotent by request id, version-checked (stale: ABORTED), audited;
// serving the last guardian or recording a court order publishes order.issued. Bad input
// is INVALID_ARGUMENT naming the field with nothing written; ids of another procuratorate
// are refused from the id alone (PERMISSION_DENIED); unknown ids are NOT_FOUND.
#ifndef SHOUHU_GUARDIANSHIP_ORDER_OPS_H_
#define SHOUHU_GUARDIANSHIP_ORDER_OPS_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/db/mutation.h"
#include "common/server/access_policy.h"
#include "common/server/principal.h"
#include "guardianship/deps.h"
#include "guardianship/order_repository.h"
#include "shouhu/common/v1/common.pb.h"

namespace shouhu::guardianship {

inline constexpr char kTopicOrderIssued[] = "order.issued";
inline constexpr char kTopicOrderEnded[] = "order.ended";
// Consumed: the referral service's CaseTransferred.
inline constexpr char kTopicCaseTransferred[] = "case.transferred";

class OrderCore {
 public:
  explicit OrderCore(const GuardDeps& deps);

  // --- Lifecycle (order_ops.cc, order_ops_service.cc) --------------------------------
  absl::StatusOr<pb::Order> DraftOrder(const Principal& p, const pb::DraftOrderRequest& req);
  absl::StatusOr<pb::Order> SubmitOrder(const Principal& p, const pb::OrderActionRequest& req);
  absl::StatusOr<pb::Order> ApproveOrder(const Principal& p, const pb::OrderActionRequest& req);
  absl::StatusOr<pb::Order> CancelOrder(const Principal& p, const pb::OrderActionRequest& req);
  absl::StatusOr<pb::Order> RecordService(const Principal& p, const pb::RecordServiceRequest& req);
  absl::StatusOr<pb::Order> RecordCourtOrder(const Principal& p,
                                             const pb::RecordCourtOrderRequest& req);
  absl::StatusOr<pb::Order> ExtendCompliancePeriod(const Principal& p,
                                                   const pb::OrderActionRequest& req);
  absl::StatusOr<pb::Order> TerminateOrder(const Principal& p,
                                           const pb::TerminateOrderRequest& req);
  absl::StatusOr<pb::Order> EvaluateOrder(const Principal& p, const pb::EvaluateOrderRequest& req);

  // --- Supervision (order_supervision.cc) ---------------------------------------------
  absl::StatusOr<pb::GuidanceSession> RecordGuidanceSession(
      const Principal& p, const pb::RecordGuidanceSessionRequest& req);
  absl::StatusOr<pb::ListGuidanceSessionsResponse> ListGuidanceSessions(
      const Principal& p, const pb::ListGuidanceSessionsRequest& req);
  absl::StatusOr<pb::ComplianceCheck> RecordComplianceCheck(
      const Principal& p, const pb::RecordComplianceCheckRequest& req);
  absl::StatusOr<pb::ListComplianceChecksResponse> ListComplianceChecks(
      const Principal& p, const pb::ListComplianceChecksRequest& req);
  absl::StatusOr<pb::SupervisionSummary> GetSupervisionSummary(
      const Principal& p, const pb::GetSupervisionSummaryRequest& req);

  // --- Reads (order_reads.cc) ---------------------------------------------------------
  absl::StatusOr<pb::Order> GetOrder(const Principal& p, const pb::GetOrderRequest& req);
  absl::StatusOr<pb::ListOrdersResponse> ListOrders(const Principal& p,
                                                    const pb::ListOrdersRequest& req);
  absl::StatusOr<pb::AgencyOrderView> GetAgencyOrder(const Principal& p,
                                                     const pb::GetOrderRequest& req);
  absl::StatusOr<pb::ListAgencyOrdersResponse> ListAgencyOrders(
      const Principal& p, const pb::ListAgencyOrdersRequest& req);

  // --- Events (order_events.cc) --------------------------------------------------------
  // case.transferred: the case's open orders move to the receiving procuratorate under new
  // ids (unassigned there; the old ids recorded as moved_from_id), with their sessions and
  // checks; audited on both sides. Other topics are ignored.
  absl::Status ReactToEvent(db::Tx& tx, const cpb::Event& e);

  // The reduced view of `o` for `agency` (no failings, facts, case id; names masked).
  static pb::AgencyOrderView AgencyView(const pb::Order& o, const std::string& agency);

 private:
  template <typename Resp, typename ListFn, typename AddFn>
  absl::StatusOr<Resp> ListOfOrder(const Principal& p, const std::string& order_id,
                                   int32_t page_size, const std::string& page_token,
                                   const char* what, ListFn list, AddFn add);
  // A change of one existing order: checks request id, id and version (INVALID_ARGUMENT
  // naming the field), the id's tenant, then in the pipeline: the row (NOT_FOUND), the
  // version (ABORTED), the record condition `cond` (if any), `fn`, the row update and the
  // audit record `action`.
  using ChangeFn =
      std::function<absl::Status(db::Mutation& m, pb::Order& o, const pb::OrderPolicy& policy)>;
  absl::StatusOr<pb::Order> Change(const Principal& p, const char* method,
                                   const google::protobuf::Message& req,
                                   const std::string& request_id, const std::string& order_id,
                                   int64_t version, const AccessCondition* cond, const char* action,
                                   const ChangeFn& fn);
  // The case (open, the caller's procuratorate) and its minor subject (under 18 on
  // `on`); fills case id, minor, assigned_to of `o`. Field errors name `case_field`.
  absl::Status CheckCase(const Principal& p, const std::string& case_id,
                         const std::string& case_field, absl::CivilDay on, pb::Order& o);
  // Guardians: referral persons, not the minor; display names masked from the referral.
  absl::Status CheckAddressees(const std::string& field, pb::Order& o);
  // Guidance agencies: registered and active.
  absl::Status CheckAgencies(const pb::Order& o);
  absl::CivilDay Today() const;
  // The order as returned to staff: evaluation_overdue computed for today.
  pb::Order View(pb::Order o) const;

  GuardDeps d_;
  db::MutationRunner mutations_;
  OrderRepository repo_;
};

// What the operations record about the caller.
cpb::Actor ActorOf(const Principal& p);
// The record facts the access conditions are checked on.
RecordFacts FactsOf(const pb::Order& o, const std::string& agency = "");
// Whether `o` names `agency` for guidance; the arrangement index or -1.
int ArrangementOf(const pb::Order& o, const std::string& agency);
// The answer when `order_id` names no order: NOT_FOUND for staff; for an agency the same
// PERMISSION_DENIED as for an order that does not name it (`what` as in that check), so an
// agency cannot tell which order ids exist.
absl::Status NoOrder(const Principal& p, const std::string& order_id, absl::string_view what);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_ORDER_OPS_H_
