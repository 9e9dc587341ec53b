// The generic adapter: method tables checked against the descriptors, requests parsed from
// raw bytes (malformed bytes and invalid UTF-8 are INVALID_ARGUMENT naming the problem,
// recorded like every call), UNIMPLEMENTED for methods without a handler, capped field
// violations, request ids from the request, and server streams. A plaintext server on the
// loopback interface with a fixed caller stands in for mTLS.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/base/text.h"
#include "common/ops/log.h"
#include "common/server/grpc_status.h"
#include "common/server/rpc_service.h"
#include "common/server/wire_check.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shouhu/common/v1/common.grpc.pb.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"

namespace shouhu {
namespace {

namespace cpb = ::shouhu::common::v1;
namespace rpb = ::shouhu::referral::v1;
using ::testing::HasSubstr;

// ---------------------------------------------------------------- wire format, no server

// Bytes of one field: tag then payload.
std::string Tag(int field, int wire) {
  std::string out;
  google::protobuf::io::StringOutputStream s(&out);
  google::protobuf::io::CodedOutputStream c(&s);
  c.WriteTag(static_cast<uint32_t>(field << 3 | wire));
  c.Trim();
  return out;
}
std::string Len(const std::string& payload) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream s(&out);
    google::protobuf::io::CodedOutputStream c(&s);
    c.WriteVarint32(static_cast<uint32_t>(payload.size()));
  }
  return out + payload;
}

const google::protobuf::Descriptor* Deliver() { return cpb::DeliverEventRequest::descriptor(); }
const google::protobuf::Descriptor* Submit() { return rpb::SubmitReferralRequest::descriptor(); }

TEST(WireCheckTest, WellFormedMessagesPass) {
  cpb::DeliverEventRequest req;
  req.mutable_event()->set_topic("referral.accepted");
  req.mutable_event()->mutable_payload()->set_type_url("type.googleapis.com/shouhu.名");
  req.mutable_event()->mutable_payload()->set_value("\x08\x01");
  req.mutable_event()->mutable_occurred_at()->set_unix_millis(123);
  EXPECT_TRUE(CheckWireFormat(Deliver(), req.SerializeAsString()).ok());
  EXPECT_TRUE(CheckWireFormat(Deliver(), "").ok());
  rpb::SubmitReferralRequest submit;
  submit.add_situations(static_cast<rpb::MandatoryReportSituation>(1));
  submit.add_situations(static_cast<rpb::MandatoryReportSituation>(2));  // packed
  submit.add_people()->mutable_person()->set_name("张三");
  EXPECT_TRUE(CheckWireFormat(Submit(), submit.SerializeAsString()).ok());
  // Unknown fields are skipped when well formed.
  EXPECT_TRUE(CheckWireFormat(Deliver(), Tag(99, 0) + "\x05" + Tag(98, 2) + Len("xy")).ok());
}

TEST(WireCheckTest, TruncatedVarint) {
  absl::Status st = CheckWireFormat(Submit(), Tag(2, 0) + "\x80\x80");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("kind: truncated varint"));
}

TEST(WireCheckTest, WrongWireType) {
  // event (a message) sent as a varint.
  absl::Status st = CheckWireFormat(Deliver(), Tag(1, 0) + "\x01");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("event: wrong wire type"));
  st = CheckWireFormat(Deliver(), Tag(1, 3));  // start group
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("groups"));
  st = CheckWireFormat(Deliver(), Tag(1, 7));
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("invalid wire type"));
}

TEST(WireCheckTest, LengthPastTheEnd) {
  absl::Status st = CheckWireFormat(Deliver(), Tag(1, 2) + "\x10" + "abc");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("event: length runs past the end"));
  // Inside a nested message.
  const std::string inner = Tag(2, 2) + "\x7f" + "x";
  st = CheckWireFormat(Deliver(), Tag(1, 2) + Len(inner));
  EXPECT_THAT(st.message(), HasSubstr("event.topic: length runs past the end"));
}

