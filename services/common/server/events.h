// Events between services: the sending side delivers outbox rows to EventReceiver
// endpoints over mTLS with a deadline; the receiving side records each event id in
// inbox_events in the same transaction as its reaction, so redeliveries are harmless.
// Payloads are protobuf messages in Event.payload (an Any); a reaction unpacks the type
// its topic carries with UnpackEventPayload<T>.
#ifndef SHOUHU_COMMON_SERVER_EVENTS_H_
#define SHOUHU_COMMON_SERVER_EVENTS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/db/audit.h"
#include "common/db/outbox.h"
#include "common/db/pool.h"
#include "common/server/rpc.h"
#include "shouhu/common/v1/common.grpc.pb.h"

namespace shouhu {

// An EventSink delivering to every target, each tried on every attempt (one that is down
// holds back no other); fails (and is retried) unless all accept, naming those that did not.
db::EventSink GrpcEventSink(const std::vector<std::string>& targets,
                            std::shared_ptr<grpc::ChannelCredentials> creds,
                            absl::Duration deadline = absl::Seconds(5));

// The payload of `e` as a `T`; INVALID_ARGUMENT naming the topic and both types when
// the event carries another type (or an unreadable payload).
template <typename T>
absl::StatusOr<T> UnpackEventPayload(const common::v1::Event& e) {
  T out;
  if (!e.payload().Is<T>() || !e.payload().UnpackTo(&out)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "event ", e.event_id(), " of topic ", e.topic(), ": expected a ",
        T::descriptor()->full_name(), " payload, got \"", e.payload().type_url(), "\""));
  }
  return out;
}

// The audit records of a service's reactions to events: actor "service:<service>", the
// event's id as the request id, on records of `entity_type`.
//
//   constexpr ReactionAudit AuditEvent{"aid", "aid_application"};
//   RETURN_IF_ERROR(AuditEvent(tx, e, "aid.moved_in", id, procuratorate, detail, now));
struct ReactionAudit {
  absl::string_view service;      // "aid"
  absl::string_view entity_type;  // "aid_application"

  db::AuditRecord Record(const common::v1::Event& e, absl::string_view action,
                         const std::string& id, const std::string& procuratorate,
                         const std::string& detail, absl::Time at) const;
  // Appends Record(...) to the audit chain in `tx`.
  [[nodiscard]] absl::Status operator()(db::Tx& tx, const common::v1::Event& e,
                                        absl::string_view action, const std::string& id,
                                        const std::string& procuratorate, const std::string& detail,
                                        absl::Time at) const;
};

// Receives events from other services (service certificates only) and deduplicates by
// event id. `react` runs inside the transaction that records the event.
class InboxReceiver final : public common::v1::EventReceiver::Service {
 public:
  using React = std::function<absl::Status(db::Tx&, const common::v1::Event&)>;
  InboxReceiver(std::string receiver, db::ConnectionPool* pool, const RpcEnv* env, React react)
      : receiver_(std::move(receiver)), pool_(pool), env_(env), react_(std::move(react)) {}
  grpc::Status DeliverEvent(grpc::ServerContext* ctx, const common::v1::DeliverEventRequest* req,
                            common::v1::DeliverEventResponse* resp) override;
  absl::StatusOr<common::v1::DeliverEventResponse> Deliver(const Principal& p,
                                                           const common::v1::Event& e);

 private:
  std::string receiver_;
  db::ConnectionPool* pool_;
  const RpcEnv* env_;
  React react_;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_EVENTS_H_
