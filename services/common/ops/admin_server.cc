#include "common/ops/admin_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace shouhu {
namespace {

constexpr int kThreads = 4;

}  // namespace

AdminServer::AdminServer(std::unique_ptr<httplib::Server> server, int port)
    : server_(std::move(server)), port_(port) {}

AdminServer::~AdminServer() { Stop(); }

absl::StatusOr<std::unique_ptr<AdminServer>> AdminServer::Start(
    const std::string& host, int port, Registry* registry, std::function<bool()> healthy,
    std::function<std::vector<std::string>()> details) {
  if (registry == nullptr) return absl::InvalidArgumentError("admin server needs a registry");
  if (port < 0 || port > 65535) return absl::InvalidArgumentError("admin port out of range");
  auto server = std::make_unique<httplib::Server>();
  server->new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  // httplib's default also sets SO_REUSEPORT, which would let a second process silently
  // share the port; keep only SO_REUSEADDR so a taken port is an error.
  server->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server->Get("/metrics", [registry](const httplib::Request&, httplib::Response& res) {
    res.set_content(registry->Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server->Get("/healthz", [healthy = std::move(healthy), details = std::move(details)](
                              const httplib::Request&, httplib::Response& res) {
    const bool ok = !healthy || healthy();
    res.status = ok ? 200 : 503;
    std::string body = ok ? "ok" : "unavailable";
    if (details) {
      for (const std::string& d : details()) absl::StrAppend(&body, "\nwarning: ", d);
    }
    res.set_content(body, "text/plain; charset=utf-8");
  });

  int bound = port;
  if (port == 0) {
    bound = server->bind_to_any_port(host);
    if (bound < 0) {
      return absl::UnavailableError(absl::StrCat("admin server cannot bind ", host, ":0"));
    }
  } else if (!server->bind_to_port(host, port)) {
    return absl::UnavailableError(absl::StrCat("admin server cannot bind ", host, ":", port));
  }

  std::unique_ptr<AdminServer> admin(new AdminServer(std::move(server), bound));
  auto finished = std::make_shared<std::atomic<bool>>(false);
  httplib::Server* raw = admin->server_.get();
  {
    absl::MutexLock lock(&admin->mu_);
    admin->thread_ = std::thread([raw, finished] {
      raw->listen_after_bind();
      finished->store(true);
    });
  }
  // httplib's stop() does nothing until the accept loop runs, so wait for it; otherwise
  // an early Stop() would leave the thread blocked in accept().
  while (!raw->is_running() && !finished->load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!raw->is_running()) {
    admin->Stop();
    return absl::UnavailableError(
        absl::StrCat("admin server on ", host, ":", bound, " did not start"));
  }
  return admin;
}

void AdminServer::Stop() {
  absl::MutexLock lock(&mu_);
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

}  // namespace shouhu