TEST(WireCheckTest, InvalidUtf8NamesTheFieldPath) {
  absl::Status st = CheckWireFormat(Deliver(), Tag(1, 2) + Len(Tag(2, 2) + Len("ab\xff")));
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "malformed request: event.topic: not valid UTF-8");
  // Repeated messages carry their index.
  rpb::SubmitReferralRequest ok;
  ok.add_people()->mutable_person()->set_name("李四");
  std::string bad_person = Tag(2, 2) + Len(Tag(1, 2) + Len("\xc3\x28"));  // person.name
  st = CheckWireFormat(Submit(), ok.SerializeAsString() + Tag(8, 2) + Len(bad_person));
  EXPECT_EQ(st.message(), "malformed request: people[1].person.name: not valid UTF-8");
}

TEST(WireCheckTest, BadTagAndFieldZero) {
  EXPECT_THAT(CheckWireFormat(Deliver(), "\x80").message(), HasSubstr("tag"));
  EXPECT_THAT(CheckWireFormat(Deliver(), std::string("\x00\x01", 2)).message(), HasSubstr("tag"));
}

// ------------------------------------------------------------------------- method table

TEST(MethodTableTest, NamesAndTypesComeFromTheDescriptor) {
  auto ok = [](const Principal&,
               const cpb::DeliverEventRequest&) -> absl::StatusOr<cpb::DeliverEventResponse> {
    return cpb::DeliverEventResponse();
  };
  MethodTable good = MethodTable::For<cpb::EventReceiver>();
  good.Unary<cpb::DeliverEventRequest, cpb::DeliverEventResponse>("DeliverEvent", ok);
  EXPECT_TRUE(good.status().ok()) << good.status();

  MethodTable unknown = MethodTable::For<cpb::EventReceiver>();
  unknown.Unary<cpb::DeliverEventRequest, cpb::DeliverEventResponse>("DeliverEvents", ok);
  EXPECT_THAT(unknown.status().message(), HasSubstr("DeliverEvents: no such method"));

  MethodTable wrong = MethodTable::For<cpb::EventReceiver>();
  wrong.Unary<cpb::DeliverEventRequest, cpb::Event>(
      "DeliverEvent",
      [](const Principal&, const cpb::DeliverEventRequest&) -> absl::StatusOr<cpb::Event> {
        return cpb::Event();
      });
  EXPECT_THAT(wrong.status().message(), HasSubstr("returns shouhu.common.v1.DeliverEventResponse"));

  MethodTable twice = MethodTable::For<cpb::EventReceiver>();
  twice.Unary<cpb::DeliverEventRequest, cpb::DeliverEventResponse>("DeliverEvent", ok);
  twice.Unary<cpb::DeliverEventRequest, cpb::DeliverEventResponse>("DeliverEvent", ok);
  EXPECT_THAT(twice.status().message(), HasSubstr("registered twice"));

  MethodTable stream_as_unary = MethodTable::For<rpb::ReferralService>();
  stream_as_unary.Unary<rpb::WatchReferralRequest, rpb::TimelineEntry>(
      "WatchReferral",
      [](const Principal&, const rpb::WatchReferralRequest&) -> absl::StatusOr<rpb::TimelineEntry> {
        return rpb::TimelineEntry();
      });
  EXPECT_THAT(stream_as_unary.status().message(), HasSubstr("not a unary method"));

  // A service with a wrong table does not start; nor with another service's table.
  Registry metrics(RegistryOptions{.process_metrics = false});
  RpcEnv env(
      [](const grpc::ServerContextBase&) -> absl::StatusOr<Principal> { return Principal(); },
      &metrics, "test");
  WorkerPool workers(WorkerPool::Options{.threads = 1});
  EXPECT_FALSE(RpcService<cpb::EventReceiver>::Create(std::move(unknown), &env, &workers).ok());
  EXPECT_FALSE(
      RpcService<cpb::EventReceiver>::Create(MethodTable::For<rpb::CaseService>(), &env, &workers)
          .ok());
}

// -------------------------------------------------------------------------- over gRPC

class AdapterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    caller_.kind = Principal::Kind::kService;
    caller_.id = "test";
    caller_.roles = {Role::kService};
    env_ = std::make_unique<RpcEnv>(
        [this](const grpc::ServerContextBase& ctx) -> absl::StatusOr<Principal> {
          auto it = ctx.client_metadata().find("x-test-deny");
          if (it != ctx.client_metadata().end()) {
            return absl::UnauthenticatedError("denied for the test");
          }
          return caller_;
        },
        &metrics_, "test");

    MethodTable events = MethodTable::For<cpb::EventReceiver>();
    events.Unary<cpb::DeliverEventRequest, cpb::DeliverEventResponse>(
        "DeliverEvent",
        [this](const Principal&,
               const cpb::DeliverEventRequest& req) -> absl::StatusOr<cpb::DeliverEventResponse> {
          if (req.event().topic() == "many") {
            FieldErrors errors;
            for (int i = 0; i < 300; ++i) errors.Add(absl::StrCat("items[", i, "]"), "bad");
            return errors.ToStatus();
          }
          cpb::DeliverEventResponse resp;
          resp.set_duplicate(req.event().topic() == "dup");
          return resp;
        });
    auto events_service =
        RpcService<cpb::EventReceiver>::Create(std::move(events), env_.get(), &workers_);
    ASSERT_TRUE(events_service.ok()) << events_service.status();
    events_ = std::move(events_service).value();

    MethodTable referrals = MethodTable::For<rpb::ReferralService>();
    referrals.Unary<rpb::SubmitReferralRequest, rpb::Referral>(
        "SubmitReferral",
        [this](const Principal&,
               const rpb::SubmitReferralRequest& req) -> absl::StatusOr<rpb::Referral> {
          absl::MutexLock lock(&mu_);
          seen_request_id_ = std::string(CurrentRequestId());
          rpb::Referral r;
          r.set_referral_id(absl::StrCat("ref-", req.request_id()));
          return r;
        });
    referrals.ServerStreaming<rpb::WatchReferralRequest, rpb::TimelineEntry>(
        "WatchReferral", [](const Principal&, const rpb::WatchReferralRequest& req,
                            std::shared_ptr<ServerStream> stream) {
          for (int64_t i = req.after_sequence() + 1; i <= 3; ++i) {
            rpb::TimelineEntry e;
            e.set_sequence(i);
            stream->Send(e);
          }
          stream->Finish(absl::OkStatus());
        });
    referrals.AfterOk([this](const google::protobuf::MethodDescriptor& m,
                             const google::protobuf::Message&, const google::protobuf::Message&) {
      absl::MutexLock lock(&mu_);
      after_ok_.push_back(m.name());
    });
    auto referral_service =
        RpcService<rpb::ReferralService>::Create(std::move(referrals), env_.get(), &workers_);
    ASSERT_TRUE(referral_service.ok()) << referral_service.status();
    referrals_ = std::move(referral_service).value();

    int port = 0;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(events_.get());
    builder.RegisterService(referrals_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
    workers_.Shutdown();
  }

  // A unary call with raw request bytes.
  grpc::Status Raw(const std::string& method, const std::string& bytes, bool deny = false) {
    grpc::GenericStub stub(channel_);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (deny) ctx.AddMetadata("x-test-deny", "1");
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    absl::Notification done;
    grpc::Status out;
    stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response, [&](grpc::Status st) {
      out = std::move(st);
      done.Notify();
    });
    done.WaitForNotification();
    return out;
  }

  std::string Metrics() { return metrics_.Render(); }

  Registry metrics_{RegistryOptions{.process_metrics = false}};
  Principal caller_;
  std::unique_ptr<RpcEnv> env_;
  WorkerPool workers_{WorkerPool::Options{.threads = 2}};
  std::unique_ptr<grpc::Service> events_;
  std::unique_ptr<grpc::Service> referrals_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  absl::Mutex mu_;
  std::string seen_request_id_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> after_ok_ ABSL_GUARDED_BY(mu_);
};

constexpr char kDeliver[] = "/shouhu.common.v1.EventReceiver/DeliverEvent";
constexpr char kSubmit[] = "/shouhu.referral.v1.ReferralService/SubmitReferral";

TEST_F(AdapterTest, AnswersThroughTheTable) {
  cpb::DeliverEventRequest req;
  req.mutable_event()->set_topic("dup");
  auto stub = cpb::EventReceiver::NewStub(channel_);
  grpc::ClientContext ctx;
  cpb::DeliverEventResponse resp;
  grpc::Status st = stub->DeliverEvent(&ctx, req, &resp);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_TRUE(resp.duplicate());
  EXPECT_THAT(Metrics(), HasSubstr("method=\"DeliverEvent\",code=\"OK\"} 1"));
}

