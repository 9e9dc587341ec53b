// ToGrpcStatus / FromGrpcStatus, and the field violations that travel as google.rpc.Status
// details ("grpc-status-details-bin"). The wire tests run a tiny plaintext server on the
// loopback interface.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/text.h"
#include "common/server/events.h"
#include "common/server/grpc_status.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "shouhu/common/v1/common.grpc.pb.h"

namespace shouhu {
namespace {

namespace cpb = ::shouhu::common::v1;

constexpr absl::StatusCode kAllErrorCodes[] = {
    absl::StatusCode::kCancelled,          absl::StatusCode::kUnknown,
    absl::StatusCode::kInvalidArgument,    absl::StatusCode::kDeadlineExceeded,
    absl::StatusCode::kNotFound,           absl::StatusCode::kAlreadyExists,
    absl::StatusCode::kPermissionDenied,   absl::StatusCode::kResourceExhausted,
    absl::StatusCode::kFailedPrecondition, absl::StatusCode::kAborted,
    absl::StatusCode::kOutOfRange,         absl::StatusCode::kUnimplemented,
    absl::StatusCode::kInternal,           absl::StatusCode::kUnavailable,
    absl::StatusCode::kDataLoss,           absl::StatusCode::kUnauthenticated,
};

TEST(ToGrpcStatusTest, PreservesCodeAndMessage) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus(), nullptr).ok());
  for (absl::StatusCode code : kAllErrorCodes) {
    const std::string message = absl::StrCat("问题 ", absl::StatusCodeToString(code));
    const grpc::Status g = ToGrpcStatus(absl::Status(code, message), nullptr);
    EXPECT_EQ(static_cast<int>(g.error_code()), static_cast<int>(code)) << message;
    EXPECT_EQ(g.error_message(), message);
    const absl::Status back = FromGrpcStatus(g);
    EXPECT_EQ(back.code(), code);
    EXPECT_EQ(back.message(), message);
  }
  EXPECT_EQ(static_cast<int>(ToGrpcStatus(absl::NotFoundError("x"), nullptr).error_code()),
            static_cast<int>(grpc::StatusCode::NOT_FOUND));
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

TEST(ToGrpcStatusTest, FieldErrorsKeepTheirMessageWithoutAContext) {
  FieldErrors errors;
  errors.Add("facts", "is required");
  const absl::Status st = errors.ToStatus();
  const grpc::Status g = ToGrpcStatus(st, nullptr);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(g.error_message(), std::string(st.message()));
}

// Answers DeliverEvent with the status named by the event topic.
class FixedStatusReceiver final : public cpb::EventReceiver::Service {
 public:
  grpc::Status DeliverEvent(grpc::ServerContext* ctx, const cpb::DeliverEventRequest* req,
                            cpb::DeliverEventResponse* resp) override {
    const std::string& topic = req->event().topic();
    if (topic == "field-errors") {
      FieldErrors errors;
      errors.Add("event.event_id", "is required");
      errors.Add("event.topic", "must be one of referral.accepted, case.opened");
      errors.Add("people[1].person.name", "必须填写");
      return ToGrpcStatus(errors.ToStatus(), ctx);
    }
    if (topic == "many-field-errors") {
      FieldErrors errors;
      for (int i = 0; i < 500; ++i) {
        errors.Add(absl::StrCat("people[", i, "].person.name"), "must be 1-64 characters");
      }
      return ToGrpcStatus(errors.ToStatus(), ctx);
    }
    if (topic == "plain-invalid") {
      return ToGrpcStatus(absl::InvalidArgumentError("no field details"), ctx);
    }
    if (topic == "not-found") return ToGrpcStatus(absl::NotFoundError("no such case"), ctx);
    return ToGrpcStatus(absl::OkStatus(), ctx);
  }
};

class TrailingMetadataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int port = 0;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port, 0);
    stub_ = cpb::EventReceiver::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }

  // Calls with `topic`; returns the status and the trailing metadata.
  std::pair<grpc::Status, std::multimap<std::string, std::string>> Call(const std::string& topic) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    cpb::DeliverEventRequest req;
    req.mutable_event()->set_topic(topic);
    cpb::DeliverEventResponse resp;
    grpc::Status st = stub_->DeliverEvent(&ctx, req, &resp);
    std::multimap<std::string, std::string> trailers;
    for (const auto& [k, v] : ctx.GetServerTrailingMetadata()) {
      trailers.emplace(std::string(k.data(), k.size()), std::string(v.data(), v.size()));
    }
    return {std::move(st), std::move(trailers)};
  }

  FixedStatusReceiver service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<cpb::EventReceiver::Stub> stub_;
};

using Violations = std::vector<std::pair<std::string, std::string>>;

