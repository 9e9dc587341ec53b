// shouhu-console: the web console (dashboards, the caseworker's workbench, the agency
// portal). Serves the web app and a JSON API; talks to the four services only through
// their gRPC APIs over mTLS with its own client certificate, forwarding the signed-in
// user's token. Every flag falls back to the environment variable SHOUHU_<FLAG>.
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/clock.h"
#include "common/base/env.h"
#include "common/base/file.h"
#include "common/ops/log.h"
#include "common/server/tls.h"
#include "common/token/token.h"
#include "console/console_server.h"
#include "console/gateway.h"
#include "console/grpc_transport.h"
#include "console/method_table.h"
#include "console/session_store.h"

using shouhu::EnvIntOr;
using shouhu::EnvOr;

ABSL_FLAG(std::string, listen, EnvOr("SHOUHU_CONSOLE_LISTEN", "127.0.0.1:7180"),
          "HTTP(S) address of the console (host:port); plain HTTP only on loopback");
ABSL_FLAG(std::string, web_dir, EnvOr("SHOUHU_WEB_DIR", ""), "directory of the web app");
ABSL_FLAG(std::string, https_cert, EnvOr("SHOUHU_HTTPS_CERT", ""),
          "certificate (PEM) of the browser-facing HTTPS; with --https_key");
ABSL_FLAG(std::string, https_key, EnvOr("SHOUHU_HTTPS_KEY", ""), "key (PEM) of the HTTPS");
ABSL_FLAG(std::string, dev_identities, EnvOr("SHOUHU_DEV_IDENTITIES", ""),
          "development only: file listing identities and their token files (sign-in "
          "without a token); never in production");
ABSL_FLAG(std::string, tls_cert, EnvOr("SHOUHU_TLS_CERT", ""),
          "the console's client certificate (PEM, CN client:shouhu-console)");
ABSL_FLAG(std::string, tls_key, EnvOr("SHOUHU_TLS_KEY", ""), "its private key (PEM)");
ABSL_FLAG(std::string, tls_ca, EnvOr("SHOUHU_TLS_CA", ""), "platform CA bundle (PEM)");
ABSL_FLAG(std::string, jwt_public_key, EnvOr("SHOUHU_JWT_PUBLIC_KEY", ""),
          "public key (PEM) verifying user tokens (the services' key)");
ABSL_FLAG(std::string, referral_addr, EnvOr("SHOUHU_REFERRAL_ADDR", "127.0.0.1:7101"),
          "referral service address");
ABSL_FLAG(std::string, aid_addr, EnvOr("SHOUHU_AID_ADDR", "127.0.0.1:7102"), "aid service address");
ABSL_FLAG(std::string, visit_addr, EnvOr("SHOUHU_VISIT_ADDR", "127.0.0.1:7103"),
          "visit service address");
ABSL_FLAG(std::string, guardianship_addr, EnvOr("SHOUHU_GUARDIANSHIP_ADDR", "127.0.0.1:7104"),
          "guardianship service address");
ABSL_FLAG(std::string, oversight_addr, EnvOr("SHOUHU_OVERSIGHT_ADDR", "127.0.0.1:7105"),
          "oversight service address");
ABSL_FLAG(int, rpc_deadline_ms, EnvIntOr("SHOUHU_RPC_DEADLINE_MS", 10000),
          "deadline of each call to a service");
ABSL_FLAG(int, session_idle_minutes, EnvIntOr("SHOUHU_SESSION_IDLE_MINUTES", 30),
          "a session ends after this many idle minutes (and never outlives its token)");
ABSL_FLAG(int, max_sessions, EnvIntOr("SHOUHU_MAX_SESSIONS", 10000),
          "sessions kept at most (the least recently used one ends first)");
ABSL_FLAG(int, http_threads, EnvIntOr("SHOUHU_HTTP_THREADS", 16), "request threads");
ABSL_FLAG(bool, tcp_nodelay, true,
          "send answers at once (TCP_NODELAY); false only to measure what it saves");
ABSL_FLAG(std::string, log_level, EnvOr("SHOUHU_LOG_LEVEL", "info"), "debug|info|warning|error");

