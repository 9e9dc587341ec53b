#include "console/console_api.h"

#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/base/file.h"
#include "common/base/text.h"
#include "common/ops/log.h"
#include "console/dev_identities.h"
#include "console/request_log.h"

namespace shouhu::console {
namespace {

using Json = nlohmann::json;

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

void Reply(httplib::Response& res, const HttpReply& reply) {
  res.status = reply.status;
  res.set_content(reply.body, "application/json; charset=utf-8");
}

void ReplyError(httplib::Response& res, const absl::Status& status) {
  Reply(res, ErrorReply(status));
}

// The first value of cookie `name` in the Cookie header, "" when absent.
std::string CookieValue(const httplib::Request& req, absl::string_view name) {
  for (size_t i = 0; i < req.get_header_value_count("Cookie"); ++i) {
    const std::string header = req.get_header_value("Cookie", i);
    for (absl::string_view part : absl::StrSplit(header, ';')) {
      part = absl::StripAsciiWhitespace(part);
      if (absl::ConsumePrefix(&part, name) && absl::ConsumePrefix(&part, "=")) {
        return std::string(part);
      }
    }
  }
  return "";
}

// Content-Type application/json (parameters such as charset allowed).
bool IsJsonRequest(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  const absl::string_view media_type = absl::string_view(type).substr(0, type.find(';'));
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(media_type), "application/json");
}

void ReplyNotJson(httplib::Response& res) {
  Reply(res, HttpReply{415, ErrorReply(absl::InvalidArgumentError(
                                           "the request must be Content-Type: application/json"))
                                .body});
}

// The string member `name` of the JSON object in `body`; INVALID_ARGUMENT (a field
// violation of `name`) when it is missing, empty or not a string.
absl::StatusOr<std::string> StringMember(absl::string_view body, const char* name) {
  Json doc = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return absl::InvalidArgumentError("the request body is not a JSON object");
  }
  auto it = doc.find(name);
  if (it == doc.end() || !it->is_string() || it->get<std::string>().empty()) {
    FieldErrors errors;
    errors.Add(name, "required");
    return errors.ToStatus();
  }
  return it->get<std::string>();
}

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

}  // namespace

SessionUser UserOf(const Claims& claims) {
  return SessionUser{claims.subject,    claims.name,  claims.roles, claims.procuratorate,
                     claims.department, claims.title, claims.agency};
}

ConsoleApi::ConsoleApi(ConsoleDeps deps, bool secure_cookie, std::string dev_identities)
    : deps_(deps), secure_cookie_(secure_cookie), dev_identities_(std::move(dev_identities)) {}

void ConsoleApi::Register(httplib::Server& server) {
  auto bind = [this](void (ConsoleApi::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      (this->*handler)(req, res);
    };
  };
  server.Get("/api/session", bind(&ConsoleApi::GetSession));
  server.Post("/auth/login", bind(&ConsoleApi::Login));
  server.Post("/auth/logout", bind(&ConsoleApi::Logout));
  server.Get("/api/dev/identities", bind(&ConsoleApi::DevIdentities));
  server.Post("/auth/dev-login", bind(&ConsoleApi::DevLogin));
  server.Post(R"(/api/rpc/(.+))", bind(&ConsoleApi::Rpc));
}

std::string ConsoleApi::Cookie(const std::string& value) const {
  std::string cookie =
      absl::StrCat(kSessionCookie, "=", value, "; HttpOnly; SameSite=Strict; Path=/");
  if (value.empty()) absl::StrAppend(&cookie, "; Max-Age=0");
  if (secure_cookie_) absl::StrAppend(&cookie, "; Secure");
  return cookie;
}

std::string ConsoleApi::SessionJson(const Session* session) const {
  Json out = {{"signedIn", session != nullptr}, {"dev", !dev_identities_.empty()}};
  if (session != nullptr) {
    const SessionUser& u = session->user;
    out["user"] = {{"id", u.id},
                   {"name", u.name},
                   {"roles", u.roles},
                   {"procuratorate", u.procuratorate},
                   {"department", u.department},
                   {"title", u.title},
                   {"agency", u.agency}};
    out["csrf"] = session->csrf;
    out["expiresAt"] = Rfc3339(session->expires_at);
  }
  return Dump(out);
}

absl::StatusOr<Session> ConsoleApi::RequireSession(const httplib::Request& req,
                                                   httplib::Response& res) {
  const std::string id = CookieValue(req, kSessionCookie);
  if (id.empty()) return absl::UnauthenticatedError("not signed in");
  absl::StatusOr<Session> session = deps_.sessions->Touch(id);
  if (!session.ok()) {
    res.set_header("Set-Cookie", Cookie(""));
    return session.status();
  }
  NoteRequestUser(session->user.id);
  return session;
}

absl::Status ConsoleApi::CheckCsrf(const httplib::Request& req, const Session& session) const {
  if (!ConstantTimeEquals(req.get_header_value(kCsrfHeader), session.csrf)) {
    return absl::PermissionDeniedError("missing or wrong CSRF token");
  }
  return absl::OkStatus();
}

void ConsoleApi::GetSession(const httplib::Request& req, httplib::Response& res) {
  const std::string id = CookieValue(req, kSessionCookie);
  absl::StatusOr<Session> session =
      id.empty() ? absl::UnauthenticatedError("not signed in") : deps_.sessions->Peek(id);
  if (!session.ok() && !id.empty()) res.set_header("Set-Cookie", Cookie(""));
  if (session.ok()) NoteRequestUser(session->user.id);
  Reply(res, HttpReply{200, SessionJson(session.ok() ? &*session : nullptr)});
}

