#include "common/db/idempotency.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/validate.h"

namespace shouhu::db {
namespace {

// A locking read: it sees the row a concurrent claim committed after this transaction began.
constexpr char kSelect[] =
    "SELECT payload_hash, response FROM idempotency_keys WHERE scope = ? AND request_id = ?"
    " LOCK IN SHARE MODE";
constexpr char kClaim[] =
    "INSERT INTO idempotency_keys (scope, request_id, payload_hash, response, created_at_ms)"
    " VALUES (?, ?, ?, '', ?)";
constexpr char kStore[] =
    "UPDATE idempotency_keys SET response = ? WHERE scope = ? AND request_id = ?";

}  // namespace

absl::Status ValidateRequestId(absl::string_view id) {
  if (id.size() < 8 || id.size() > 64) {
    return absl::InvalidArgumentError("request_id must be 8-64 characters");
  }
  if (!IsValidRequestId(id)) {
    return absl::InvalidArgumentError("request_id may only contain A-Z a-z 0-9 - _");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> ClaimIdempotencyKey(Tx& tx, const IdempotencyKey& key,
                                                               absl::string_view payload_hash,
                                                               absl::Time now) {
  // Claim first: a first execution (the common case) costs one statement. The insert
  // waits for a concurrent claim of the same key to end; a duplicate means the key was
  // used and committed, so read what it stored.
  absl::StatusOr<int64_t> claimed = tx.Sql(kClaim)
                                        .Str(key.scope)
                                        .Str(key.request_id)
                                        .Str(payload_hash)
                                        .Int(absl::ToUnixMillis(now))
                                        .ExecOrStatus();
  if (claimed.ok()) return std::optional<std::string>();
  if (!absl::IsAlreadyExists(claimed.status())) return claimed.status();
  auto rs = tx.Sql(kSelect).Str(key.scope).Str(key.request_id).Rows();
  // Gone again (purged by retention meanwhile): ALREADY_EXISTS, the caller runs again.
  if (!rs->next()) return claimed.status();
  if (GetStr(*rs, "payload_hash") != payload_hash) {
    return absl::InvalidArgumentError(
        "request_id: already used for a different request; use a new request_id");
  }
  return std::optional<std::string>(GetBlob(*rs, "response"));
}

absl::Status StoreIdempotentResponse(Tx& tx, const IdempotencyKey& key,
                                     absl::string_view response) {
  tx.Sql(kStore).Blob(response).Str(key.scope).Str(key.request_id).Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::string> RunIdempotent(ConnectionPool& pool, const IdempotencyKey& key,
                                          absl::string_view payload_hash,
                                          const std::function<absl::StatusOr<std::string>(Tx&)>& fn,
                                          bool* replayed) {
  std::string response;
  bool was_replayed = false;
  // Losing the claim to a concurrent execution means it committed between our lookup and
  // our claim: look again (bounded).
  for (int round = 0; round < 3; ++round) {
    bool lost_race = false;
    absl::Status st = RunInTransaction(pool, [&](Tx& tx) -> absl::Status {
      was_replayed = false;
      lost_race = false;
      absl::StatusOr<std::optional<std::string>> stored =
          ClaimIdempotencyKey(tx, key, payload_hash, absl::Now());
      if (absl::IsAlreadyExists(stored.status())) lost_race = true;
      if (!stored.ok()) return stored.status();
      if (stored->has_value()) {
        response = **std::move(stored);
        was_replayed = true;
        return absl::OkStatus();
      }
      auto result = fn(tx);
      if (!result.ok()) return result.status();
      response = *std::move(result);
      return StoreIdempotentResponse(tx, key, response);
    });
    if (lost_race) continue;
    if (!st.ok()) return st;
    if (replayed != nullptr) *replayed = was_replayed;
    return response;
  }
  return absl::AbortedError("request is being processed concurrently; retry");
}

}  // namespace shouhu::db
