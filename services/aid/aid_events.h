// Events the aid service consumes and publishes. Consumed (reactions in
// ApplicationCore::ReactToEvent, run by the event inbox inside the transaction that
// records the event id, so a redelivery does nothing):
//   referral.accepted (shouhu.referral.v1.ReferralAccepted) of kind JUDICIAL_AID: an ex
//     officio application (依职权主动救助) is drafted on the case, UNDER_REVIEW, assigned to
//     the accepting caseworker; one per referral (unique source_referral_id).
//   case.transferred (shouhu.referral.v1.CaseTransferred): the case's undecided
//     applications without an emergency advance move to the new case and procuratorate
//     under a new id (ids carry their procuratorate); decided ones and those holding
//     money of the old procuratorate's fund stay where the money was reserved.
// Published payloads are in shouhu/aid/v1/events.proto.
#ifndef SHOUHU_AID_AID_EVENTS_H_
#define SHOUHU_AID_AID_EVENTS_H_

namespace shouhu::aid {

inline constexpr char kTopicReferralAccepted[] = "referral.accepted";
inline constexpr char kTopicCaseTransferred[] = "case.transferred";
inline constexpr char kTopicCaseClosed[] = "case.closed";
inline constexpr char kTopicNeedFound[] = "visit.need_found";
inline constexpr char kTopicAidPaid[] = "aid.paid";

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_AID_EVENTS_H_
