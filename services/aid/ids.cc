#include "aid/ids.h"

namespace shouhu::aid {

std::string NewAidId(IdGenerator& ids, AidIdKind kind, absl::string_view procuratorate) {
  return ids.NewTenantId(AidIdPrefix(kind), procuratorate);
}

absl::string_view AidIdPrefix(AidIdKind kind) {
  switch (kind) {
    case AidIdKind::kApplication:
      return "aid";
    case AidIdKind::kDisbursement:
      return "disb";
    case AidIdKind::kPayment:
      return "pay";
    case AidIdKind::kRecovery:
      return "rec";
    case AidIdKind::kSuggestion:
      return "sug";
    case AidIdKind::kStatement:
      return "stm";
    case AidIdKind::kNotice:
      return "ntc";
    case AidIdKind::kPriorAid:
      return "pa";
  }
  return "aid";
}

}  // namespace shouhu::aid
