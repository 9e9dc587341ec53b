// The mutation pipeline: every mutating RPC of every service runs through it.
//
//   MutationRunner runner({.pool = pool, .clock = clock, .ids = ids, .service = "aid"});
//   absl::StatusOr<pb::Payment> out = runner.Run<pb::Payment>(
//       {.actor = p.Name(), .method = "PayAid", .request_id = req.request_id()}, req,
//       [&](db::Mutation& m) -> absl::StatusOr<pb::Payment> {
//         ASSIGN_OR_RETURN(auto row, repo.GetPayment(m.tx(), id));
//         RETURN_IF_ERROR(m.CheckVersion(row->version(), req.version()));
//         ... change rows through the repository ...
//         RETURN_IF_ERROR(m.Audit("aid.pay", "payment", id, tenant));
//         RETURN_IF_ERROR(m.Emit("aid.paid", id, tenant, paid_event));
//         return response;
//       });
//
// In one transaction, on one connection:
//   1. idempotency: the key (actor|method, request_id) is claimed with a hash of the
//      request (request_id excluded). A repeat with the same payload returns the stored
//      response and runs nothing; another payload is INVALID_ARGUMENT (idempotency.h).
//   2. `fn` runs: version check (ABORTED when stale), the change, audit records
//      (audit.h) and outbox events (outbox.h), all through the Mutation it is given.
//   3. the response is stored with the key and the transaction commits. With a cipher in
//      Deps the stored response is encrypted (a response may hold facts or masked
//      identity data): AES-256-GCM bound to "idempotency/<scope>|<request id>/response";
//      responses stored in clear before (they never start with the ciphertext's version
//      byte 0x01, which no serialized message starts with) are still replayed.
// The first execution returns the response `fn` built; a replay returns the stored one.
// A non-OK status from `fn` rolls everything back (nothing is stored, so a retry runs
// again). Deadlocks are retried by RunInTransaction; `fn` must not keep state between
// attempts other than through its return value.
#ifndef SHOUHU_COMMON_DB_MUTATION_H_
#define SHOUHU_COMMON_DB_MUTATION_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "common/crypto/field_cipher.h"
#include "common/db/idempotency.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "google/protobuf/message.h"

namespace shouhu::db {

// Who asks for which change.
struct MutationRequest {
  std::string actor;       // principal name: "user:u-zhang", "agency:edu-renhuai"
  std::string method;      // RPC method name, e.g. "AcceptReferral"
  std::string request_id;  // the caller's idempotency key
};

// ABORTED: the record changed since the caller read it.
[[nodiscard]] absl::Status StaleVersionError(int64_t current_version);

// The stored form of `response` for `key`: encrypted under `cipher` (see Deps::cipher),
// or as is when `cipher` is null. And back: DATA_LOSS when it does not decrypt.
[[nodiscard]] absl::StatusOr<std::string> SealStoredResponse(const FieldCipher* cipher,
                                                             const IdempotencyKey& key,
                                                             absl::string_view response);
[[nodiscard]] absl::StatusOr<std::string> OpenStoredResponse(const FieldCipher* cipher,
                                                             const IdempotencyKey& key,
                                                             absl::string_view stored);

// SHA-256 hex of the deterministic serialization of `request` without its "request_id"
// field: the idempotency payload hash.
std::string RequestPayloadHash(const google::protobuf::Message& request);

// What `fn` works with inside the pipeline's transaction.
class Mutation {
 public:
  Tx& tx() { return tx_; }
  // The instant of this execution (the injected clock, read once per attempt).
  absl::Time now() const { return now_; }
  const MutationRequest& request() const { return request_; }

  // OK when `current` is the version the caller read, else StaleVersionError(current).
  [[nodiscard]] absl::Status CheckVersion(int64_t current, int64_t expected) const;
  // Appends an audit record by this actor, with this request id, at now().
  [[nodiscard]] absl::Status Audit(absl::string_view action, absl::string_view entity_type,
                                   absl::string_view entity_id, absl::string_view procuratorate,
                                   absl::string_view detail = "{}");
  // Writes an outbox event of this service with a fresh event id, occurred at now().
  [[nodiscard]] absl::Status Emit(absl::string_view topic, absl::string_view aggregate_id,
                                  absl::string_view procuratorate,
                                  const google::protobuf::Message& payload);

 private:
  friend class MutationRunner;
  Mutation(Tx& tx, absl::Time now, const MutationRequest& request, absl::string_view service,
           IdGenerator* ids)
      : tx_(tx), now_(now), request_(request), service_(service), ids_(ids) {}

  Tx& tx_;
  const absl::Time now_;
  const MutationRequest& request_;
  const absl::string_view service_;
  IdGenerator* ids_;
};

class MutationRunner {
 public:
  struct Deps {
    ConnectionPool* pool = nullptr;
    const Clock* clock = nullptr;
    IdGenerator* ids = nullptr;
    std::string service;  // producing service, e.g. "referral"
    // Optional: encrypts the stored responses (every service holding personal data sets it).
    const FieldCipher* cipher = nullptr;
  };
  explicit MutationRunner(Deps deps) : d_(std::move(deps)) {}

  using Fn = std::function<absl::Status(Mutation& m, google::protobuf::Message* response)>;

  // Runs the pipeline; `response` receives the built or the replayed response.
  // `*replayed` (optional) tells which. INVALID_ARGUMENT (field "request_id") for a
  // malformed request id, before any database access.
  [[nodiscard]] absl::Status Run(const MutationRequest& request,
                                 const google::protobuf::Message& payload,
                                 google::protobuf::Message* response, const Fn& fn,
                                 bool* replayed = nullptr) const;

  // Typed form: `fn` returns the response.
  template <typename Resp>
  [[nodiscard]] absl::StatusOr<Resp> Run(const MutationRequest& request,
                                         const google::protobuf::Message& payload,
                                         const std::function<absl::StatusOr<Resp>(Mutation&)>& fn,
                                         bool* replayed = nullptr) const {
    Resp out;
    absl::Status st = Run(
        request, payload, &out,
        [&fn](Mutation& m, google::protobuf::Message* response) -> absl::Status {
          absl::StatusOr<Resp> built = fn(m);
          if (!built.ok()) return built.status();
          static_cast<Resp*>(response)->Swap(&*built);
          return absl::OkStatus();
        },
        replayed);
    if (!st.ok()) return st;
    return out;
  }

  const Deps& deps() const { return d_; }

 private:
  Deps d_;
};

}  // namespace shouhu::db

#endif  // SHOUHU_COMMON_DB_MUTATION_H_
