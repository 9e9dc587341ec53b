#include "common/db/mutation.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/base/validate.h"
#include "common/crypto/field_cipher.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/audit.h"
#include "common/db/outbox.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace shouhu::db {

absl::Status StaleVersionError(int64_t current_version) {
  return absl::AbortedError(absl::StrCat("the record was changed by someone else (current version ",
                                         current_version, "); reload and retry"));
}

namespace {

std::string StoredResponseRow(const IdempotencyKey& key) {
  return absl::StrCat(key.scope, "|", key.request_id);
}

}  // namespace

absl::StatusOr<std::string> SealStoredResponse(const FieldCipher* cipher, const IdempotencyKey& key,
                                               absl::string_view response) {
  if (cipher == nullptr) return std::string(response);
  return SealedFields(cipher).Seal(response, "idempotency", StoredResponseRow(key), "response");
}

absl::StatusOr<std::string> OpenStoredResponse(const FieldCipher* cipher, const IdempotencyKey& key,
                                               absl::string_view stored) {
  if (cipher == nullptr || stored.empty() || stored[0] != FieldCipher::kVersion) {
    return std::string(stored);
  }
  return SealedFields(cipher).Open(stored, "idempotency", StoredResponseRow(key), "response");
}

std::string RequestPayloadHash(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const auto* field = copy->GetDescriptor()->FindFieldByName("request_id");
  if (field != nullptr) copy->GetReflection()->ClearField(copy.get(), field);
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes);
}

absl::Status Mutation::CheckVersion(int64_t current, int64_t expected) const {
  return current == expected ? absl::OkStatus() : StaleVersionError(current);
}

absl::Status Mutation::Audit(absl::string_view action, absl::string_view entity_type,
                             absl::string_view entity_id, absl::string_view procuratorate,
                             absl::string_view detail) {
  AuditRecord r;
  r.service = std::string(service_);
  r.actor = request_.actor;
  r.action = std::string(action);
  r.entity_type = std::string(entity_type);
  r.entity_id = std::string(entity_id);
  r.procuratorate = std::string(procuratorate);
  r.request_id = request_.request_id;
  r.detail = std::string(detail);
  r.at = now_;
  return AppendAudit(tx_, r);
}

absl::Status Mutation::Emit(absl::string_view topic, absl::string_view aggregate_id,
                            absl::string_view procuratorate,
                            const google::protobuf::Message& payload) {
  OutboxEvent e;
  e.event_id = ids_->NewId("evt");
  e.service = std::string(service_);
  e.topic = std::string(topic);
  e.aggregate_id = std::string(aggregate_id);
  e.procuratorate = std::string(procuratorate);
  e.occurred_at = now_;
  return EnqueueEvent(tx_, e, payload);
}

absl::Status MutationRunner::Run(const MutationRequest& request,
                                 const google::protobuf::Message& payload,
                                 google::protobuf::Message* response, const Fn& fn,
                                 bool* replayed) const {
  if (absl::Status st = RequestIdError(request.request_id); !st.ok()) return st;
  const IdempotencyKey key{absl::StrCat(request.actor, "|", request.method), request.request_id};
  const std::string hash = RequestPayloadHash(payload);
  bool was_replayed = false;
  // Losing the claim to a concurrent execution of the same key means that it committed:
  // run again to replay its response (bounded).
  for (int round = 0; round < 3; ++round) {
    bool lost_race = false;
    absl::Status st = RunInTransaction(*d_.pool, [&](Tx& tx) -> absl::Status {
      response->Clear();
      was_replayed = false;
      const absl::Time now = d_.clock->Now();
      absl::StatusOr<std::optional<std::string>> stored = ClaimIdempotencyKey(tx, key, hash, now);
      lost_race = absl::IsAlreadyExists(stored.status());
      if (!stored.ok()) return stored.status();
      if (stored->has_value()) {
        absl::StatusOr<std::string> opened = OpenStoredResponse(d_.cipher, key, **stored);
        if (!opened.ok()) return opened.status();
        if (!response->ParseFromString(*opened)) {
          return absl::InternalError("the stored response of this request is unreadable");
        }
        was_replayed = true;
        return absl::OkStatus();
      }
      Mutation m(tx, now, request, d_.service, d_.ids);
      if (absl::Status done = fn(m, response); !done.ok()) return done;
      absl::StatusOr<std::string> sealed =
          SealStoredResponse(d_.cipher, key, response->SerializeAsString());
      if (!sealed.ok()) return sealed.status();
      return StoreIdempotentResponse(tx, key, *sealed);
    });
    if (lost_race) continue;
    if (!st.ok()) return st;
    if (replayed != nullptr) *replayed = was_replayed;
    return absl::OkStatus();
  }
  return absl::AbortedError("request is being processed concurrently; retry");
}

}  // namespace shouhu::db
