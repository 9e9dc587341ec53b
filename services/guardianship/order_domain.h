// The order's domain rules, without storage: the state machine (every legal move, the rest
// FAILED_PRECONDITION), the failing code list by article, the compliance period and the
// read-time evaluation-overdue flag, and field-level validation of drafts.
#ifndef SHOUHU_GUARDIANSHIP_ORDER_DOMAIN_H_
#define SHOUHU_GUARDIANSHIP_ORDER_DOMAIN_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/base/text.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;

// What can happen to an order.
enum class OrderMove {
  kEditDraft,  // DraftOrder on an existing draft
  kSubmit,     // DRAFT -> PENDING_APPROVAL
  kApprove,    // PENDING_APPROVAL -> ISSUED
  kReturn,     // PENDING_APPROVAL -> DRAFT
  kServe,      // ISSUED -> ISSUED (some guardians served)
  kServeLast,  // ISSUED -> UNDER_SUPERVISION (the last guardian served)
  kCancel,     // DRAFT | PENDING_APPROVAL | ISSUED -> CANCELLED
  kExtend,     // UNDER_SUPERVISION -> UNDER_SUPERVISION
  kSupervise,  // sessions and checks: UNDER_SUPERVISION (sessions also ISSUED)
  kEvaluate,   // UNDER_SUPERVISION -> COMPLIED | NOT_COMPLIED
  kTerminate,  // UNDER_SUPERVISION -> TERMINATED
};

const char* OrderMoveName(OrderMove m);

// The state after `m` from `from` (for kEvaluate: COMPLIED, the caller sets the result),
// or FAILED_PRECONDITION naming the state and the move.
absl::StatusOr<pb::OrderStatus> NextOrderStatus(pb::OrderStatus from, OrderMove m);

// COMPLIED, NOT_COMPLIED, CANCELLED, TERMINATED.
bool IsFinal(pb::OrderStatus s);

// The article of a failing ("未保法第十六条第（五）项"), empty for UNSPECIFIED or unknown.
std::string FailingArticle(pb::Failing f);
// A failing a draft may name (known, not UNSPECIFIED).
bool IsSelectableFailing(int f);

// The result an overall finding implies (COMPLIED or NOT_COMPLIED), UNSPECIFIED for none.
pb::OrderStatus ResultOf(pb::OverallFinding f);

// The last day of the compliance period: `start` + `months` (AddMonths: month ends clamp).
absl::CivilDay ComplianceEnd(absl::CivilDay start, int months);

// UNDER_SUPERVISION and the compliance period over before `today`.
bool EvaluationOverdue(const pb::Order& o, absl::CivilDay today);

// Field errors of a draft's content (kind, addressees, failings, facts, actions, legal
// basis, months within [min, max], guidance arrangements, trigger grounds, focus).
void ValidateDraftContent(FieldErrors& e, const pb::DraftOrderRequest& r, int min_months,
                          int max_months);

// Field errors of one guardian's service record (`field` e.g. "guardians[0]"); a guidance
// directive needs 训诫.
void ValidateGuardianService(FieldErrors& e, const std::string& field, const pb::GuardianService& s,
                             pb::OrderKind kind, absl::CivilDay today);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_ORDER_DOMAIN_H_
