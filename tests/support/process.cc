#include "support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/file.h"

namespace shouhu::e2e {
namespace {

// Every child started here, until it has been waited for.
struct ChildRegistry {
  std::mutex mu;
  std::set<pid_t> pids;
};

void KillLeftoverChildren();

ChildRegistry& Children() {
  // Never destroyed, so that it outlives every static that may still stop a child.
  static ChildRegistry* registry = [] {
    std::atexit(&KillLeftoverChildren);
    return new ChildRegistry();
  }();
  return *registry;
}

// Whatever child is still running when the test binary exits normally (a test that failed
// half-way) is killed at exit; a crash or kill of the test binary is covered by
// PR_SET_PDEATHSIG in the child.
void KillLeftoverChildren() {
  std::lock_guard<std::mutex> lock(Children().mu);
  for (pid_t pid : Children().pids) {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  Children().pids.clear();
}

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

}  // namespace

std::string EnvOrEmpty(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

std::string FindProgram(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  for (absl::string_view dir : absl::StrSplit(EnvOrEmpty("PATH"), ':', absl::SkipEmpty())) {
    std::string candidate = absl::StrCat(dir, "/", program);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return program;
}

absl::StatusOr<pid_t> Spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  if (argv.empty()) return absl::InvalidArgumentError("empty argv");
  // Everything the child needs is prepared before fork: after it only async-signal-safe
  // calls are made.
  const std::string program = FindProgram(argv[0]);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int out = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out < 0) return absl::InternalError(absl::StrCat("cannot open ", log_path));
  const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  std::lock_guard<std::mutex> lock(Children().mu);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
#ifdef SYS_close_range
    if (::syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
#endif
    {
      for (int fd = 3; fd < 4096; ++fd) ::close(fd);
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(program.c_str(), args.data());
    ::_exit(127);
  }
  ::close(out);
  if (in >= 0) ::close(in);
  if (pid < 0) return absl::InternalError("fork failed");
  Children().pids.insert(pid);
  return pid;
}

std::optional<int> WaitExit(pid_t pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || r < 0) {
      std::lock_guard<std::mutex> lock(Children().mu);
      Children().pids.erase(pid);
      return r == pid ? ExitCodeOf(status) : -1;
    }
    if (absl::Now() >= deadline) return std::nullopt;
    absl::SleepFor(absl::Milliseconds(10));
  }
}

void KillAndReap(pid_t pid) {
  ::kill(pid, SIGKILL);
  (void)WaitExit(pid, absl::Seconds(10));
}

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& log_path,
                         absl::Duration timeout) {
  CommandResult result;
  std::error_code ignored;
  std::filesystem::remove(log_path, ignored);
  auto pid = Spawn(argv, log_path);
  if (!pid.ok()) {
    result.output = pid.status().ToString();
    return result;
  }
  std::optional<int> code = WaitExit(*pid, timeout);
  if (!code.has_value()) {
    KillAndReap(*pid);
    result.output = "timed out\n";
  } else {
    result.exit_code = *code;
  }
  auto text = ReadFile(log_path);
  if (text.ok()) result.output += *text;
  return result;
}

std::string Tail(const std::string& path, int lines) {
  auto text = ReadFile(path);
  if (!text.ok()) return "";
  std::vector<std::string> all = absl::StrSplit(*text, '\n');
  const size_t from = all.size() > static_cast<size_t>(lines) ? all.size() - lines : 0;
  return absl::StrJoin(all.begin() + from, all.end(), "\n");
}

int PickFreePort() {
  static std::mutex mu;
  static std::set<int> handed_out;
  std::lock_guard<std::mutex> lock(mu);
  for (int attempt = 0; attempt < 50; ++attempt) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
      socklen_t len = sizeof(addr);
      if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
        port = ntohs(addr.sin_port);
      }
    }
    ::close(fd);
    if (port != 0 && handed_out.insert(port).second) return port;
  }
  return 0;
}

}  // namespace shouhu::e2e