TEST_F(TrailingMetadataTest, FieldViolationsTravelAsGoogleRpcStatusDetails) {
  auto [st, trailers] = Call("field-errors");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), ::testing::HasSubstr("event.event_id: is required"));
  const Violations expected = {
      {"event.event_id", "is required"},
      {"event.topic", "must be one of referral.accepted, case.opened"},
      {"people[1].person.name", "必须填写"},
  };
  EXPECT_EQ(FieldViolationsOf(st), expected);
  // What any gRPC client sees: a google.rpc.Status with one google.rpc.BadRequest.
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(st.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), st.error_message());
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_EQ(details.details(0).type_url(), "type.googleapis.com/google.rpc.BadRequest");
  // The same bytes are in the trailing metadata, and no custom trailer any more.
  ASSERT_EQ(trailers.count(kStatusDetailsKey), 1u);
  EXPECT_EQ(FieldViolationsOfDetails(trailers.find(kStatusDetailsKey)->second), expected);
  EXPECT_EQ(trailers.count("shouhu-field-violations-bin"), 0u);
  // Back on the client side as absl::Status with the FieldErrors payload.
  const absl::Status back = FromGrpcStatus(st);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolationsOf(back), expected);
}

TEST_F(TrailingMetadataTest, NoDetailsWithoutFieldViolations) {
  for (const char* topic : {"plain-invalid", "not-found", "ok"}) {
    auto [st, trailers] = Call(topic);
    EXPECT_TRUE(st.error_details().empty()) << topic;
    EXPECT_EQ(trailers.count(kStatusDetailsKey), 0u) << topic;
    if (std::string(topic) == "plain-invalid") {
      EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
      EXPECT_EQ(st.error_message(), "no field details");
    } else if (std::string(topic) == "not-found") {
      EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND);
      EXPECT_EQ(st.error_message(), "no such case");
    } else {
      EXPECT_TRUE(st.ok()) << st.error_message();
    }
  }
}

TEST_F(TrailingMetadataTest, HundredsOfViolationsArriveCapped) {
  auto [st, trailers] = Call("many-field-errors");
  // Without the cap this arrived as RESOURCE_EXHAUSTED (metadata over the client's limit).
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LE(st.error_message().size(), kMaxStatusMessageBytes);
  const Violations v = FieldViolationsOf(st);
  ASSERT_EQ(v.size(), kMaxFieldViolations + 1);
  EXPECT_EQ(v[0].first, "people[0].person.name");
  EXPECT_EQ(v[kMaxFieldViolations - 1].first,
            absl::StrCat("people[", kMaxFieldViolations - 1, "].person.name"));
  EXPECT_EQ(v.back().first, "");
  EXPECT_EQ(v.back().second,
            absl::StrCat(500 - kMaxFieldViolations, " more field violations not shown"));
}

TEST(ToGrpcStatusTest, LongMessagesAreCutOnACharacterBoundary) {
  std::string message;
  for (int i = 0; i < 1000; ++i) message += "字";  // 3 bytes each
  const grpc::Status g = ToGrpcStatus(absl::InternalError(message));
  EXPECT_LE(g.error_message().size(), kMaxStatusMessageBytes);
  EXPECT_TRUE(IsValidUtf8(g.error_message()));
  EXPECT_THAT(g.error_message(), ::testing::EndsWith("..."));
}

TEST(FieldViolationsOfTest, GarbageDetailsGiveNothing) {
  EXPECT_THAT(FieldViolationsOfDetails("\xff\x01garbage"), ::testing::IsEmpty());
  EXPECT_THAT(FieldViolationsOf(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "x", "zz")),
              ::testing::IsEmpty());
}

// ---------------------------------------------------------------------------------------
// GrpcEventSink: the relay's delivery to every --event_targets endpoint
// ---------------------------------------------------------------------------------------

class CountingReceiver final : public cpb::EventReceiver::Service {
 public:
  grpc::Status DeliverEvent(grpc::ServerContext*, const cpb::DeliverEventRequest* req,
                            cpb::DeliverEventResponse*) override {
    if (req->event().topic() == "deadline.changed") ++received;
    return grpc::Status::OK;
  }
  std::atomic<int> received{0};
};

// A loopback address nothing listens on (a server's port, closed again).
std::string ClosedAddress() {
  CountingReceiver unused;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&unused);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  EXPECT_NE(server, nullptr);
  if (server == nullptr) return "127.0.0.1:1";
  server->Shutdown(std::chrono::system_clock::now());
  server->Wait();
  return absl::StrCat("127.0.0.1:", port);
}

TEST(GrpcEventSinkTest, ATargetThatIsDownHoldsBackNoOtherAndTheEventIsRetried) {
  CountingReceiver up;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&up);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  const std::string down = ClosedAddress();
  // The target that is down comes first: the one after it still receives every event.
  db::EventSink sink = GrpcEventSink({down, absl::StrCat("127.0.0.1:", port)},
                                     grpc::InsecureChannelCredentials(), absl::Seconds(2));
  db::OutboxEvent e;
  e.event_id = "evt-1";
  e.topic = "deadline.changed";
  absl::Status st = sink(e);
  EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable);  // the relay retries it with backoff
  EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr(down));
  EXPECT_EQ(up.received.load(), 1);
  // A retry reaches the healthy target again (its inbox absorbs the repeat by event id).
  EXPECT_FALSE(sink(e).ok());
  EXPECT_EQ(up.received.load(), 2);
  server->Shutdown(std::chrono::system_clock::now());
}

}  // namespace
}  // namespace shouhu
