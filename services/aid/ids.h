// Record ids of the aid service: "<prefix>-<procuratorate>-<random>" (common/server/tenant.h).
#ifndef SHOUHU_AID_IDS_H_
#define SHOUHU_AID_IDS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/base/clock.h"

namespace shouhu::aid {

enum class AidIdKind {
  kApplication,   // aid-
  kDisbursement,  // disb-
  kPayment,       // pay-
  kRecovery,      // rec-
  kSuggestion,    // sug-
  kStatement,     // stm- (bank statement)
  kNotice,        // ntc- (rights notice)
  kPriorAid,      // pa- (declared aid from an organ)
};

absl::string_view AidIdPrefix(AidIdKind kind);
std::string NewAidId(IdGenerator& ids, AidIdKind kind, absl::string_view procuratorate);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_IDS_H_
