// Escalations (检察建议, revocation, temporary guardianship, court requests, ...) without I/O:
// the legal basis that sets the written-reply period, the reply due date, reply overdue
// at read time, and the checks of requests that need no database.
//
// Reply period (docs/guardianship.md "Escalations: reply periods"): 未保法 Art. 114 one
// calendar month (policy suggestion_reply_months), other 检察建议 two months from receipt
// (policy general_suggestion_reply_months), counted from served_on (送达) when recorded,
// else from issued_on, ending on the same day of the month reached or the last day of a
// shorter month (common/base/dates.h AddMonths).
#ifndef SHOUHU_GUARDIANSHIP_ESCALATION_DOMAIN_H_
#define SHOUHU_GUARDIANSHIP_ESCALATION_DOMAIN_H_

#include <optional>

#include "absl/time/civil_time.h"
#include "common/base/text.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;

inline constexpr size_t kMaxEscalationContentChars = 4000;
inline constexpr size_t kMaxReplySummaryChars = 2000;
inline constexpr size_t kMaxCourtNoteChars = 1000;
inline constexpr size_t kMaxOpinionChars = 2000;

// The basis that decides the reply period of an escalation of `kind` drafted with
// `basis`: the drafted basis when set; otherwise revocation and temporary-guardianship
// suggestions follow the general rules (two months), and requests to a court, support of
// a lawsuit or protection order, and police referrals have no written reply due (NONE:
// the court's answer is recorded by RecordCourtAnswer).
pb::SuggestionBasis EffectiveBasis(pb::EscalationKind kind, pb::SuggestionBasis basis);

// Months of the reply period of `basis` under `policy` (0: no reply due).
int ReplyMonths(const pb::OrderPolicy& policy, pb::SuggestionBasis basis);

// The reply due date: ReplyMonths after `served_on` when set, else after `issued_on`;
// nullopt when no reply is due.
std::optional<absl::CivilDay> ReplyDueOn(const pb::OrderPolicy& policy, pb::SuggestionBasis basis,
                                         absl::CivilDay issued_on,
                                         std::optional<absl::CivilDay> served_on);

// Issued or served (a reply is awaited).
bool AwaitsReply(pb::EscalationStatus status);

// What the addressee may see: an escalation once issued (awaiting a reply, replied, or
// closed after issue); drafts and pending ones are not its to know of.
bool ShownToAddressee(const pb::Escalation& e);

// Awaiting a reply and the due date before `today` (the due day itself is in time).
bool ReplyOverdue(const pb::Escalation& e, absl::CivilDay today);

// The field checks of DraftEscalation that need no database: kind, addressee code,
// content, basis (required for a PROCURATORIAL_SUGGESTION), ids well formed.
void CheckDraftFields(const pb::DraftEscalationRequest& req, FieldErrors& errors);

// Outcomes a status may be closed with: a draft or pending escalation only as WITHDRAWN;
// an issued, served or replied one with any outcome. The outcome note is required for
// PARTLY_ADOPTED, NOT_ADOPTED and WITHDRAWN.
void CheckClose(pb::EscalationStatus status, const pb::EscalationUpdateRequest& req,
                FieldErrors& errors);

// Court answers are recorded on requests to a court only.
bool AnswersFromCourt(pb::EscalationKind kind);

// The court answer's fields: kind, answered_on (not before `issued_on`, not after
// `today`), GRANTED needs the court case number, REFUSED and OBJECTION a note.
void CheckCourtAnswer(const pb::CourtAnswer& a, absl::CivilDay issued_on, absl::CivilDay today,
                      FieldErrors& errors);

// A follow-up may follow a CLOSED escalation NOT_ADOPTED or PARTLY_ADOPTED only.
bool MayBeFollowedUp(const pb::Escalation& e);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_ESCALATION_DOMAIN_H_
