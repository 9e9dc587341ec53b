#include <nlohmann/json.hpp>

#include "common/base/text.h"
#include "common/server/grpc_status.h"
#include "console/error_reply.h"
#include "console/gateway.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::console {
namespace {

namespace rpb = ::shouhu::referral::v1;
using Json = nlohmann::json;
using ::testing::HasSubstr;

const google::protobuf::Descriptor* Submit() { return rpb::SubmitReferralRequest::descriptor(); }

std::vector<std::pair<std::string, std::string>> Fields(const absl::Status& st) {
  return FieldViolationsOf(st);
}

TEST(ParseRequestJsonTest, ReadsProto3JsonWithEitherFieldName) {
  auto m = ParseRequestJson(Submit(),
                            R"({"requestId":"r-00000001","kind":"REFERRAL_KIND_MANDATORY_REPORT",
      "people":[{"role":"PERSON_ROLE_SUBJECT","person":{"name":"王小军","id_number":"x"}}],
      "urgent":true})");
  ASSERT_TRUE(m.ok()) << m.status();
  const auto& req = static_cast<const rpb::SubmitReferralRequest&>(**m);
  EXPECT_EQ(req.request_id(), "r-00000001");
  EXPECT_EQ(req.kind(), rpb::REFERRAL_KIND_MANDATORY_REPORT);
  ASSERT_EQ(req.people_size(), 1);
  EXPECT_EQ(req.people(0).person().name(), "王小军");
  EXPECT_EQ(req.people(0).person().id_number(), "x");
  EXPECT_TRUE(req.urgent());
}

TEST(ParseRequestJsonTest, EmptyBodyIsTheEmptyMessage) {
  auto m = ParseRequestJson(rpb::ListAgenciesRequest::descriptor(), "");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ((*m)->ByteSizeLong(), 0u);
}

TEST(ParseRequestJsonTest, UnknownFieldsAreRefusedEachByItsPath) {
  auto m = ParseRequestJson(Submit(), R"({"requestId":"r","colour":"red",
      "people":[{"role":"PERSON_ROLE_SUBJECT"},{"person":{"name":"x","shoeSize":42}}]})");
  ASSERT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      Fields(m.status()),
      ::testing::UnorderedElementsAre(
          std::pair<std::string, std::string>{"colour", "unknown field"},
          std::pair<std::string, std::string>{"people[1].person.shoeSize", "unknown field"}));
  EXPECT_THAT(m.status().message(), HasSubstr("colour"));
}

