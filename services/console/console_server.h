// shouhu-console's HTTP(S) server: the web app's static files, the JSON API
// (console_api.h), GET /healthz, security headers on every response, a body size limit
// and one log line per request. See docs/console.md.
#ifndef SHOUHU_CONSOLE_CONSOLE_SERVER_H_
#define SHOUHU_CONSOLE_CONSOLE_SERVER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "console/console_api.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace shouhu::console {

struct ConsoleOptions {
  std::string host = "127.0.0.1";
  int port = 0;                // 0: a free port (see port())
  std::string web_dir;         // the web app; empty: no static files
  std::string https_cert;      // PEM certificate chain and key: both for HTTPS (and Secure
  std::string https_key;       // cookies), neither for plain HTTP
  std::string dev_identities;  // development sign-in list; empty: off (404)
  size_t max_body_bytes = 1 << 20;
  int threads = 16;
  // Answers leave at once (TCP_NODELAY). httplib's default (off) lets Nagle's algorithm
  // hold the body behind the headers until the browser's delayed ACK: ~40 ms on many calls.
  bool tcp_nodelay = true;
};

// The Content-Security-Policy of every response.
inline constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

class ConsoleServer {
 public:
  // Binds and starts serving on a background thread. INVALID_ARGUMENT for options that do
  // not fit together, NOT_FOUND for a missing web directory, UNAVAILABLE when the port
  // cannot be bound or the HTTPS files do not load.
  static absl::StatusOr<std::unique_ptr<ConsoleServer>> Start(const ConsoleOptions& options,
                                                              ConsoleDeps deps);
  ~ConsoleServer();
  ConsoleServer(const ConsoleServer&) = delete;
  ConsoleServer& operator=(const ConsoleServer&) = delete;

  int port() const { return port_; }
  bool https() const { return https_; }
  // Stops accepting and waits for the serving thread. Idempotent.
  void Stop();

 private:
  ConsoleServer(std::unique_ptr<ConsoleApi> api, std::unique_ptr<httplib::Server> server, int port,
                bool https);

  std::unique_ptr<ConsoleApi> api_;
  std::unique_ptr<httplib::Server> server_;
  int port_;
  bool https_;
  absl::Mutex mu_;
  std::thread thread_ ABSL_GUARDED_BY(mu_);
};

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_CONSOLE_SERVER_H_
