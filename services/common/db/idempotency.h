// Idempotent execution of mutating requests.
//
// A request is identified by (scope, request_id), where scope names the caller and the
// method. The first execution stores a hash of the request payload and the serialized
// response in the same transaction as the change itself. A repeat with the same payload
// returns the stored response without executing again; a repeat with another payload is
// rejected (INVALID_ARGUMENT). Failed executions store nothing, so a retry after an error
// runs again. Two concurrent first executions are serialized by the key's primary key:
// the second waits for the first to commit, then replays its response.
#ifndef SHOUHU_COMMON_DB_IDEMPOTENCY_H_
#define SHOUHU_COMMON_DB_IDEMPOTENCY_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"

namespace shouhu::db {

struct IdempotencyKey {
  std::string scope;       // e.g. "agency:edu-renhuai|/shouhu.referral.v1.ReferralService/Submit"
  std::string request_id;  // caller-chosen, 8-64 chars of [A-Za-z0-9_-]
};

// Checks the request id format.
[[nodiscard]] absl::Status ValidateRequestId(absl::string_view request_id);

// The steps of an idempotent execution inside the caller's transaction (the mutation
// pipeline in mutation.h uses them; so does RunIdempotent):
//   ClaimIdempotencyKey -> a stored response: replay it, execute nothing
//                       -> nullopt: the key is now claimed; execute, then
//   StoreIdempotentResponse in the same transaction.
// The claim inserts the key first (one statement for a first execution) and reads the
// stored response only when the key exists; a concurrent claim of the same key is waited
// for. It returns INVALID_ARGUMENT when the key was used for another payload, and
// ALREADY_EXISTS when the key existed but could not be read back (removed meanwhile):
// roll back and run the transaction again.
[[nodiscard]] absl::StatusOr<std::optional<std::string>> ClaimIdempotencyKey(
    Tx& tx, const IdempotencyKey& key, absl::string_view payload_hash, absl::Time now);
[[nodiscard]] absl::Status StoreIdempotentResponse(Tx& tx, const IdempotencyKey& key,
                                                   absl::string_view response);

// Runs `fn` inside a transaction at most once per key. `fn` returns the serialized
// response, which is stored and returned. Stored responses are returned as is, with
// `*replayed` set to true.
[[nodiscard]] absl::StatusOr<std::string> RunIdempotent(
    ConnectionPool& pool, const IdempotencyKey& key, absl::string_view payload_hash,
    const std::function<absl::StatusOr<std::string>(Tx&)>& fn, bool* replayed = nullptr);

}  // namespace shouhu::db

#endif  // SHOUHU_COMMON_DB_IDEMPOTENCY_H_