namespace shouhu::console {
namespace {

int Fail(const absl::Status& status, absl::string_view step) {
  Log(LogLevel::kError, "startup.failed",
      {{"step", std::string(step)}, {"error", status.ToString()}});
  return 1;
}

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost";
}

int Run() {
  LogLevel level = LogLevel::kInfo;
  if (ParseLogLevel(absl::GetFlag(FLAGS_log_level), &level)) SetMinLogLevel(level);

  ConsoleOptions options;
  const std::string listen = absl::GetFlag(FLAGS_listen);
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &options.port)) {
    return Fail(absl::InvalidArgumentError("--listen must be host:port"), "flags");
  }
  options.host = listen.substr(0, colon);
  options.web_dir = absl::GetFlag(FLAGS_web_dir);
  options.https_cert = absl::GetFlag(FLAGS_https_cert);
  options.https_key = absl::GetFlag(FLAGS_https_key);
  options.dev_identities = absl::GetFlag(FLAGS_dev_identities);
  options.threads = absl::GetFlag(FLAGS_http_threads);
  options.tcp_nodelay = absl::GetFlag(FLAGS_tcp_nodelay);
  if (options.https_cert.empty() && !IsLoopback(options.host)) {
    return Fail(absl::InvalidArgumentError(
                    "plain HTTP is served on loopback only: give --https_cert and --https_key"),
                "flags");
  }

  auto pem = ReadFile(absl::GetFlag(FLAGS_jwt_public_key));
  if (!pem.ok()) return Fail(pem.status(), "token key");
  auto verifier = TokenVerifier::FromPublicKeyPem(*pem);
  if (!verifier.ok()) return Fail(verifier.status(), "token key");

  auto credentials = ClientTlsCredentials(TlsFiles{
      absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key), absl::GetFlag(FLAGS_tls_ca)});
  if (!credentials.ok()) return Fail(credentials.status(), "client tls");
  std::map<Backend, std::shared_ptr<grpc::Channel>> channels;
  const std::map<Backend, std::string> addresses = {
      {Backend::kReferral, absl::GetFlag(FLAGS_referral_addr)},
      {Backend::kAid, absl::GetFlag(FLAGS_aid_addr)},
      {Backend::kVisit, absl::GetFlag(FLAGS_visit_addr)},
      {Backend::kGuardianship, absl::GetFlag(FLAGS_guardianship_addr)},
      {Backend::kOversight, absl::GetFlag(FLAGS_oversight_addr)},
  };
  for (const auto& [backend, address] : addresses) {
    if (address.empty()) continue;  // that service's methods answer UNAVAILABLE
    channels[backend] = grpc::CreateChannel(address, *credentials);
  }
  GrpcTransport transport(
      std::move(channels),
      GrpcTransport::Options{.deadline = absl::Milliseconds(absl::GetFlag(FLAGS_rpc_deadline_ms))});
  Gateway gateway(&MethodTable::Platform(), &transport);
  SessionStore sessions(
      SessionStore::Options{
          .idle_timeout = absl::Minutes(absl::GetFlag(FLAGS_session_idle_minutes)),
          .max_sessions = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_max_sessions)))},
      &Clock::Real(), &RandomSource::Secure());

  auto server = ConsoleServer::Start(options, ConsoleDeps{.clock = &Clock::Real(),
                                                          .sessions = &sessions,
                                                          .verifier = verifier->get(),
                                                          .gateway = &gateway});
  if (!server.ok()) return Fail(server.status(), "server");
  const std::string url = absl::StrCat((*server)->https() ? "https" : "http", "://", options.host,
                                       ":", (*server)->port(), "/");
  Log(LogLevel::kInfo, "console.serving",
      {{"url", url},
       {"methods", absl::StrCat(MethodTable::Platform().methods().size())},
       {"dev_sign_in", options.dev_identities.empty() ? "off" : "on"}});

  // Until SIGTERM or SIGINT (blocked in every thread since the start of main).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int received = 0;
  sigwait(&signals, &received);
  Log(LogLevel::kInfo, "console.stopping", {{"signal", absl::StrCat(received)}});
  (*server)->Stop();
  return 0;
}

}  // namespace
}  // namespace shouhu::console

int main(int argc, char** argv) {
  // Block the stop signals before any thread starts, so that only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A browser that goes away mid-answer must not end the process (TLS writes).
  signal(SIGPIPE, SIG_IGN);
  absl::SetProgramUsageMessage("shouhu-console: the web console of the Shouhu platform");
  absl::ParseCommandLine(argc, argv);
  return shouhu::console::Run();
}
