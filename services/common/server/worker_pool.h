// A fixed set of threads running queued tasks: where the callback API's handlers put
// their blocking work (database calls), so that gRPC's own threads never block. The queue
// is bounded; Shutdown() runs what is queued, then joins.
#ifndef SHOUHU_COMMON_SERVER_WORKER_POOL_H_
#define SHOUHU_COMMON_SERVER_WORKER_POOL_H_

#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace shouhu {

class WorkerPool {
 public:
  struct Options {
    int threads = 16;
    size_t max_queue = 10000;  // Submit() refuses beyond this many waiting tasks
  };
  explicit WorkerPool(Options options);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`. False (and `task` is not run) when the queue is full or the pool is
  // shutting down: the caller answers UNAVAILABLE / RESOURCE_EXHAUSTED itself.
  [[nodiscard]] bool Submit(std::function<void()> task);
  // Refuses new tasks, runs the queued ones, joins the threads. Idempotent.
  void Shutdown();
  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void Run();

  const Options options_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_WORKER_POOL_H_
