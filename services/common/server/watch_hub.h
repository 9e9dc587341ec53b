// Server-streaming "watch" calls without a thread or a poll per watcher. Each watcher is a
// ServerStream (callback API). Watchers of the same key by the same caller share one
// topic; a topic is read (with the caller's access, on the worker pool) when
//   - a watcher joins,
//   - Notify(key) says this process committed a change to `key`, or
//   - the shared slow poll runs (changes committed by another replica),
// and every watcher gets the items after its own position. A watch ends OK when the
// fetch says the key is final and everything was sent, with the fetch's error when it
// fails, and UNAVAILABLE (resume with the last position) when the hub shuts down.
#ifndef SHOUHU_COMMON_SERVER_WATCH_HUB_H_
#define SHOUHU_COMMON_SERVER_WATCH_HUB_H_

#include <google/protobuf/message.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/server/principal.h"
#include "common/server/rpc_service.h"
#include "common/server/worker_pool.h"

namespace shouhu {

class WatchHub {
 public:
  struct Item {
    int64_t position = 0;  // strictly increasing per key
    std::shared_ptr<const google::protobuf::Message> message;
  };
  struct Batch {
    std::vector<Item> items;  // every item after the requested position, in order
    bool final = false;       // nothing will follow
  };
  // Reads the items of `key` after `after` as `caller` sees them (blocking; a denial is
  // the watch's error).
  using Fetch = std::function<absl::StatusOr<Batch>(const Principal& caller, const std::string& key,
                                                    int64_t after)>;
  struct Options {
    absl::Duration poll_interval = absl::Seconds(1);
  };

  WatchHub(Fetch fetch, WorkerPool* workers, Options options);
  // Shutdown(), then waits for the reads still queued on the workers (which must keep
  // running them until then).
  ~WatchHub();
  WatchHub(const WatchHub&) = delete;
  WatchHub& operator=(const WatchHub&) = delete;

  // Starts the shared poll.
  void Start();
  // Sends `stream` every item of `key` after `after` until the key is final.
  void Watch(const Principal& caller, const std::string& key, int64_t after,
             std::shared_ptr<ServerStream> stream);
  // Something about `key` was committed: read it for its watchers now.
  void Notify(const std::string& key);
  // Ends every watch with UNAVAILABLE, refuses new ones, stops the poll. Idempotent.
  void Shutdown();
  size_t watchers() const;

 private:
  struct Watcher {
    std::shared_ptr<ServerStream> stream;
    int64_t after = 0;
  };
  struct Topic {
    Principal caller;
    std::string key;
    std::vector<Watcher> watchers;
    bool fetching = false;
    bool again = false;  // asked for while fetching: fetch once more when done
  };

  void ScheduleLocked(const std::shared_ptr<Topic>& topic) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RunFetch(const std::shared_ptr<Topic>& topic, int64_t after);
  void PollLoop();

  const Fetch fetch_;
  WorkerPool* const workers_;
  const Options options_;
  mutable absl::Mutex mu_;
  // key -> caller identity -> topic
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, std::shared_ptr<Topic>>> topics_
      ABSL_GUARDED_BY(mu_);
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  int pending_ ABSL_GUARDED_BY(mu_) = 0;  // reads queued or running on the workers
  absl::Notification stop_;
  std::thread poll_;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_WATCH_HUB_H_