TEST_F(AdapterTest, MalformedBytesAreInvalidArgumentAndCounted) {
  const struct {
    std::string bytes;
    const char* says;
  } cases[] = {
      {Tag(1, 2) + Len(Tag(5, 2) + Len(Tag(1, 0) + "\xff")),
       "event.occurred_at.unix_millis: truncated varint"},
      {Tag(1, 0) + "\x01", "event: wrong wire type"},
      {Tag(1, 2) + "\x40" + "short", "event: length runs past the end"},
      {Tag(1, 2) + Len(Tag(2, 2) + Len("\xe4\xb8")), "event.topic: not valid UTF-8"},
  };
  for (const auto& c : cases) {
    grpc::Status st = Raw(kDeliver, c.bytes);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.says;
    EXPECT_THAT(st.error_message(), HasSubstr(c.says));
  }
  EXPECT_THAT(Metrics(), HasSubstr("method=\"DeliverEvent\",code=\"INVALID_ARGUMENT\"} 4"));
}

TEST_F(AdapterTest, AuthenticationComesBeforeParsing) {
  grpc::Status st = Raw(kDeliver, Tag(1, 0) + "\x01", /*deny=*/true);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AdapterTest, MethodsWithoutAHandlerAreUnimplementedAndCounted) {
  grpc::Status st = Raw("/shouhu.referral.v1.ReferralService/GetReferral", "");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_THAT(st.error_message(), HasSubstr("GetReferral"));
  EXPECT_THAT(Metrics(), HasSubstr("method=\"GetReferral\",code=\"UNIMPLEMENTED\"} 1"));
  // A name no service has is answered by gRPC itself.
  EXPECT_EQ(Raw("/shouhu.referral.v1.ReferralService/NoSuchMethod", "").error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(AdapterTest, FieldViolationsAreCapped) {
  cpb::DeliverEventRequest req;
  req.mutable_event()->set_topic("many");
  grpc::Status st = Raw(kDeliver, req.SerializeAsString());
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto v = FieldViolationsOf(st);
  ASSERT_EQ(v.size(), kMaxFieldViolations + 1);
  EXPECT_EQ(v.front().first, "items[0]");
  EXPECT_EQ(v.back().second,
            absl::StrCat(300 - kMaxFieldViolations, " more field violations not shown"));
}

TEST_F(AdapterTest, RequestIdComesFromTheRequestAndAfterOkRuns) {
  rpb::SubmitReferralRequest req;
  req.set_request_id("req-42");
  grpc::Status st = Raw(kSubmit, req.SerializeAsString());
  ASSERT_TRUE(st.ok()) << st.error_message();
  absl::MutexLock lock(&mu_);
  EXPECT_EQ(seen_request_id_, "req-42");
  EXPECT_THAT(after_ok_, ::testing::ElementsAre("SubmitReferral"));
}

TEST_F(AdapterTest, ServerStreamsRunOnTheCallbackApi) {
  auto stub = rpb::ReferralService::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  rpb::WatchReferralRequest req;
  req.set_after_sequence(1);
  auto reader = stub->WatchReferral(&ctx, req);
  std::vector<int64_t> got;
  rpb::TimelineEntry e;
  while (reader->Read(&e)) got.push_back(e.sequence());
  grpc::Status st = reader->Finish();
  EXPECT_TRUE(st.ok()) << st.error_message();
  EXPECT_THAT(got, ::testing::ElementsAre(2, 3));
}

TEST_F(AdapterTest, StreamsWithMalformedRequestsEndInvalidArgument) {
  grpc::GenericStub stub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&ctx, "/shouhu.referral.v1.ReferralService/WatchReferral", &cq);
  call->StartCall(reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  ASSERT_TRUE(cq.Next(&tag, &ok));
  const std::string bytes = Tag(1, 2) + Len("\xff\xfe");
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  call->WriteLast(request, grpc::WriteOptions(), reinterpret_cast<void*>(2));
  ASSERT_TRUE(cq.Next(&tag, &ok));
  grpc::Status st;
  call->Finish(&st, reinterpret_cast<void*>(3));
  ASSERT_TRUE(cq.Next(&tag, &ok));
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("referral_id: not valid UTF-8"));
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

}  // namespace
}  // namespace shouhu
