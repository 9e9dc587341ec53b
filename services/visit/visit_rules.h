// The rules of visit records as pure functions (no database, no clock): the fields of a
// visit, whether a visit may complete a plan slot, which conflict an offline visit meets,
// how an offline item compares with what was uploaded before, and which fields an
// amendment changed. The operations (visit_ops.cc, visit_batch.cc) call them; unit tests
// drive them directly.
#ifndef SHOUHU_VISIT_VISIT_RULES_H_
#define SHOUHU_VISIT_VISIT_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/base/text.h"
#include "google/protobuf/repeated_field.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

namespace pb = ::shouhu::visit::v1;

inline constexpr int kMaxSummaryChars = 4000;
inline constexpr int kMaxNotesChars = 1000;
inline constexpr int kMaxNeedChars = 1000;
inline constexpr int kMaxNeedsPerVisit = 20;
inline constexpr int kMaxBatchItems = 1000;

// True when `text` holds something shaped like a resident identity number (18 characters:
// 17 digits and a digit or X, with a valid checksum), in ASCII or full-width digits.
bool ContainsIdNumber(absl::string_view text);

// CheckText, then no identity number (the text is sealed, but an ID number has its own
// place in the referral service and must not spread into notes).
void CheckFreeText(FieldErrors& e, const std::string& field, absl::string_view value,
                   size_t min_chars, size_t max_chars);

// Exactly four assessments, one per dimension, a rating each, notes up to 1000 characters
// (fields "<prefix>assessments[i].dimension", ...).
void CheckAssessments(FieldErrors& e, const std::string& prefix,
                      const google::protobuf::RepeatedPtrField<pb::Assessment>& a);
// Needs: a measure kind, a description of 1-1000 characters, need_id empty; at most 20
// ("<field>[i].kind", ...).
void CheckNeeds(FieldErrors& e, const std::string& field,
                const google::protobuf::RepeatedPtrField<pb::Need>& needs);
// Every field of a visit to record, under `prefix` ("" or "items[3].visit."): case id,
// kind, visited_on a real date not after `today`, plan_id with slot_sequence (both or
// neither), person and visitor ids, JOINT with an agency code, the assessments, needs,
// summary. request_id is the caller's.
void CheckVisit(FieldErrors& e, const std::string& prefix, const pb::RecordVisitRequest& r,
                absl::CivilDay today);

// Whether a visit on `visited_on` of `case_id` may complete slot `sequence` of `plan` (slot
// states as stored). Online (`offline` false) a slot MISSED `today` is refused too;
// offline the visit date alone decides. nullopt: it may; otherwise why not (English, for
// FAILED_PRECONDITION, starting with the field).
std::optional<std::string> SlotRefusal(const pb::VisitPlan& plan, const std::string& case_id,
                                       int sequence, absl::CivilDay visited_on,
                                       absl::CivilDay today, bool offline);

// The conflict an offline visit captured against plan version `base_version` meets on the
// plan as it is: the slot completed meanwhile (SLOT_COMPLETED), the plan cancelled or
// ended or the slot waived (SLOT_CLOSED), another version (PLAN_CHANGED); nullopt: none.
std::optional<pb::ConflictReason> ConflictOf(const pb::VisitPlan& plan, int sequence,
                                             int64_t base_version);

// An offline item against what its (uploader, client id) stored before.
enum class ReplayVerdict {
  kNew,           // never uploaded
  kReplayed,      // the same payload: answer with the stored result
  kOtherPayload,  // the client id was used for something else: REJECTED
};
ReplayVerdict ClassifyReplay(const std::optional<std::string>& stored_hash,
                             const std::string& payload_hash);

// The payload hash of an offline item (a visit's request_id, ignored offline, left out).
std::string ItemHash(const pb::BatchItem& item);

// "assessments", "summary", "needs" as they differ between the two records.
std::vector<std::string> ChangedFields(const pb::Visit& before, const pb::Visit& after);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_VISIT_RULES_H_
