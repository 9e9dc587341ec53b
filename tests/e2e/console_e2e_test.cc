// End-to-end: shouhu-console (HTTPS on, its own client certificate) in front of the real
// referral, aid and visit services. A caseworker signs in with a token and works through
// /api/rpc: lists and reads referrals an agency submitted, is refused what the service
// refuses (submitting is for agencies), gets field errors for a bad request and 403
// without the CSRF token; an analyst reads the visit statistics; agency staff (a token
// with an "agency" claim) submit referrals, see the field errors first, and cannot read
// another agency's referral. The console stops gracefully on SIGTERM.
#include <google/protobuf/util/json_util.h>
#include <httplib.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/base/file.h"
#include "common/token/token.h"
#include "gmock/gmock.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {
namespace {

using Json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const ::testing::Environment* const kPlatform =
    RegisterPlatform({.with_aid = true, .with_visit = true});

// The console process of this binary: started by the first test, stopped (SIGTERM, exit
// code 0 expected) before the platform, which waits for its clients to disconnect.
struct Console {
  pid_t pid = -1;
  int port = 0;
  std::string log;
  std::string ca;
};

Console& TheConsole() {
  static Console* console = new Console();
  return *console;
}

class ConsoleEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    Console& c = TheConsole();
    if (c.pid <= 0) return;
    ::kill(c.pid, SIGTERM);
    std::optional<int> code = WaitExit(c.pid, absl::Seconds(15));
    if (!code.has_value()) {
      KillAndReap(c.pid);
      code = -1;
    }
    EXPECT_EQ(*code, 0) << "shouhu-console did not stop gracefully:\n" << Tail(c.log);
    c.pid = -1;
  }
};

// Registered after the platform, so torn down before it.
const ::testing::Environment* const kConsole =
    ::testing::AddGlobalTestEnvironment(new ConsoleEnvironment());

constexpr char kListReferrals[] = "/api/rpc/shouhu.referral.v1.ReferralService/ListReferrals";

struct Browser {
  std::string cookie;
  std::string csrf;
};

class ConsoleE2eTest : public PlatformTest {
 protected:
  void SetUp() override {
    PlatformTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Console& c = TheConsole();
    if (c.pid > 0) return;
    const std::string certs = P().certs_dir();
    c.port = PickFreePort();
    c.log = P().dir() + "/console.log";
    c.ca = certs + "/ca.pem";
    auto pid =
        Spawn({EnvOrEmpty("SHOUHU_BINARY_DIR") + "/services/console/shouhu-console",
               absl::StrCat("--listen=127.0.0.1:", c.port),
               "--https_cert=" + certs + "/https/console.pem",
               "--https_key=" + certs + "/https/console.key",
               "--tls_cert=" + certs + "/clients/shouhu-console.pem",
               "--tls_key=" + certs + "/clients/shouhu-console.key", "--tls_ca=" + c.ca,
               "--jwt_public_key=" + certs + "/jwt-signing.pub",
               "--referral_addr=" + P().referral().address(), "--aid_addr=" + P().aid().address(),
               "--visit_addr=" + P().visit().address(), "--guardianship_addr="},
              c.log);
    ASSERT_TRUE(pid.ok()) << pid.status();
    c.pid = *pid;
    const bool up = WaitFor(
        [&] {
          auto res = Client()->Get("/healthz");
          return res && res->status == 200;
        },
        absl::Seconds(20));
    ASSERT_TRUE(up) << "shouhu-console did not answer:\n" << Tail(c.log);
  }

  void TearDown() override {
    if (HasFailure() && TheConsole().pid > 0) {
      std::cerr << "---- console log (tail) ----\n" << Tail(TheConsole().log) << "\n";
    }
    PlatformTest::TearDown();
  }

  // HTTPS, the server verified against the platform CA.
  static std::unique_ptr<httplib::SSLClient> Client() {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", TheConsole().port);
    client->set_ca_cert_path(TheConsole().ca.c_str());
    client->enable_server_certificate_verification(true);
    client->set_read_timeout(15, 0);
    return client;
  }

  static httplib::Result Post(const std::string& path, const std::string& body,
                              const Browser* b = nullptr, bool with_csrf = true) {
    httplib::Headers headers;
    if (b != nullptr) {
      headers.emplace("Cookie", b->cookie);
      if (with_csrf) headers.emplace("X-CSRF-Token", b->csrf);
    }
    return Client()->Post(path.c_str(), headers, body, "application/json");
  }

  static Browser SignIn(const User& u) { return SignInWith(P().TokenFor(u)); }

