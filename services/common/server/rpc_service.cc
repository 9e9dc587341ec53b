#include "common/server/rpc_service.h"

#include <deque>
#include <optional>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/ops/log.h"
#include "common/server/grpc_status.h"
#include "common/server/wire_check.h"

namespace shouhu {

namespace {

std::string Flatten(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  out.reserve(buffer.Length());
  for (const grpc::Slice& s : slices) {
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

grpc::ByteBuffer ToByteBuffer(const google::protobuf::Message& m) {
  std::string bytes = m.SerializeAsString();
  grpc::Slice slice(std::move(bytes));
  return grpc::ByteBuffer(&slice, 1);
}

absl::Status Unimplemented(const google::protobuf::MethodDescriptor& m) {
  return absl::UnimplementedError(absl::StrCat(m.full_name(), " is not implemented yet"));
}

}  // namespace

MethodTable::MethodTable(const google::protobuf::ServiceDescriptor* service) : service_(service) {
  if (service_ == nullptr) {
    status_ = absl::InvalidArgumentError("method table of an unknown service");
    return;
  }
  for (int i = 0; i < service_->method_count(); ++i) {
    Entry e;
    e.method = service_->method(i);
    entries_.push_back(std::move(e));
  }
}

MethodTable::Entry* MethodTable::Find(absl::string_view name,
                                      const google::protobuf::Descriptor* req,
                                      const google::protobuf::Descriptor* resp,
                                      bool server_streaming) {
  auto fail = [&](std::string why) -> Entry* {
    if (status_.ok()) {
      status_ = absl::InvalidArgumentError(
          absl::StrCat(service_ != nullptr ? service_->full_name() : "?", ".", name, ": ", why));
    }
    return nullptr;
  };
  if (service_ == nullptr) return nullptr;
  for (Entry& e : entries_) {
    if (e.method->name() != name) continue;
    if (e.method->input_type() != req) {
      return fail(
          absl::StrCat("takes ", e.method->input_type()->full_name(), ", not ", req->full_name()));
    }
    if (e.method->output_type() != resp) {
      return fail(absl::StrCat("returns ", e.method->output_type()->full_name(), ", not ",
                               resp->full_name()));
    }
    if (e.method->client_streaming() || e.method->server_streaming() != server_streaming) {
      return fail(server_streaming ? "is not a server-streaming method" : "is not a unary method");
    }
    if (e.unary || e.stream) return fail("registered twice");
    return &e;
  }
  return fail("no such method in the service");
}

absl::Status ParseRequest(absl::string_view bytes, google::protobuf::Message* out) {
  absl::Status wire = CheckWireFormat(out->GetDescriptor(), bytes);
  if (!wire.ok()) return wire;
  if (!out->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError("malformed request: the message does not parse");
  }
  return absl::OkStatus();
}

std::string RequestIdOf(const google::protobuf::Message& m) {
  const google::protobuf::FieldDescriptor* f = m.GetDescriptor()->FindFieldByName("request_id");
  if (f == nullptr || f->is_repeated() ||
      f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
    return "";
  }
  return m.GetReflection()->GetString(m, f);
}

grpc::ServerUnaryReactor* RpcAdapter::Unary(int index, grpc::CallbackServerContext* ctx,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const absl::Time start = absl::Now();
  const bool queued = workers_->Submit([this, index, ctx, request, response, reactor, start] {
    reactor->Finish(RunUnary(index, ctx, *request, response, start));
  });
  if (!queued) {
    const absl::Status st = absl::UnavailableError("server is overloaded or shutting down");
    env_->Record(table_.entries()[index].method->name().c_str(), st, absl::Now() - start, nullptr);
    reactor->Finish(ToGrpcStatus(st));
  }
  return reactor;
}

grpc::Status RpcAdapter::RunUnary(int index, grpc::CallbackServerContext* ctx,
                                  const grpc::ByteBuffer& request, grpc::ByteBuffer* response,
                                  absl::Time start) {
  const MethodTable::Entry& entry = table_.entries()[index];
  const char* name = entry.method->name().c_str();
  if (!entry.unary) {
    const absl::Status st = Unimplemented(*entry.method);
    env_->Record(name, st, absl::Now() - start, nullptr);
    return ToGrpcStatus(st);
  }
  std::unique_ptr<google::protobuf::Message> req(entry.request_prototype->New());
  absl::Status st = ParseRequest(Flatten(request), req.get());
  ScopedRequestId scope(st.ok() ? RequestIdOf(*req) : "");
  absl::StatusOr<Principal> principal = env_->Authenticate(ctx);
  if (!principal.ok()) st = principal.status();  // who asks comes before what is wrong
  // Then whether this caller may run one more call now; the slot is held to the end.
  CallerLimits::Permit permit;
  if (principal.ok() && env_->caller_limits() != nullptr) {
    absl::StatusOr<CallerLimits::Permit> admitted =
        env_->caller_limits()->Admit(*principal, CallerLimits::Slot::kCall);
    if (admitted.ok()) {
      permit = *std::move(admitted);
    } else {
      st = admitted.status();
    }
  }
  std::unique_ptr<google::protobuf::Message> resp;
  if (st.ok()) {
    absl::StatusOr<std::unique_ptr<google::protobuf::Message>> result =
        entry.unary(*principal, *req);
    if (result.ok()) {
      resp = *std::move(result);
      *response = ToByteBuffer(*resp);
    } else {
      st = result.status();
    }
  }
  env_->Record(name, st, absl::Now() - start, principal.ok() ? &*principal : nullptr);
  if (st.ok() && table_.after_ok()) table_.after_ok()(*entry.method, *req, *resp);
  return ToGrpcStatus(st);
}

namespace {

// The reactor of one server-streaming call. Messages are queued and written one at a
// time; Finish waits for the queue, and for the start step (parse, authenticate, hand to
// the handler) that runs on a worker and still reads the call's context and request. The
// reactor deletes itself when gRPC is done with it; handlers hold the shared State, which
// outlives it and then does nothing.
class StreamReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  class State final : public ServerStream {
   public:
    bool Send(const google::protobuf::Message& message) override {
      grpc::ByteBuffer buffer = ToByteBuffer(message);
      StreamReactor* start = nullptr;
      {
        absl::MutexLock lock(&mu_);
        if (reactor_ == nullptr || finishing_) return false;
        if (writing_) {
          queue_.push_back(std::move(buffer));
          return true;
        }
        writing_ = true;
        in_flight_ = std::move(buffer);
        start = reactor_;
      }
      start->StartWrite(&in_flight_);
      return true;
    }
    void Finish(const absl::Status& status) override {
      StreamReactor* finish = nullptr;
      absl::Status with;
      {
        absl::MutexLock lock(&mu_);
        if (finishing_) return;
        finishing_ = true;
        final_ = status;
        finish = TakeFinishLocked(&with);
      }
      if (finish != nullptr) finish->Finish(ToGrpcStatus(with));
    }
    bool closed() const override {
      absl::MutexLock lock(&mu_);
      return finishing_ || reactor_ == nullptr;
    }

   private:
    friend class StreamReactor;

    // The reactor to call Finish on, once: when finishing, nothing is being written and
    // the start step is over.
    StreamReactor* TakeFinishLocked(absl::Status* with) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      if (!finishing_ || writing_ || starting_ || finish_sent_ || reactor_ == nullptr) {
        return nullptr;
      }
      finish_sent_ = true;
      *with = final_;
      return reactor_;
    }
    void EndStart() {
      StreamReactor* finish = nullptr;
      absl::Status with;
      {
        absl::MutexLock lock(&mu_);
        starting_ = false;
        finish = TakeFinishLocked(&with);
      }
      if (finish != nullptr) finish->Finish(ToGrpcStatus(with));
    }
    void WriteDone(bool ok) {
      StreamReactor* r = nullptr;
      bool write = false;
      absl::Status with;
      {
        absl::MutexLock lock(&mu_);
        writing_ = false;
        if (!ok && !finishing_) {
          finishing_ = true;
          final_ = absl::CancelledError("the caller went away");
        }
        // Queued messages are written before a pending Finish, unless the write failed.
        if (ok && !queue_.empty() && reactor_ != nullptr) {
          in_flight_ = std::move(queue_.front());
          queue_.pop_front();
          writing_ = true;
          write = true;
          r = reactor_;
        } else {
          r = TakeFinishLocked(&with);
        }
      }
      if (r == nullptr) return;
      if (write) {
        r->StartWrite(&in_flight_);
      } else {
        r->Finish(ToGrpcStatus(with));
      }
    }

    mutable absl::Mutex mu_;
    StreamReactor* reactor_ ABSL_GUARDED_BY(mu_) = nullptr;
    std::deque<grpc::ByteBuffer> queue_ ABSL_GUARDED_BY(mu_);
    grpc::ByteBuffer in_flight_;  // owned by gRPC while writing_
    bool writing_ ABSL_GUARDED_BY(mu_) = false;
    bool starting_ ABSL_GUARDED_BY(mu_) = true;
    bool finishing_ ABSL_GUARDED_BY(mu_) = false;
    bool finish_sent_ ABSL_GUARDED_BY(mu_) = false;
    absl::Status final_ ABSL_GUARDED_BY(mu_);
    std::optional<Principal> principal_ ABSL_GUARDED_BY(mu_);
    CallerLimits::Permit permit_ ABSL_GUARDED_BY(mu_);
  };

  StreamReactor(const RpcEnv* env, const char* method)
      : env_(env), method_(method), start_(absl::Now()), state_(std::make_shared<State>()) {
    absl::MutexLock lock(&state_->mu_);
    state_->reactor_ = this;
  }

  std::shared_ptr<State> state() { return state_; }
  static void SetPrincipal(State& s, const Principal& p) {
    absl::MutexLock lock(&s.mu_);
    s.principal_ = p;
  }
  // The caller's stream slot, given back when the call is done, however it ends.
  static void HoldPermit(State& s, CallerLimits::Permit permit) {
    absl::MutexLock lock(&s.mu_);
    s.permit_ = std::move(permit);
  }
  static void EndStart(State& s) { s.EndStart(); }

  void OnWriteDone(bool ok) override { state_->WriteDone(ok); }
  void OnCancel() override { state_->Finish(absl::CancelledError("the caller cancelled")); }
  void OnDone() override {
    absl::Status final;
    std::optional<Principal> principal;
    CallerLimits::Permit permit;
    {
      absl::MutexLock lock(&state_->mu_);
      state_->reactor_ = nullptr;
      state_->finishing_ = true;
      state_->queue_.clear();
      final = state_->final_;
      principal = state_->principal_;
      permit = std::move(state_->permit_);
    }
    permit.Release();
    env_->Record(method_, final, absl::Now() - start_, principal ? &*principal : nullptr);
    delete this;
  }

 private:
  const RpcEnv* env_;
  const char* method_;
  const absl::Time start_;
  std::shared_ptr<State> state_;
};

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* RpcAdapter::Stream(int index,
                                                               grpc::CallbackServerContext* ctx,
                                                               const grpc::ByteBuffer* request) {
  const MethodTable::Entry& entry = table_.entries()[index];
  auto* reactor = new StreamReactor(env_, entry.method->name().c_str());
  std::shared_ptr<StreamReactor::State> state = reactor->state();
  if (!entry.stream) {
    state->Finish(Unimplemented(*entry.method));
    StreamReactor::EndStart(*state);
    return reactor;
  }
  // Parsing, authentication and the handler's first steps may block: on a worker. The
  // call cannot finish (so `ctx` and `request` stay valid) until EndStart.
  const bool queued = workers_->Submit([this, &entry, ctx, request, state] {
    std::unique_ptr<google::protobuf::Message> req(entry.request_prototype->New());
    absl::Status st = ParseRequest(Flatten(*request), req.get());
    absl::StatusOr<Principal> principal = env_->Authenticate(ctx);
    if (principal.ok()) {
      StreamReactor::SetPrincipal(*state, *principal);
      if (env_->caller_limits() != nullptr) {
        absl::StatusOr<CallerLimits::Permit> admitted =
            env_->caller_limits()->Admit(*principal, CallerLimits::Slot::kStream);
        if (admitted.ok()) {
          StreamReactor::HoldPermit(*state, *std::move(admitted));
        } else {
          st = admitted.status();
        }
      }
    } else {
      st = principal.status();
    }
    if (!st.ok()) {
      state->Finish(st);
    } else if (!state->closed()) {
      entry.stream(*principal, *req, state);
    }
    StreamReactor::EndStart(*state);
  });
  if (!queued) {
    state->Finish(absl::UnavailableError("server is overloaded or shutting down"));
    StreamReactor::EndStart(*state);
  }
  return reactor;
}

}  // namespace shouhu
