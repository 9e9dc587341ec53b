#include "console/console_server.h"

#include <httplib.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "console/request_log.h"
#include "console/static_files.h"

namespace shouhu::console {
namespace {

bool IsApiPath(absl::string_view path) {
  return absl::StartsWith(path, "/api/") || absl::StartsWith(path, "/auth/");
}

// The methods httplib reads a body for.
bool HasBody(absl::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" ||
         method == "PRI";
}

httplib::Headers SecurityHeaders(bool https) {
  httplib::Headers headers = {
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
  };
  // Over HTTPS the browser is told to use nothing else for this host for a year.
  if (https) headers.emplace("Strict-Transport-Security", "max-age=31536000");
  return headers;
}

void ReplyText(httplib::Response& res, int status, const char* text) {
  res.status = status;
  res.set_content(text, "text/plain; charset=utf-8");
}

// Bodies for the failures httplib answers itself (no route, body too large, ...).
void FillErrorBody(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return;
  if (IsApiPath(req.path)) {
    absl::StatusCode code = absl::StatusCode::kInvalidArgument;
    const char* message = "bad request";
    if (res.status == 404) {
      code = absl::StatusCode::kNotFound;
      message = "not found";
    } else if (res.status == 413) {
      message = "the request body is too large";
    } else if (res.status >= 500) {
      code = absl::StatusCode::kInternal;
      message = "internal error";
    }
    HttpReply reply = ErrorReply(absl::Status(code, message));
    res.set_content(reply.body, "application/json; charset=utf-8");
    return;
  }
  res.set_content(res.status == 404 ? "not found" : "error", "text/plain; charset=utf-8");
}

absl::StatusOr<std::unique_ptr<httplib::Server>> NewServer(const ConsoleOptions& options) {
  if (options.https_cert.empty() && options.https_key.empty()) {
    return std::make_unique<httplib::Server>();
  }
  if (options.https_cert.empty() || options.https_key.empty()) {
    return absl::InvalidArgumentError("HTTPS needs both a certificate and a key");
  }
  auto server =
      std::make_unique<httplib::SSLServer>(options.https_cert.c_str(), options.https_key.c_str());
  if (!server->is_valid()) {
    return absl::UnavailableError("the HTTPS certificate or key does not load");
  }
  SSL_CTX_set_min_proto_version(server->ssl_context(), TLS1_2_VERSION);
  return std::unique_ptr<httplib::Server>(std::move(server));
}

}  // namespace

ConsoleServer::ConsoleServer(std::unique_ptr<ConsoleApi> api,
                             std::unique_ptr<httplib::Server> server, int port, bool https)
    : api_(std::move(api)), server_(std::move(server)), port_(port), https_(https) {}

ConsoleServer::~ConsoleServer() { Stop(); }

absl::StatusOr<std::unique_ptr<ConsoleServer>> ConsoleServer::Start(const ConsoleOptions& options,
                                                                    ConsoleDeps deps) {
  if (deps.clock == nullptr || deps.sessions == nullptr || deps.verifier == nullptr ||
      deps.gateway == nullptr) {
    return absl::InvalidArgumentError("the console needs a clock, sessions, verifier, gateway");
  }
  if (options.port < 0 || options.port > 65535 || options.threads < 1) {
    return absl::InvalidArgumentError("port or thread count out of range");
  }
  absl::StatusOr<StaticFiles> files = StaticFiles::Open(options.web_dir);
  if (!files.ok()) return files.status();
  auto static_files = std::make_shared<StaticFiles>(*std::move(files));

  absl::StatusOr<std::unique_ptr<httplib::Server>> made = NewServer(options);
  if (!made.ok()) return made.status();
  std::unique_ptr<httplib::Server> server = *std::move(made);
  const bool https = !options.https_cert.empty();
  auto api = std::make_unique<ConsoleApi>(deps, https, options.dev_identities);

  const int threads = options.threads;
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Only SO_REUSEADDR: a port another process holds is an error, not shared.
  server->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server->set_payload_max_length(options.max_body_bytes);
  server->set_tcp_nodelay(options.tcp_nodelay);
  server->set_default_headers(SecurityHeaders(https));
  const Clock* clock = deps.clock;
  server->set_pre_routing_handler([clock](const httplib::Request& req, httplib::Response& res) {
    BeginRequest(clock->Now());
    // httplib bounds a body by its Content-Length only: a chunked body, or one that runs
    // until the connection closes, is refused before it is read.
    if (HasBody(req.method) &&
        (req.has_header("Transfer-Encoding") || !req.has_header("Content-Length"))) {
      HttpReply reply = ErrorReply(absl::InvalidArgumentError("a Content-Length is required"));
      res.status = 411;
      res.set_header("Connection", "close");
      res.set_content(reply.body, "application/json; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server->set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", IsApiPath(req.path) ? "no-store" : "no-cache");
  });
  server->set_error_handler(
      [](const httplib::Request& req, httplib::Response& res) { FillErrorBody(req, res); });
  server->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        HttpReply reply = ErrorReply(absl::InternalError("internal error"));
        res.status = reply.status;
        res.set_content(reply.body, "application/json; charset=utf-8");
      });
  server->set_logger([clock](const httplib::Request& req, const httplib::Response& res) {
    LogRequest(req.method, req.path, res.status, clock->Now());
  });

  server->Get("/healthz",
              [](const httplib::Request&, httplib::Response& res) { ReplyText(res, 200, "ok"); });
  api->Register(*server);
  // Everything else a GET may ask for is a file of the web app; unknown API paths 404.
  server->Get(R"(/.*)", [static_files](const httplib::Request& req, httplib::Response& res) {
    if (IsApiPath(req.path)) {
      res.status = 404;
      return;
    }
    absl::StatusOr<StaticFile> file =
        static_files->Read(req.path, req.get_header_value("If-None-Match"));
    if (!file.ok()) {
      res.status = 404;
      return;
    }
    res.set_header("ETag", file->etag);
    if (file->not_modified) {
      res.status = 304;
      return;
    }
    res.set_content(std::move(file->content), file->content_type);
  });

  int bound = options.port;
  if (options.port == 0) {
    bound = server->bind_to_any_port(options.host);
    if (bound < 0) {
      return absl::UnavailableError(absl::StrCat("cannot bind ", options.host, ":0"));
    }
  } else if (!server->bind_to_port(options.host, options.port)) {
    return absl::UnavailableError(absl::StrCat("cannot bind ", options.host, ":", options.port));
  }

  std::unique_ptr<ConsoleServer> console(
      new ConsoleServer(std::move(api), std::move(server), bound, https));
  auto finished = std::make_shared<std::atomic<bool>>(false);
  httplib::Server* raw = console->server_.get();
  {
    absl::MutexLock lock(&console->mu_);
    console->thread_ = std::thread([raw, finished] {
      raw->listen_after_bind();
      finished->store(true);
    });
  }
  // httplib's stop() does nothing until the accept loop runs: wait for it.
  while (!raw->is_running() && !finished->load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!raw->is_running()) {
    console->Stop();
    return absl::UnavailableError(
        absl::StrCat("the console on ", options.host, ":", bound, " did not start"));
  }
  return console;
}

void ConsoleServer::Stop() {
  absl::MutexLock lock(&mu_);
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

}  // namespace shouhu::console