  static Browser SignInWith(const std::string& token) {
    auto res = Post("/auth/login", Json{{"token", token}}.dump());
    EXPECT_TRUE(res) << httplib::to_string(res.error());
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    const std::string cookie = res->get_header_value("Set-Cookie");
    EXPECT_THAT(cookie, HasSubstr("; Secure"));
    EXPECT_THAT(cookie, HasSubstr("HttpOnly; SameSite=Strict"));
    return Browser{cookie.substr(0, cookie.find(';')), Json::parse(res->body).value("csrf", "")};
  }

  // A token of a member of staff of partner agency `agency` (claim "agency", roles
  // exactly {"agency"}), signed with the platform key.
  static std::string AgencyStaffToken(const std::string& subject, const std::string& agency) {
    auto key = ReadFile(P().certs_dir() + "/jwt-signing.key");
    if (!key.ok()) return "";
    auto issuer = TokenIssuer::FromPrivateKeyPem(*key);
    if (!issuer.ok()) return "";
    Claims c;
    c.subject = subject;
    c.name = "合作单位工作人员";
    c.procuratorate = "520382";
    c.roles = {"agency"};
    c.agency = agency;
    c.issued_at = absl::Now();
    c.expires_at = absl::Now() + absl::Hours(1);
    auto token = (*issuer)->Issue(c);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.ok() ? *token : "";
  }

  static std::string ToJson(const google::protobuf::Message& m) {
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(m, &json).ok());
    return json;
  }
};

TEST_F(ConsoleE2eTest, ACaseworkerListsAndReadsReferralsThroughTheConsole) {
  const pb::Referral submitted =
      MustSubmit(P().Agency("edu-renhuai"), MandatoryReport(NewRequestId("console")));
  ASSERT_FALSE(submitted.referral_id().empty());
  Browser b = SignIn(kCaseworker);

  auto session = Client()->Get("/api/session", httplib::Headers{{"Cookie", b.cookie}});
  ASSERT_TRUE(session);
  Json s = Json::parse(session->body);
  EXPECT_EQ(s["user"]["id"], kCaseworker.id);
  EXPECT_EQ(s["user"]["roles"], Json::array({"caseworker"}));
  EXPECT_EQ(s["dev"], false);
  EXPECT_EQ(session->get_header_value("Content-Security-Policy").substr(0, 19),
            "default-src 'self';");
  EXPECT_EQ(session->get_header_value("Strict-Transport-Security"), "max-age=31536000");

  auto list = Post(kListReferrals, R"({"pageSize":200})", &b);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  bool found = false;
  const Json listed = Json::parse(list->body);
  for (const Json& r : listed["referrals"]) {
    if (r["referralId"] == submitted.referral_id()) {
      found = true;
      EXPECT_EQ(r["kind"], "REFERRAL_KIND_MANDATORY_REPORT");
    }
  }
  EXPECT_TRUE(found) << "the console's list lacks " << submitted.referral_id() << ":\n"
                     << list->body.substr(0, 2000);

  auto one = Post("/api/rpc/shouhu.referral.v1.ReferralService/GetReferral",
                  Json{{"referralId", submitted.referral_id()}}.dump(), &b);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200) << one->body;
  EXPECT_EQ(Json::parse(one->body)["referralId"], submitted.referral_id());
}

TEST_F(ConsoleE2eTest, TheConsoleAddsNoAccessOfItsOwn) {
  Browser b = SignIn(kCaseworker);
  // Submitting is for partner agencies: the referral service refuses the caseworker.
  pb::SubmitReferralRequest req = MandatoryReport(NewRequestId("console-deny"));
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(req, &json).ok());
  auto submit = Post("/api/rpc/shouhu.referral.v1.ReferralService/SubmitReferral", json, &b);
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->status, 403) << submit->body;
  EXPECT_EQ(Json::parse(submit->body)["error"]["message"],
            "only partner agencies submit referrals");
  // Statistics are for analysts, heads and the chief.
  auto stats = Post("/api/rpc/shouhu.visit.v1.VisitService/GetVisitStatistics",
                    R"({"period":"STATISTICS_PERIOD_YEAR","year":2026,"periodCount":1})", &b);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->status, 403) << stats->body;
}

