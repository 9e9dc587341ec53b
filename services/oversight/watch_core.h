// The oversight service's operations behind DeadlineWatchService, and its reaction to
// "deadline.changed". Who may call is decided by the access table before these run
// (access_policy.h); the record-level conditions are checked here through the same
// objects the table names.
#ifndef SHOUHU_OVERSIGHT_WATCH_CORE_H_
#define SHOUHU_OVERSIGHT_WATCH_CORE_H_

#include "absl/status/statusor.h"
#include "common/db/transaction.h"
#include "common/server/principal.h"
#include "oversight/deps.h"
#include "oversight/store.h"
#include "shouhu/common/v1/common.pb.h"
#include "shouhu/oversight/v1/oversight.pb.h"

namespace shouhu::oversight {

class WatchCore {
 public:
  explicit WatchCore(OversightDeps deps) : d_(deps), runner_(deps.Mutations()) {}

  absl::StatusOr<v1::ListDeadlinesResponse> ListMyDeadlines(const Principal& p,
                                                            const v1::ListMyDeadlinesRequest& r);
  absl::StatusOr<v1::ListDeadlinesResponse> ListDepartmentDeadlines(
      const Principal& p, const v1::ListDepartmentDeadlinesRequest& r);
  absl::StatusOr<v1::ListNoticesResponse> ListNotices(const Principal& p,
                                                      const v1::ListNoticesRequest& r);
  absl::StatusOr<v1::Notice> AcknowledgeNotice(const Principal& p,
                                               const v1::AcknowledgeNoticeRequest& r);
  absl::StatusOr<v1::MonthlyLedger> GetMonthlyLedger(const Principal& p,
                                                     const v1::GetMonthlyLedgerRequest& r);

  // Runs in the inbox's transaction for every delivered event: "deadline.changed" is
  // applied to the read model (highest sequence wins); other topics are ignored. An
  // event whose payload is not a valid change is logged (ids only) and dropped: sending
  // it again would not make it valid.
  [[nodiscard]] absl::Status ReactToEvent(db::Tx& tx, const common::v1::Event& e);

 private:
  absl::StatusOr<v1::ListDeadlinesResponse> List(ItemQuery q, int page_size,
                                                 const std::string& page_token);
  OversightDeps d_;
  db::MutationRunner runner_;
};

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_WATCH_CORE_H_