void ConsoleApi::SignIn(const httplib::Request& req, httplib::Response& res,
                        const std::string& token) {
  absl::StatusOr<Claims> claims = deps_.verifier->Verify(token, deps_.clock->Now());
  if (!claims.ok()) {
    ReplyError(res, absl::UnauthenticatedError(
                        absl::StrCat("invalid token: ", claims.status().message())));
    return;
  }
  // A new id on every sign-in; the old session (if any) ends.
  if (std::string old = CookieValue(req, kSessionCookie); !old.empty()) deps_.sessions->End(old);
  absl::StatusOr<Session> session =
      deps_.sessions->Create(token, UserOf(*claims), claims->expires_at);
  if (!session.ok()) {
    ReplyError(res, session.status());
    return;
  }
  NoteRequestUser(session->user.id);
  Log(LogLevel::kInfo, "console.signed_in", {{"user", session->user.id}});
  res.set_header("Set-Cookie", Cookie(session->id));
  Reply(res, HttpReply{200, SessionJson(&*session)});
}

void ConsoleApi::Login(const httplib::Request& req, httplib::Response& res) {
  if (!IsJsonRequest(req)) return ReplyNotJson(res);
  absl::StatusOr<std::string> token = StringMember(req.body, "token");
  if (!token.ok()) return ReplyError(res, token.status());
  if (token->size() > TokenVerifier::kMaxTokenSize) {
    return ReplyError(res, absl::UnauthenticatedError("invalid token: too long"));
  }
  SignIn(req, res, *token);
}

void ConsoleApi::Logout(const httplib::Request& req, httplib::Response& res) {
  absl::StatusOr<Session> session = RequireSession(req, res);
  if (!session.ok()) return ReplyError(res, session.status());
  if (absl::Status st = CheckCsrf(req, *session); !st.ok()) return ReplyError(res, st);
  if (!IsJsonRequest(req)) return ReplyNotJson(res);
  deps_.sessions->End(session->id);
  res.set_header("Set-Cookie", Cookie(""));
  Reply(res, HttpReply{200, SessionJson(nullptr)});
}

void ConsoleApi::DevIdentities(const httplib::Request& req, httplib::Response& res) {
  if (dev_identities_.empty()) return ReplyError(res, absl::NotFoundError("not found"));
  absl::StatusOr<std::vector<DevIdentity>> list = ReadDevIdentities(dev_identities_);
  if (!list.ok()) {
    Log(LogLevel::kWarning, "console.dev_identities", {{"error", list.status().ToString()}});
    return ReplyError(res, absl::InternalError("the identity list cannot be read"));
  }
  Json out = Json::array();
  for (const DevIdentity& identity : *list) {
    absl::StatusOr<std::string> token = ReadFile(identity.token_file);
    absl::StatusOr<Claims> claims =
        token.ok() ? deps_.verifier->Verify(absl::StripAsciiWhitespace(*token), deps_.clock->Now())
                   : absl::StatusOr<Claims>(token.status());
    if (!claims.ok()) {
      // Listed but unusable (missing, expired, signed with another key): left out.
      Log(LogLevel::kWarning, "console.dev_identity_unusable",
          {{"identity", identity.id}, {"error", std::string(claims.status().message())}});
      continue;
    }
    const SessionUser user = UserOf(*claims);
    out.push_back({{"id", identity.id},
                   {"name", user.name},
                   {"roles", user.roles},
                   {"kind", user.agency.empty() ? "user" : "agency"},
                   {"agency", user.agency}});
  }
  Reply(res, HttpReply{200, Dump(out)});
}

void ConsoleApi::DevLogin(const httplib::Request& req, httplib::Response& res) {
  if (dev_identities_.empty()) return ReplyError(res, absl::NotFoundError("not found"));
  if (!IsJsonRequest(req)) return ReplyNotJson(res);
  absl::StatusOr<std::string> id = StringMember(req.body, "id");
  if (!id.ok()) return ReplyError(res, id.status());
  absl::StatusOr<std::vector<DevIdentity>> list = ReadDevIdentities(dev_identities_);
  if (!list.ok()) return ReplyError(res, absl::InternalError("the identity list cannot be read"));
  for (const DevIdentity& identity : *list) {
    if (identity.id != *id) continue;
    absl::StatusOr<std::string> token = ReadFile(identity.token_file);
    if (!token.ok()) {
      return ReplyError(res, absl::UnauthenticatedError("the identity's token cannot be read"));
    }
    return SignIn(req, res, std::string(absl::StripAsciiWhitespace(*token)));
  }
  ReplyError(res, absl::NotFoundError("no such identity"));
}

void ConsoleApi::Rpc(const httplib::Request& req, httplib::Response& res) {
  absl::StatusOr<Session> session = RequireSession(req, res);
  if (!session.ok()) return ReplyError(res, session.status());
  if (absl::Status st = CheckCsrf(req, *session); !st.ok()) return ReplyError(res, st);
  if (!IsJsonRequest(req)) return ReplyNotJson(res);
  Reply(res, deps_.gateway->Forward(req.matches[1].str(), req.body, session->token));
}

}  // namespace shouhu::console
