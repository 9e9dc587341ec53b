// Child processes for end-to-end tests: start a binary with its output in a log file,
// wait for it with a timeout, run a command to completion. Every child dies with the
// test binary (PR_SET_PDEATHSIG), and children still running at exit are killed.
#ifndef SHOUHU_TESTS_SUPPORT_PROCESS_H_
#define SHOUHU_TESTS_SUPPORT_PROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace shouhu::e2e {

// The value of environment variable `name`, "" when unset.
std::string EnvOrEmpty(const char* name);

// The absolute path of `program` (searched in PATH unless it contains a '/').
std::string FindProgram(const std::string& program);

// Starts argv[0] with stdin from /dev/null and stdout+stderr appended to `log_path`.
// Must be called from a thread that lives as long as the child (the main thread): the
// child gets SIGKILL when that thread ends.
absl::StatusOr<pid_t> Spawn(const std::vector<std::string>& argv, const std::string& log_path);

// Waits up to `timeout` for `pid` to exit: its exit status, 128+signal when killed by a
// signal, nullopt if it is still running.
std::optional<int> WaitExit(pid_t pid, absl::Duration timeout);

// Kills `pid` and reaps it.
void KillAndReap(pid_t pid);

struct CommandResult {
  int exit_code = -1;  // -1: could not start or timed out (then killed)
  std::string output;  // stdout and stderr
};

// Runs a command to completion (killed after `timeout`); its output goes to `log_path`.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& log_path,
                         absl::Duration timeout = absl::Seconds(60));

// Last `lines` lines of a file, for failure messages.
std::string Tail(const std::string& path, int lines = 40);

// A free TCP port on the loopback interface: bind port 0, read it, close. Never returns
// the same port twice in one process.
int PickFreePort();

// Polls `probe` until it returns true or `timeout` passes.
template <typename Probe>
bool WaitFor(Probe probe, absl::Duration timeout, absl::Duration every = absl::Milliseconds(100)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    if (probe()) return true;
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(every);
  }
}

}  // namespace shouhu::e2e

#endif  // SHOUHU_TESTS_SUPPORT_PROCESS_H_
