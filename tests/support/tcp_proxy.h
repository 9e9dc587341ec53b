// A TCP proxy on the loopback interface for simulating network and database outages in
// integration tests without stopping the shared test server: point a connection pool at
// port() instead of the server, then Cut() the link (every open connection is dropped and
// new ones are closed as soon as they are accepted) and Restore() it.
#ifndef SHOUHU_TESTS_SUPPORT_TCP_PROXY_H_
#define SHOUHU_TESTS_SUPPORT_TCP_PROXY_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"

namespace shouhu::testing {

class TcpProxy {
 public:
  // Listens on 127.0.0.1 (a free port) and forwards to target_host:target_port.
  static absl::StatusOr<std::unique_ptr<TcpProxy>> Start(const std::string& target_host,
                                                         int target_port);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  int port() const { return port_; }
  // Drops every open connection; connections accepted until Restore() are closed at once.
  void Cut();
  // Forwards new connections again.
  void Restore();
  // Connections accepted and forwarded so far.
  int forwarded() const { return forwarded_.load(); }

 private:
  TcpProxy(int listen_fd, int port, std::string host, int target_port)
      : listen_fd_(listen_fd), port_(port), host_(std::move(host)), target_port_(target_port) {}
  void AcceptLoop();
  void Pump(int from, int to);
  int ConnectTarget() const;

  const int listen_fd_;
  const int port_;
  const std::string host_;
  const int target_port_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> cut_{false};
  std::atomic<int> forwarded_{0};
  std::mutex mu_;
  std::vector<int> open_fds_;       // guarded by mu_
  std::vector<std::thread> pumps_;  // guarded by mu_
  std::thread acceptor_;
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_TCP_PROXY_H_
