// The console's HTTP side against a fake backend: routing, sessions, CSRF, the gateway
// through HTTP, headers on every response and the request log.
#include "console/console_server.h"

#include <httplib.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/base/clock.h"
#include "common/ops/log.h"
#include "console/grpc_transport.h"
#include "console_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/temp_dir.h"

namespace shouhu::console {
namespace {

using ::shouhu::console::testing::CountingRandom;
using ::shouhu::console::testing::FakeBackend;
using ::shouhu::console::testing::kNow;
using ::shouhu::console::testing::Tokens;
using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

constexpr char kListAgencies[] = "/api/rpc/shouhu.referral.v1.RegistryService/ListAgencies";

// A signed-in browser: the cookie and the CSRF token.
struct Browser {
  std::string cookie;  // "shouhu_session=..."
  std::string csrf;
};

class ConsoleServerTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(""); }

  void Start(const std::string& dev_identities) {
    server_.reset();
    std::filesystem::create_directories(web_.path() + "/web");
    web_.Write("web/index.html", "<!doctype html><title>守护</title>");
    web_.Write("web/app.js", "export {};");
    web_.Write("outside.txt", "secret");  // next to the web directory, never served
    ConsoleOptions options;
    options.web_dir = web_.path() + "/web";
    options.dev_identities = dev_identities;
    options.threads = 4;
    auto server = ConsoleServer::Start(
        options, ConsoleDeps{&clock_, &sessions_, &tokens_.verifier(), &gateway_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  httplib::Client Client() { return httplib::Client("127.0.0.1", server_->port()); }

  httplib::Result Post(const std::string& path, const std::string& body,
                       const Browser* browser = nullptr, bool with_csrf = true) {
    httplib::Headers headers;
    if (browser != nullptr) {
      headers.emplace("Cookie", browser->cookie);
      if (with_csrf) headers.emplace("X-CSRF-Token", browser->csrf);
    }
    return Client().Post(path.c_str(), headers, body, "application/json");
  }

  Browser SignIn(const std::string& token) {
    auto res = Post("/auth/login", Json{{"token", token}}.dump());
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    Browser b;
    b.cookie = set_cookie.substr(0, set_cookie.find(';'));
    b.csrf = Json::parse(res->body).value("csrf", "");
    return b;
  }

  FakeClock clock_{kNow};
  CountingRandom random_;
  Tokens tokens_;
  FakeBackend backend_;
  GrpcTransport transport_{{{Backend::kReferral, backend_.Channel()}}, GrpcTransport::Options{}};
  Gateway gateway_{&MethodTable::Platform(), &transport_};
  SessionStore sessions_{SessionStore::Options{.idle_timeout = absl::Minutes(30)}, &clock_,
                         &random_};
  ::shouhu::testing::TempDir web_{"console-web"};
  std::unique_ptr<ConsoleServer> server_;
};

void ExpectSecurityHeaders(const httplib::Response& res, const std::string& what) {
  EXPECT_EQ(res.get_header_value("Content-Security-Policy"), kContentSecurityPolicy) << what;
  EXPECT_EQ(res.get_header_value("X-Content-Type-Options"), "nosniff") << what;
  EXPECT_EQ(res.get_header_value("Referrer-Policy"), "no-referrer") << what;
}

TEST_F(ConsoleServerTest, HealthAndStaticFiles) {
  auto health = Client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok");
  auto index = Client().Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_THAT(index->body, HasSubstr("守护"));
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  auto js = Client().Get("/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
}

TEST_F(ConsoleServerTest, StaticFilesRevalidateWithTheirValidator) {
  auto first = Client().Get("/app.js");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(first->get_header_value("Cache-Control"), "no-cache");
  auto again = Client().Get("/app.js", httplib::Headers{{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  EXPECT_EQ(again->get_header_value("ETag"), etag);
  ExpectSecurityHeaders(*again, "304");
  auto stale = Client().Get("/app.js", httplib::Headers{{"If-None-Match", R"(W/"0-0")"}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);
  EXPECT_EQ(stale->body, first->body);
  // Over plain HTTP (tests only) there is no HSTS header; over HTTPS there is
  // (tests/e2e/console_e2e_test.cc).
  EXPECT_FALSE(first->has_header("Strict-Transport-Security"));
}

TEST_F(ConsoleServerTest, UnknownPathsAndTraversal404) {
  for (const char* path : {"/nothing.html", "/../outside.txt", "/%2e%2e/outside.txt",
                           "/api/nothing", "/auth/nothing", "/api/rpc"}) {
    auto res = Client().Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_THAT(res->body, Not(HasSubstr("secret"))) << path;
  }
  auto api = Client().Get("/api/nothing");
  EXPECT_EQ(Json::parse(api->body)["error"]["code"], "NOT_FOUND");
  auto put = Client().Put("/api/session", "{}", "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 404);
}

TEST_F(ConsoleServerTest, SecurityHeadersOnEveryResponse) {
  Browser b = SignIn(tokens_.For());
  std::vector<std::pair<std::string, httplib::Result>> answers;
  answers.emplace_back("static", Client().Get("/"));
  answers.emplace_back("health", Client().Get("/healthz"));
  answers.emplace_back("404", Client().Get("/missing"));
  answers.emplace_back("api 404", Client().Get("/api/missing"));
  answers.emplace_back("session", Client().Get("/api/session"));
  answers.emplace_back("401", Post(kListAgencies, "{}"));
  answers.emplace_back("403", Post(kListAgencies, "{}", &b, /*with_csrf=*/false));
  answers.emplace_back("rpc", Post(kListAgencies, "{}", &b));
  answers.emplace_back("413", Post("/auth/login", std::string(2 << 20, 'x')));
  for (auto& [what, res] : answers) {
    ASSERT_TRUE(res) << what;
    ExpectSecurityHeaders(*res, what);
    if (what != "static" && what != "health" && what != "404") {
      EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store") << what;
    }
  }
  EXPECT_EQ(answers.back().second->status, 413);
}

TEST_F(ConsoleServerTest, BodiesOverTheLimitOrWithoutALengthAreRefused) {
  auto large = Post("/auth/login", std::string((1 << 20) + 1, ' '));
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413);
  EXPECT_EQ(Json::parse(large->body)["error"]["code"], "INVALID_ARGUMENT");
  auto at_limit = Post("/auth/login", std::string(1 << 20, ' '));
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->status, 400);  // read, and not JSON
  // A chunked body (no Content-Length) is refused before it is read.
  auto chunked = Client().Post(
      "/auth/login",
      [](size_t offset, httplib::DataSink& sink) {
        if (offset < (2 << 20)) {
          std::string chunk(64 << 10, ' ');
          return sink.write(chunk.data(), chunk.size());
        }
        sink.done();
        return true;
      },
      "application/json");
  // The client may see the refusal, or the connection closed under its writing.
  if (chunked) {
    EXPECT_EQ(chunked->status, 411);
  }
  EXPECT_EQ(sessions_.size(), 0u);
}

TEST_F(ConsoleServerTest, LoginSetsAStrictCookieAndSessionShowsTheUser) {
  auto res = Post("/auth/login", Json{{"token", tokens_.For()}}.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_THAT(cookie, ::testing::MatchesRegex(
                          "shouhu_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/"));
  Json login = Json::parse(res->body);
  EXPECT_EQ(login["signedIn"], true);
  EXPECT_EQ(login["user"]["id"], "u-zhang");
  EXPECT_EQ(login["user"]["roles"], Json::array({"caseworker"}));
  EXPECT_EQ(login["user"]["procuratorate"], "520382");
  EXPECT_EQ(login["user"]["agency"], "");
  EXPECT_EQ(login["expiresAt"], "2026-01-01T00:30:00Z");
  EXPECT_EQ(login["dev"], false);

  httplib::Headers headers = {{"Cookie", cookie.substr(0, cookie.find(';'))}};
  auto session = Client().Get("/api/session", headers);
  ASSERT_TRUE(session);
  Json s = Json::parse(session->body);
  EXPECT_EQ(s["signedIn"], true);
  EXPECT_EQ(s["csrf"], login["csrf"]);
  auto anonymous = Client().Get("/api/session");
  Json a = Json::parse(anonymous->body);
  EXPECT_EQ(a["signedIn"], false);
  EXPECT_FALSE(a.contains("user"));
  EXPECT_FALSE(a.contains("csrf"));
}

TEST_F(ConsoleServerTest, AgencyStaffShowTheirAgency) {
  auto res = Post("/auth/login",
                  Json{{"token", tokens_.ForAgencyStaff("staff-edu", "edu-renhuai")}}.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  Json s = Json::parse(res->body);
  EXPECT_EQ(s["user"]["id"], "staff-edu");
  EXPECT_EQ(s["user"]["agency"], "edu-renhuai");
  EXPECT_EQ(s["user"]["roles"], Json::array({"agency"}));
}

TEST_F(ConsoleServerTest, BadTokensAre401) {
  for (const std::string& token :
       {std::string("not.a.jwt"), tokens_.Expired(),
        Tokens().For()}) {  // malformed, expired, signed with another key
    auto res = Post("/auth/login", Json{{"token", token}}.dump());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << token;
    EXPECT_EQ(Json::parse(res->body)["error"]["code"], "UNAUTHENTICATED");
    EXPECT_TRUE(res->get_header_value("Set-Cookie").empty());
  }
  auto missing = Post("/auth/login", "{}");
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(Json::parse(missing->body)["error"]["fields"][0]["field"], "token");
  auto form = Client().Post("/auth/login", "token=x", "application/x-www-form-urlencoded");
  EXPECT_EQ(form->status, 415);
  EXPECT_EQ(sessions_.size(), 0u);
}

TEST_F(ConsoleServerTest, RpcNeedsASessionAndTheCsrfToken) {
  const std::string token = tokens_.For();
  Browser b = SignIn(token);
  auto none = Post(kListAgencies, "{}");
  EXPECT_EQ(none->status, 401);
  auto missing = Post(kListAgencies, "{}", &b, /*with_csrf=*/false);
  EXPECT_EQ(missing->status, 403);
  EXPECT_EQ(Json::parse(missing->body)["error"]["code"], "PERMISSION_DENIED");
  Browser wrong = b;
  wrong.csrf[0] = wrong.csrf[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Post(kListAgencies, "{}", &wrong)->status, 403);
  EXPECT_EQ(backend_.registry().calls(), 0);

  auto ok = Post(kListAgencies, R"({"procuratorateCode":"520382"})", &b);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  Json body = Json::parse(ok->body);
  EXPECT_EQ(body["agencies"][0]["agencyCode"], "edu-renhuai");
  EXPECT_EQ(body["agencies"][0]["procuratorateCode"], "520382");
  EXPECT_EQ(body["nextPageToken"], "");
  EXPECT_EQ(backend_.registry().last_authorization(), "Bearer " + token);

  httplib::Headers headers = {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}};
  auto text = Client().Post(kListAgencies, headers, "{}", "text/plain");
  EXPECT_EQ(text->status, 415);
}

TEST_F(ConsoleServerTest, RpcErrorsAsJson) {
  Browser b = SignIn(tokens_.For());
  auto unknown = Post("/api/rpc/shouhu.referral.v1.RegistryService/Nope", "{}", &b);
  EXPECT_EQ(unknown->status, 404);
  auto unknown_field = Post(kListAgencies, R"({"colour":"red"})", &b);
  EXPECT_EQ(unknown_field->status, 400);
  EXPECT_EQ(Json::parse(unknown_field->body)["error"]["fields"][0]["field"], "colour");
  auto not_json = Post(kListAgencies, "{", &b);
  EXPECT_EQ(not_json->status, 400);
  auto bad = Post(kListAgencies, R"({"procuratorateCode":"bad"})", &b);
  EXPECT_EQ(bad->status, 400);
  Json e = Json::parse(bad->body)["error"];
  EXPECT_EQ(e["code"], "INVALID_ARGUMENT");
  EXPECT_EQ(e["fields"][0]["field"], "procuratorate_code");
  EXPECT_EQ(e["fields"][0]["description"], "must be 6 digits");
  auto denied = Post(kListAgencies, R"({"procuratorateCode":"deny"})", &b);
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(Json::parse(denied->body)["error"]["message"],
            "your role does not give access to the registry");
  // A method of a backend the console has no channel for.
  auto down = Post("/api/rpc/shouhu.aid.v1.AidStatisticsService/GetAidStatistics", "{}", &b);
  EXPECT_EQ(down->status, 503);
}

TEST_F(ConsoleServerTest, IdleAndTokenExpiryEndTheSession) {
  Browser b = SignIn(tokens_.For());
  clock_.Advance(absl::Minutes(29));
  EXPECT_EQ(Post(kListAgencies, "{}", &b)->status, 200);
  clock_.Advance(absl::Minutes(29));
  EXPECT_EQ(Post(kListAgencies, "{}", &b)->status, 200);
  clock_.Advance(absl::Minutes(30));
  auto expired = Post(kListAgencies, "{}", &b);
  EXPECT_EQ(expired->status, 401);
  EXPECT_THAT(expired->get_header_value("Set-Cookie"), HasSubstr("Max-Age=0"));
  EXPECT_EQ(
      Json::parse(
          Client().Get("/api/session", httplib::Headers{{"Cookie", b.cookie}})->body)["signedIn"],
      false);

  // A token with ten minutes left: the session ends with it, though in use.
  Browser short_lived = SignIn(tokens_.For("u-zhang", absl::Minutes(88) + absl::Minutes(10)));
  clock_.Advance(absl::Minutes(9));
  EXPECT_EQ(Post(kListAgencies, "{}", &short_lived)->status, 200);
  clock_.Advance(absl::Minutes(1));
  EXPECT_EQ(Post(kListAgencies, "{}", &short_lived)->status, 401);
}

TEST_F(ConsoleServerTest, LogoutChecksCsrfAndEndsTheSession) {
  Browser b = SignIn(tokens_.For());
  EXPECT_EQ(Post("/auth/logout", "{}", &b, /*with_csrf=*/false)->status, 403);
  auto form = Client().Post("/auth/logout",
                            httplib::Headers{{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}}, "",
                            "application/x-www-form-urlencoded");
  EXPECT_EQ(form->status, 415);
  EXPECT_EQ(Post(kListAgencies, "{}", &b)->status, 200);
  auto out = Post("/auth/logout", "{}", &b);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200);
  EXPECT_THAT(out->get_header_value("Set-Cookie"), HasSubstr("shouhu_session=;"));
  EXPECT_EQ(Json::parse(out->body)["signedIn"], false);
  EXPECT_EQ(Post(kListAgencies, "{}", &b)->status, 401);
  EXPECT_EQ(sessions_.size(), 0u);
}

TEST_F(ConsoleServerTest, DevelopmentSignInIsOffWithoutTheFlag) {
  EXPECT_EQ(Client().Get("/api/dev/identities")->status, 404);
  EXPECT_EQ(Post("/auth/dev-login", R"({"id":"u-zhang"})")->status, 404);
}

TEST_F(ConsoleServerTest, DevelopmentSignInWithTheFlag) {
  ::shouhu::testing::TempDir dev{"console-dev"};
  dev.Write("u-zhang.jwt", tokens_.For() + "\n");
  dev.Write("u-chen.jwt", tokens_.For("u-chen", absl::Hours(1), {"analyst"}));
  dev.Write("u-old.jwt", tokens_.Expired("u-old"));
  dev.Write("staff-edu.jwt", tokens_.ForAgencyStaff("staff-edu", "edu-renhuai"));
  const std::string list =
      dev.Write("identities.txt",
                "# demo\nu-zhang u-zhang.jwt\nu-chen\tu-chen.jwt\nu-old u-old.jwt\n"
                "staff-edu staff-edu.jwt\n");
  Start(list);

  auto ids = Client().Get("/api/dev/identities");
  ASSERT_TRUE(ids);
  ASSERT_EQ(ids->status, 200) << ids->body;
  Json all = Json::parse(ids->body);
  ASSERT_EQ(all.size(), 3u);  // the expired one is left out
  EXPECT_EQ(all[0]["id"], "u-zhang");
  EXPECT_EQ(all[0]["kind"], "user");
  EXPECT_EQ(all[0]["agency"], "");
  EXPECT_EQ(all[1]["id"], "u-chen");
  EXPECT_EQ(all[1]["roles"], Json::array({"analyst"}));
  EXPECT_EQ(all[2]["id"], "staff-edu");
  EXPECT_EQ(all[2]["kind"], "agency");
  EXPECT_EQ(all[2]["agency"], "edu-renhuai");
  EXPECT_THAT(ids->body, Not(HasSubstr("eyJ")));  // no token (a JWT starts so)

  auto login = Post("/auth/dev-login", R"({"id":"u-chen"})");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 200);
  Json s = Json::parse(login->body);
  EXPECT_EQ(s["user"]["id"], "u-chen");
  EXPECT_EQ(s["dev"], true);
  EXPECT_EQ(Post("/auth/dev-login", R"({"id":"u-nobody"})")->status, 404);
  EXPECT_EQ(Post("/auth/dev-login", R"({"id":"u-old"})")->status, 401);
}

TEST_F(ConsoleServerTest, OneLogLinePerRequestWithoutSecrets) {
  std::vector<std::string> lines;
  absl::Mutex mu;
  SetLogSink([&](absl::string_view line) {
    absl::MutexLock lock(&mu);
    lines.emplace_back(line);
  });
  const std::string token = tokens_.For();
  Browser b = SignIn(token);
  Post(kListAgencies, R"({"procuratorateCode":"520382"})", &b);
  Client().Get("/app.js?v=secret-query");
  server_->Stop();  // the last log line is written before the answer is complete
  SetLogSink(nullptr);

  std::vector<Json> requests;
  for (const std::string& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr(token)));
    EXPECT_THAT(line, Not(HasSubstr(b.cookie.substr(15))));
    EXPECT_THAT(line, Not(HasSubstr(b.csrf)));
    EXPECT_THAT(line, Not(HasSubstr("secret-query")));
    EXPECT_THAT(line, Not(HasSubstr("520382")));  // the request body
    Json j = Json::parse(line);
    if (j["event"] == "http.request") requests.push_back(j);
  }
  // httplib writes the line after the answer: lines of different connections may come
  // in either order.
  ASSERT_EQ(requests.size(), 3u);
  std::map<std::string, Json> by_path;
  for (const Json& r : requests) by_path[r["path"].get<std::string>()] = r;
  Json login = by_path["/auth/login"];
  EXPECT_EQ(login["method"], "POST");
  EXPECT_EQ(login["status"], "200");
  EXPECT_EQ(login["user"], "u-zhang");
  Json rpc = by_path["/api/rpc/shouhu.referral.v1.RegistryService/ListAgencies"];
  EXPECT_EQ(rpc["status"], "200");
  EXPECT_EQ(rpc["user"], "u-zhang");
  EXPECT_TRUE(rpc.contains("ms"));
  Json file = by_path["/app.js"];
  EXPECT_EQ(file["method"], "GET");
  EXPECT_EQ(file["user"], "");
}

}  // namespace
}  // namespace shouhu::console
