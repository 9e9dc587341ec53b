// Encrypting, in place, values that rows written before an encrypted column existed hold
// in clear (a "backfill"). SQL cannot encrypt with the service's keys, so a migration adds
// the encrypted column and makes the clear one nullable, and the service runs its backfill
// at start, before it serves:
//
//   ASSIGN_OR_RETURN(int64_t n, db::RunBackfill(pool, [&](db::Tx& tx) -> absl::StatusOr<int> {
//     // SELECT ... WHERE <clear column> IS NOT NULL AND <key> > ? ORDER BY <key> LIMIT ?
//     //   FOR UPDATE; seal each value (SealedFields), UPDATE ... SET <enc> = ?,
//     //   <clear> = NULL WHERE <key> = ?; remember the last key; return the rows changed.
//   }));
//
// Each batch is its own transaction, so a crash loses at most the batch in progress and a
// second run resumes where the first stopped (rows already sealed no longer match).
// Reads in the meantime use SealedFields::OpenOrLegacy.
#ifndef SHOUHU_COMMON_DB_SEAL_BACKFILL_H_
#define SHOUHU_COMMON_DB_SEAL_BACKFILL_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "common/crypto/field_cipher.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"

namespace shouhu::db {

inline constexpr int kBackfillBatchSize = 200;

// Runs `batch` in a transaction of its own, again and again, until it returns 0 rows
// (or `max_batches` batches ran, 0 = no limit). Returns the rows changed in total.
// `batch` may run more than once for one batch (a deadlock is retried): keep the next
// page's key aside in `batch` and move the cursor in `committed`, called after each
// batch that committed.
[[nodiscard]] absl::StatusOr<int64_t> RunBackfill(
    ConnectionPool& pool, const std::function<absl::StatusOr<int>(Tx&)>& batch,
    const std::function<void()>& committed = nullptr, int64_t max_batches = 0);

// Encrypts the idempotency responses stored in clear (MutationRunner without
// Deps::cipher, before migration 0005), as MutationRunner with `cipher` stores them.
[[nodiscard]] absl::StatusOr<int64_t> SealStoredResponses(ConnectionPool& pool,
                                                          const FieldCipher& cipher,
                                                          int batch_size = kBackfillBatchSize);

}  // namespace shouhu::db

#endif  // SHOUHU_COMMON_DB_SEAL_BACKFILL_H_
