#include "common/db/seal_backfill.h"

#include <string>
#include <utility>
#include <vector>

#include "common/db/idempotency.h"
#include "common/db/mutation.h"

namespace shouhu::db {
namespace {

// Keyset pages over the primary key; only responses not yet encrypted (the ciphertext
// starts with its version byte 0x01, a serialized message never does).
constexpr char kClearResponses[] =
    "SELECT scope, request_id, response FROM idempotency_keys"
    " WHERE (scope > ? OR (scope = ? AND request_id > ?))"
    " AND response <> '' AND LEFT(response, 1) <> X'01'"
    " ORDER BY scope, request_id LIMIT ? FOR UPDATE";
constexpr char kSealResponse[] =
    "UPDATE idempotency_keys SET response = ? WHERE scope = ? AND request_id = ?";

}  // namespace

absl::StatusOr<int64_t> RunBackfill(ConnectionPool& pool,
                                    const std::function<absl::StatusOr<int>(Tx&)>& batch,
                                    const std::function<void()>& committed, int64_t max_batches) {
  int64_t total = 0;
  for (int64_t n = 0; max_batches == 0 || n < max_batches; ++n) {
    int changed = 0;
    absl::Status st = RunInTransaction(pool, [&](Tx& tx) -> absl::Status {
      absl::StatusOr<int> done = batch(tx);
      if (!done.ok()) return done.status();
      changed = *done;
      return absl::OkStatus();
    });
    if (!st.ok()) return st;
    if (committed) committed();
    if (changed == 0) break;
    total += changed;
  }
  return total;
}

absl::StatusOr<int64_t> SealStoredResponses(ConnectionPool& pool, const FieldCipher& cipher,
                                            int batch_size) {
  IdempotencyKey last;
  IdempotencyKey next;
  return RunBackfill(
      pool,
      [&](Tx& tx) -> absl::StatusOr<int> {
        std::vector<std::pair<IdempotencyKey, std::string>> rows;
        {
          auto rs = tx.Sql(kClearResponses)
                        .Str(last.scope)
                        .Str(last.scope)
                        .Str(last.request_id)
                        .Int(batch_size)
                        .Rows();
          while (rs->next()) {
            rows.emplace_back(IdempotencyKey{GetStr(*rs, "scope"), GetStr(*rs, "request_id")},
                              GetBlob(*rs, "response"));
          }
        }
        for (const auto& [key, response] : rows) {
          absl::StatusOr<std::string> sealed = SealStoredResponse(&cipher, key, response);
          if (!sealed.ok()) return sealed.status();
          tx.Sql(kSealResponse).Blob(*sealed).Str(key.scope).Str(key.request_id).Exec();
        }
        if (!rows.empty()) next = rows.back().first;
        return static_cast<int>(rows.size());
      },
      [&] { last = next; });
}

}  // namespace shouhu::db
