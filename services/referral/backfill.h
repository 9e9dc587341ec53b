// Encrypts the personal data that rows written before migration 0005 hold in clear:
// persons' names (and their keyed name hash for duplicate detection), referral facts and
// messages to the agency, timeline messages, case close notes and transfer reasons, and
// the idempotency responses stored in clear. The referral service runs it at start,
// before serving (main.cc); shown by tests/integration/referral_backfill_test.cc.
//
// Batch by batch (common/db/seal_backfill.h): each batch seals up to `batch_size` rows
// of one table and sets their clear columns to NULL in one transaction. Idempotent
// (rows without clear values are not selected) and resumable after a crash.
#ifndef SHOUHU_REFERRAL_BACKFILL_H_
#define SHOUHU_REFERRAL_BACKFILL_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "common/crypto/field_cipher.h"
#include "common/db/pool.h"
#include "common/db/seal_backfill.h"

namespace shouhu::referral {

struct BackfillCounts {
  int64_t persons = 0;
  int64_t referrals = 0;
  int64_t events = 0;
  int64_t cases = 0;
  int64_t responses = 0;
  int64_t total() const { return persons + referrals + events + cases + responses; }
};

// `max_batches` > 0 stops each table after that many batches (a run cut short, for tests).
[[nodiscard]] absl::StatusOr<BackfillCounts> SealClearPersonalData(
    db::ConnectionPool& pool, const FieldCipher& cipher, int batch_size = db::kBackfillBatchSize,
    int64_t max_batches = 0);

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_BACKFILL_H_
