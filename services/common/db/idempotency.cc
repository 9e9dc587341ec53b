#include "common/db/idempotency.h"

#include <cppconn/exception.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace shouhu::db {
namespace {

constexpr char kSelect[] =
    "SELECT payload_hash, response FROM idempotency_keys WHERE scope = ? AND request_id = ?";
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
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return absl::InvalidArgumentError("request_id may only contain A-Z a-z 0-9 - _");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RunIdempotent(ConnectionPool& pool, const IdempotencyKey& key,
                                          absl::string_view payload_hash,
                                          const std::function<absl::StatusOr<std::string>(Tx&)>& fn,
                                          bool* replayed) {
  std::string response;
  bool was_replayed = false;
  // A duplicate-key error on the claim means another execution committed between our
  // lookup and our claim: look again (bounded).
  for (int round = 0; round < 3; ++round) {
    bool lost_race = false;
    absl::Status st = RunInTransaction(pool, [&](Tx& tx) -> absl::Status {
      was_replayed = false;
      lost_race = false;
      {
        auto rs = tx.Sql(kSelect).Str(key.scope).Str(key.request_id).Rows();
        if (rs->next()) {
          if (GetStr(*rs, "payload_hash") != payload_hash) {
            return absl::InvalidArgumentError(
                "request_id: already used for a different request; use a new request_id");
          }
          response = GetBlob(*rs, "response");
          was_replayed = true;
          return absl::OkStatus();
        }
      }
      try {
        tx.Sql(kClaim)
            .Str(key.scope)
            .Str(key.request_id)
            .Str(payload_hash)
            .Int(absl::ToUnixMillis(absl::Now()))
            .Exec();
      } catch (const sql::SQLException& e) {
        if (e.getErrorCode() != 1062) throw;
        lost_race = true;
        return absl::AbortedError("idempotency race");
      }
      auto result = fn(tx);
      if (!result.ok()) return result.status();
      response = *std::move(result);
      tx.Sql(kStore).Blob(response).Str(key.scope).Str(key.request_id).Exec();
      return absl::OkStatus();
    });
    if (lost_race) continue;
    if (!st.ok()) return st;
    if (replayed != nullptr) *replayed = was_replayed;
    return response;
  }
  return absl::AbortedError("request is being processed concurrently; retry");
}

}  // namespace shouhu::db
