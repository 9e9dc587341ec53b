// ToGrpcStatus / FromGrpcStatus, and the field violations that travel in trailing metadata.
// The metadata test runs a tiny plaintext server on the loopback interface.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/text.h"
#include "common/server/grpc_status.h"
#include "gmock/gmock.h"
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

  // Calls with `topic`; returns the status and the violations trailer, if any.
  std::pair<grpc::Status, std::vector<std::string>> Call(const std::string& topic) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    cpb::DeliverEventRequest req;
    req.mutable_event()->set_topic(topic);
    cpb::DeliverEventResponse resp;
    grpc::Status st = stub_->DeliverEvent(&ctx, req, &resp);
    std::vector<std::string> trailers;
    const auto& md = ctx.GetServerTrailingMetadata();
    auto [begin, end] = md.equal_range(kFieldViolationsKey);
    for (auto it = begin; it != end; ++it)
      trailers.emplace_back(it->second.data(), it->second.size());
    return {std::move(st), std::move(trailers)};
  }

  FixedStatusReceiver service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<cpb::EventReceiver::Stub> stub_;
};

TEST_F(TrailingMetadataTest, FieldViolationsTravelInTrailingMetadata) {
  auto [st, trailers] = Call("field-errors");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), ::testing::HasSubstr("event.event_id: is required"));
  EXPECT_THAT(trailers, ::testing::ElementsAre("event.event_id\tis required\n"
                                               "event.topic\tmust be one of referral.accepted, "
                                               "case.opened\n"
                                               "people[1].person.name\t必须填写\n"));
}

TEST_F(TrailingMetadataTest, NoTrailerWithoutFieldViolations) {
  for (const char* topic : {"plain-invalid", "not-found", "ok"}) {
    auto [st, trailers] = Call(topic);
    EXPECT_THAT(trailers, ::testing::IsEmpty()) << topic;
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

}  // namespace
}  // namespace shouhu
