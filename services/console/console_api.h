// The console's JSON endpoints (sessions, sign-in, the development sign-in and the RPC
// gateway), registered on an httplib server by ConsoleServer. See docs/console.md.
//
//   GET  /api/session        who is signed in (does not count as activity)
//   POST /auth/login         {"token":"<JWT>"}: verify, start a session, set the cookie
//   POST /auth/logout        end the session (X-CSRF-Token checked)
//   GET  /api/dev/identities development sign-in list (404 without --dev_identities)
//   POST /auth/dev-login     {"id":"u-zhang"}: sign in with that identity's token
//   POST /api/rpc/<package>.<Service>/<Method>   the gateway (session and CSRF checked)
#ifndef SHOUHU_CONSOLE_CONSOLE_API_H_
#define SHOUHU_CONSOLE_CONSOLE_API_H_

#include <httplib.h>

#include <string>

#include "absl/status/statusor.h"
#include "common/base/clock.h"
#include "common/token/token.h"
#include "console/error_reply.h"
#include "console/gateway.h"
#include "console/session_store.h"

namespace shouhu::console {

inline constexpr char kSessionCookie[] = "shouhu_session";
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";

struct ConsoleDeps {
  const Clock* clock = nullptr;
  SessionStore* sessions = nullptr;
  const TokenVerifier* verifier = nullptr;
  const Gateway* gateway = nullptr;
};

// The user a verified token names.
SessionUser UserOf(const Claims& claims);

class ConsoleApi {
 public:
  // `secure_cookie`: the console is served over HTTPS. `dev_identities`: the list file of
  // the development sign-in, empty when it is off.
  ConsoleApi(ConsoleDeps deps, bool secure_cookie, std::string dev_identities);

  void Register(httplib::Server& server);

 private:
  void GetSession(const httplib::Request& req, httplib::Response& res);
  void Login(const httplib::Request& req, httplib::Response& res);
  void Logout(const httplib::Request& req, httplib::Response& res);
  void DevIdentities(const httplib::Request& req, httplib::Response& res);
  void DevLogin(const httplib::Request& req, httplib::Response& res);
  void Rpc(const httplib::Request& req, httplib::Response& res);

  // The request's live session (idle time restarted), or UNAUTHENTICATED; an expired
  // session's cookie is cleared on `res`.
  absl::StatusOr<Session> RequireSession(const httplib::Request& req, httplib::Response& res);
  // PERMISSION_DENIED unless the X-CSRF-Token header equals the session's.
  absl::Status CheckCsrf(const httplib::Request& req, const Session& session) const;
  // Verifies `token` and starts a session for it (ending the request's old one).
  void SignIn(const httplib::Request& req, httplib::Response& res, const std::string& token);
  std::string SessionJson(const Session* session) const;
  std::string Cookie(const std::string& value) const;

  ConsoleDeps deps_;
  bool secure_cookie_;
  std::string dev_identities_;
};

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_CONSOLE_API_H_