TEST(ParseRequestJsonTest, RefusesWhatIsNotAFittingJsonObject) {
  for (const char* body : {"{", "[1,2]", "\"text\"", "null"}) {
    EXPECT_EQ(ParseRequestJson(Submit(), body).status().code(), absl::StatusCode::kInvalidArgument)
        << body;
  }
  auto wrong_type = ParseRequestJson(Submit(), R"({"urgent":"very"})");
  EXPECT_EQ(wrong_type.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(wrong_type.status().message(), HasSubstr("SubmitReferralRequest"));
  auto bad_enum = ParseRequestJson(Submit(), R"({"kind":"NO_SUCH_KIND"})");
  EXPECT_EQ(bad_enum.status().code(), absl::StatusCode::kInvalidArgument);
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "{\"people\":[{\"person\":";
  deep += "1";
  for (int i = 0; i < 5000; ++i) deep += "}]}";
  EXPECT_EQ(ParseRequestJson(Submit(), deep).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MessageToJsonTest, LowerCamelNamesEnumsByNameAndDefaultsPrinted) {
  rpb::Agency a;
  a.set_agency_code("edu-renhuai");
  a.set_type(rpb::AGENCY_TYPE_EDUCATION);
  auto json = MessageToJson(a);
  ASSERT_TRUE(json.ok());
  Json doc = Json::parse(*json);
  EXPECT_EQ(doc["agencyCode"], "edu-renhuai");
  EXPECT_TRUE(doc["type"].is_string());
  EXPECT_EQ(doc["type"], "AGENCY_TYPE_EDUCATION");
  EXPECT_EQ(doc["active"], false);  // a default, printed
  EXPECT_EQ(doc["name"], "");
}

TEST(ErrorReplyTest, StatusCodesAndBody) {
  struct Row {
    absl::StatusCode code;
    int http;
  };
  for (const Row& r :
       {Row{absl::StatusCode::kInvalidArgument, 400}, Row{absl::StatusCode::kUnauthenticated, 401},
        Row{absl::StatusCode::kPermissionDenied, 403}, Row{absl::StatusCode::kNotFound, 404},
        Row{absl::StatusCode::kAlreadyExists, 409}, Row{absl::StatusCode::kAborted, 409},
        Row{absl::StatusCode::kFailedPrecondition, 409},
        Row{absl::StatusCode::kResourceExhausted, 429}, Row{absl::StatusCode::kUnimplemented, 501},
        Row{absl::StatusCode::kUnavailable, 503}, Row{absl::StatusCode::kDeadlineExceeded, 503},
        Row{absl::StatusCode::kInternal, 500}, Row{absl::StatusCode::kUnknown, 500},
        Row{absl::StatusCode::kOutOfRange, 500}}) {
    EXPECT_EQ(HttpStatusOf(r.code), r.http) << absl::StatusCodeToString(r.code);
    EXPECT_EQ(ErrorReply(absl::Status(r.code, "m")).status, r.http);
  }
  FieldErrors errors;
  errors.Add("person.id_number", "校验位错误");
  HttpReply reply = ErrorReply(errors.ToStatus());
  Json doc = Json::parse(reply.body);
  EXPECT_EQ(doc["error"]["code"], "INVALID_ARGUMENT");
  ASSERT_EQ(doc["error"]["fields"].size(), 1u);
  EXPECT_EQ(doc["error"]["fields"][0]["field"], "person.id_number");
  EXPECT_EQ(doc["error"]["fields"][0]["description"], "校验位错误");
  Json denied = Json::parse(ErrorReply(absl::PermissionDeniedError("only agencies")).body);
  EXPECT_EQ(denied["error"]["message"], "only agencies");
  EXPECT_TRUE(denied["error"]["fields"].empty());
  // Transport failures do not tell the browser about addresses.
  Json down =
      Json::parse(ErrorReply(absl::UnavailableError("failed to connect to 127.0.0.1:7101")).body);
  EXPECT_EQ(down["error"]["code"], "UNAVAILABLE");
  EXPECT_THAT(down["error"]["message"].get<std::string>(), ::testing::Not(HasSubstr("127.0.0.1")));
}

// Answers from a script instead of a service.
class ScriptedTransport final : public UnaryTransport {
 public:
  grpc::Status Call(const ConsoleMethod& method, const std::string& token,
                    const std::string& request, std::string* response) const override {
    last_method = method.grpc_path;
    last_token = token;
    last_request = request;
    if (!status.ok()) return status;
    *response = answer;
    return grpc::Status::OK;
  }
  grpc::Status status = grpc::Status::OK;
  std::string answer;
  mutable std::string last_method, last_token, last_request;
};

TEST(GatewayTest, ForwardsTheParsedRequestAndPrintsTheAnswer) {
  ScriptedTransport transport;
  rpb::ListAgenciesResponse answer;
  answer.add_agencies()->set_agency_code("edu-renhuai");
  ASSERT_TRUE(answer.SerializeToString(&transport.answer));
  Gateway gateway(&MethodTable::Platform(), &transport);
  HttpReply reply = gateway.Forward("shouhu.referral.v1.RegistryService/ListAgencies",
                                    R"({"procuratorateCode":"520382"})", "tok");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(Json::parse(reply.body)["agencies"][0]["agencyCode"], "edu-renhuai");
  EXPECT_EQ(transport.last_method, "/shouhu.referral.v1.RegistryService/ListAgencies");
  EXPECT_EQ(transport.last_token, "tok");
  rpb::ListAgenciesRequest sent;
  ASSERT_TRUE(sent.ParseFromString(transport.last_request));
  EXPECT_EQ(sent.procuratorate_code(), "520382");
}

TEST(GatewayTest, UnknownMethodIs404AndBadRequestsNeverReachTheService) {
  ScriptedTransport transport;
  Gateway gateway(&MethodTable::Platform(), &transport);
  HttpReply missing = gateway.Forward("shouhu.referral.v1.ReferralService/Nope", "{}", "tok");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Json::parse(missing.body)["error"]["code"], "NOT_FOUND");
  HttpReply stream = gateway.Forward("shouhu.referral.v1.ReferralService/WatchReferral", "{}", "t");
  EXPECT_EQ(stream.status, 404);
  HttpReply bad = gateway.Forward("shouhu.referral.v1.RegistryService/ListAgencies",
                                  R"({"procuratorate":"520382"})", "tok");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Json::parse(bad.body)["error"]["fields"][0]["field"], "procuratorate");
  EXPECT_TRUE(transport.last_method.empty());
}

TEST(GatewayTest, ServiceErrorsKeepTheirFieldViolations) {
  ScriptedTransport transport;
  FieldErrors errors;
  errors.Add("people[0].person.id_number", "invalid check digit");
  transport.status = ToGrpcStatus(errors.ToStatus());
  Gateway gateway(&MethodTable::Platform(), &transport);
  HttpReply reply =
      gateway.Forward("shouhu.referral.v1.ReferralService/SubmitReferral", "{}", "tok");
  EXPECT_EQ(reply.status, 400);
  Json doc = Json::parse(reply.body);
  EXPECT_EQ(doc["error"]["fields"][0]["field"], "people[0].person.id_number");
  EXPECT_EQ(doc["error"]["fields"][0]["description"], "invalid check digit");

  transport.status = grpc::Status(grpc::StatusCode::ABORTED, "stale version");
  EXPECT_EQ(gateway.Forward("shouhu.referral.v1.ReferralService/AcceptReferral", "{}", "t").status,
            409);
}

}  // namespace
}  // namespace shouhu::console
