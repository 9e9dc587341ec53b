#include "common/server/events.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace shouhu {

db::EventSink GrpcEventSink(const std::vector<std::string>& targets,
                            std::shared_ptr<grpc::ChannelCredentials> creds,
                            absl::Duration deadline) {
  // Channels and stubs are created once and reused for every delivery.
  auto stubs = std::make_shared<std::vector<std::unique_ptr<common::v1::EventReceiver::Stub>>>();
  for (const std::string& t : targets) {
    stubs->push_back(common::v1::EventReceiver::NewStub(grpc::CreateChannel(t, creds)));
  }
  auto names = std::make_shared<const std::vector<std::string>>(targets);
  return [stubs, names, deadline](const db::OutboxEvent& e) -> absl::Status {
    const std::vector<std::string>* targets = names.get();
    common::v1::DeliverEventRequest req;
    common::v1::Event* ev = req.mutable_event();
    ev->set_event_id(e.event_id);
    ev->set_topic(e.topic);
    ev->set_aggregate_id(e.aggregate_id);
    ev->set_procuratorate_code(e.procuratorate);
    ev->mutable_occurred_at()->set_unix_millis(absl::ToUnixMillis(e.occurred_at));
    *ev->mutable_payload() = e.payload;
    // Every target is tried, also after one failed: a target that is down (or not yet
    // deployed) holds back no other. The event is retried until all accepted; those that
    // accepted before deduplicate the redeliveries by event id.
    std::string failed;
    for (size_t i = 0; i < stubs->size(); ++i) {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline));
      common::v1::DeliverEventResponse resp;
      grpc::Status st = (*stubs)[i]->DeliverEvent(&ctx, req, &resp);
      if (!st.ok()) {
        absl::StrAppend(&failed, failed.empty() ? "" : "; ", (*targets)[i], ": ",
                        st.error_message());
      }
    }
    if (!failed.empty()) return absl::UnavailableError(absl::StrCat("delivery failed: ", failed));
    return absl::OkStatus();
  };
}

absl::StatusOr<common::v1::DeliverEventResponse> InboxReceiver::Deliver(
    const Principal& p, const common::v1::Event& e) {
  if (p.kind != Principal::Kind::kService) {
    return absl::PermissionDeniedError("only Shouhu services deliver events");
  }
  if (e.event_id().empty() || e.event_id().size() > 64 || e.topic().empty()) {
    return absl::InvalidArgumentError("event.event_id and event.topic are required");
  }
  common::v1::DeliverEventResponse resp;
  absl::Status st = db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
    resp.set_duplicate(false);
    absl::StatusOr<int64_t> recorded =
        tx.Sql(
              "INSERT INTO inbox_events (receiver, event_id, topic, received_at_ms)"
              " VALUES (?, ?, ?, ?)")
            .Str(receiver_)
            .Str(e.event_id())
            .Str(e.topic())
            .Int(absl::ToUnixMillis(absl::Now()))
            .ExecOrStatus();
    if (absl::IsAlreadyExists(recorded.status())) {
      resp.set_duplicate(true);
      return absl::OkStatus();
    }
    if (!recorded.ok()) return recorded.status();
    return react_ ? react_(tx, e) : absl::OkStatus();
  });
  if (!st.ok()) return st;
  return resp;
}

grpc::Status InboxReceiver::DeliverEvent(grpc::ServerContext* ctx,
                                         const common::v1::DeliverEventRequest* req,
                                         common::v1::DeliverEventResponse* resp) {
  return env_->Serve<common::v1::DeliverEventResponse>(
      ctx, "DeliverEvent", req->event().event_id(), resp,
      [&](const Principal& p) { return Deliver(p, req->event()); });
}

db::AuditRecord ReactionAudit::Record(const common::v1::Event& e, absl::string_view action,
                                      const std::string& id, const std::string& procuratorate,
                                      const std::string& detail, absl::Time at) const {
  return db::AuditRecord{.service = std::string(service),
                         .actor = absl::StrCat("service:", service),
                         .action = std::string(action),
                         .entity_type = std::string(entity_type),
                         .entity_id = id,
                         .procuratorate = procuratorate,
                         .request_id = e.event_id(),
                         .detail = detail,
                         .at = at};
}

absl::Status ReactionAudit::operator()(db::Tx& tx, const common::v1::Event& e,
                                       absl::string_view action, const std::string& id,
                                       const std::string& procuratorate, const std::string& detail,
                                       absl::Time at) const {
  return db::AppendAudit(tx, Record(e, action, id, procuratorate, detail, at));
}

}  // namespace shouhu