TEST_F(ConsoleE2eTest, BadRequestsAndMissingCsrf) {
  Browser b = SignIn(kCaseworker);
  auto bad = Post(kListReferrals, R"({"pageSize":-1})", &b);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400) << bad->body;
  Json e = Json::parse(bad->body)["error"];
  EXPECT_EQ(e["code"], "INVALID_ARGUMENT");
  ASSERT_FALSE(e["fields"].empty()) << bad->body;
  EXPECT_EQ(e["fields"][0]["field"], "page_size");

  auto unknown = Post(kListReferrals, R"({"colour":"red"})", &b);
  EXPECT_EQ(unknown->status, 400);
  EXPECT_EQ(Json::parse(unknown->body)["error"]["fields"][0]["field"], "colour");

  auto no_csrf = Post(kListReferrals, "{}", &b, /*with_csrf=*/false);
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  auto no_session = Post(kListReferrals, "{}");
  EXPECT_EQ(no_session->status, 401);

  auto expired =
      Post("/auth/login", Json{{"token", P().TokenFor(kCaseworker, absl::Now() - absl::Hours(2),
                                                      absl::Now() - absl::Hours(1))}}
                              .dump());
  EXPECT_EQ(expired->status, 401);
}

TEST_F(ConsoleE2eTest, AnAnalystReadsVisitStatistics) {
  Browser b = SignIn(kAnalyst);
  auto stats = Post("/api/rpc/shouhu.visit.v1.VisitService/GetVisitStatistics",
                    R"({"period":"STATISTICS_PERIOD_MONTH","year":2026,"firstPeriod":1,
                        "periodCount":12})",
                    &b);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->status, 200) << stats->body;
  EXPECT_TRUE(Json::parse(stats->body).contains("rows")) << stats->body;
}

TEST_F(ConsoleE2eTest, LogoutEndsTheSession) {
  Browser b = SignIn(kHead);
  EXPECT_EQ(Post(kListReferrals, "{}", &b)->status, 200);
  EXPECT_EQ(Post("/auth/logout", "{}", &b)->status, 200);
  EXPECT_EQ(Post(kListReferrals, "{}", &b)->status, 401);
}

constexpr char kSubmit[] = "/api/rpc/shouhu.referral.v1.ReferralService/SubmitReferral";
constexpr char kGetReferral[] = "/api/rpc/shouhu.referral.v1.ReferralService/GetReferral";

TEST_F(ConsoleE2eTest, AgencyStaffSubmitWithFieldErrorsFirst) {
  Browser b = SignInWith(AgencyStaffToken("staff-edu-1", "edu-renhuai"));
  auto session = Client()->Get("/api/session", httplib::Headers{{"Cookie", b.cookie}});
  ASSERT_TRUE(session);
  EXPECT_EQ(Json::parse(session->body)["user"]["agency"], "edu-renhuai");

  pb::SubmitReferralRequest bad = MandatoryReport(NewRequestId("console-bad"));
  bool changed = false;
  for (auto& person : *bad.mutable_people()) {
    std::string id = person.person().id_number();
    if (id.empty()) continue;
    id.back() = id.back() == '0' ? '1' : '0';  // a wrong check digit
    person.mutable_person()->set_id_number(id);
    changed = true;
    break;
  }
  ASSERT_TRUE(changed) << "the builder gave nobody an ID number";
  auto refused = Post(kSubmit, ToJson(bad), &b);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400) << refused->body;
  const Json e = Json::parse(refused->body)["error"];
  ASSERT_FALSE(e["fields"].empty()) << refused->body;
  EXPECT_THAT(e["fields"][0]["field"].get<std::string>(), HasSubstr("id_number"));

  auto made = Post(kSubmit, ToJson(MandatoryReport(NewRequestId("console-ok"))), &b);
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 200) << made->body;
  const std::string referral_id = Json::parse(made->body)["referralId"];
  EXPECT_EQ(Json::parse(made->body)["agencyCode"], "edu-renhuai");
  auto mine = Post(kGetReferral, Json{{"referralId", referral_id}}.dump(), &b);
  EXPECT_EQ(mine->status, 200) << mine->body;
}

TEST_F(ConsoleE2eTest, AgencyStaffCannotReadAnotherAgencysReferral) {
  const pb::Referral theirs =
      MustSubmit(P().Agency("fulian-renhuai"), MandatoryReport(NewRequestId("console-fulian")));
  ASSERT_FALSE(theirs.referral_id().empty());
  Browser b = SignInWith(AgencyStaffToken("staff-edu-2", "edu-renhuai"));
  auto other = Post(kGetReferral, Json{{"referralId", theirs.referral_id()}}.dump(), &b);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->status == 403 || other->status == 404) << other->status << " " << other->body;
  EXPECT_THAT(other->body, Not(HasSubstr("facts")));
  auto list = Post(kListReferrals, R"({"pageSize":200})", &b);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  const Json listed = Json::parse(list->body);
  for (const Json& r : listed["referrals"]) {
    EXPECT_EQ(r["agencyCode"], "edu-renhuai");
    EXPECT_NE(r["referralId"], theirs.referral_id());
  }
}

}  // namespace
}  // namespace shouhu::e2e
