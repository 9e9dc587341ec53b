// The case-quality review (案件质量评查, "即结即评") behind QualityReviewService: the
// reaction to "case.closed" (a review queued, run after a short delay so that the other
// services' own reactions to the closing land first), the run (facts gathered from every
// record service, the procuratorate's active rule set evaluated, findings kept across
// runs), the caseworker's re-run and appeal (复议), the department head's decision, the
// summary, and the rule sets (drafted, tried on the facts stored with past reviews, then
// switched on). Who may call is decided by the access table before these run
// (access_policy.h); the record-level conditions are checked here through the same objects
// the table names.
#ifndef SHOUHU_OVERSIGHT_REVIEW_CORE_H_
#define SHOUHU_OVERSIGHT_REVIEW_CORE_H_

#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/crypto/field_cipher.h"
#include "common/db/transaction.h"
#include "common/server/principal.h"
#include "common/server/service_main.h"
#include "oversight/deps.h"
#include "oversight/facts_source.h"
#include "oversight/review_rules.h"
#include "oversight/review_store.h"
#include "shouhu/common/v1/common.pb.h"
#include "shouhu/oversight/v1/review.pb.h"

namespace shouhu::oversight {

inline constexpr char kTopicCaseClosed[] = "case.closed";

struct ReviewOptions {
  // A review runs this long after the case closed.
  absl::Duration delay = absl::Minutes(10);
  // A run missing a service's facts is retried after 1 minute, doubling up to an hour.
  absl::Duration first_retry = absl::Minutes(1);
  absl::Duration max_retry = absl::Hours(1);
  // A rule set's trial reads at most this many past reviews.
  int trial_limit = 20000;
};

// What one run did.
struct ReviewRunResult {
  bool ran = false;  // false: the review was not pending, or facts were missing
  std::vector<std::string> missing_sources;
  int found = 0;   // findings found by the run
  int opened = 0;  // new, or found again after being fixed
  int fixed = 0;   // no longer found
};

class ReviewCore {
 public:
  // deps.cipher seals the appeal texts; `sources` (the four record services) outlive the core.
  ReviewCore(OversightDeps deps, std::vector<const FactsSource*> sources,
             ReviewOptions options = {});

  absl::StatusOr<v1::CaseReview> GetCaseReview(const Principal& p,
                                               const v1::GetCaseReviewRequest& r);
  absl::StatusOr<v1::CaseReview> RerunReview(const Principal& p, const v1::RerunReviewRequest& r);
  absl::StatusOr<v1::ListFindingsResponse> ListMyFindings(const Principal& p,
                                                          const v1::ListMyFindingsRequest& r);
  absl::StatusOr<v1::ListFindingsResponse> ListDepartmentFindings(
      const Principal& p, const v1::ListDepartmentFindingsRequest& r);
  absl::StatusOr<v1::Finding> AppealFinding(const Principal& p, const v1::AppealFindingRequest& r);
  absl::StatusOr<v1::Finding> DecideAppeal(const Principal& p, const v1::DecideAppealRequest& r);
  absl::StatusOr<v1::ReviewSummary> GetReviewSummary(const Principal& p,
                                                     const v1::GetReviewSummaryRequest& r);
  absl::StatusOr<v1::ListRuleSetsResponse> ListRuleSets(const Principal& p,
                                                        const v1::ListRuleSetsRequest& r);
  absl::StatusOr<v1::RuleSet> GetRuleSet(const Principal& p, const v1::GetRuleSetRequest& r);
  absl::StatusOr<v1::RuleSet> CreateRuleSet(const Principal& p, const v1::CreateRuleSetRequest& r);
  absl::StatusOr<v1::TryRuleSetResponse> TryRuleSet(const Principal& p,
                                                    const v1::TryRuleSetRequest& r);
  absl::StatusOr<v1::RuleSet> ActivateRuleSet(const Principal& p,
                                              const v1::ActivateRuleSetRequest& r);

  // In the inbox's transaction: "case.closed" queues the case's review; other topics are
  // ignored. A payload that is not a case closing is logged (ids only) and dropped.
  [[nodiscard]] absl::Status ReactToEvent(db::Tx& tx, const common::v1::Event& e);

  // The job's work: every pending review whose time has come, at most `limit`.
  [[nodiscard]] absl::StatusOr<int> RunDueReviews(int limit);
  // Gathers the case's facts and runs its pending review now (the job's step).
  [[nodiscard]] absl::StatusOr<ReviewRunResult> RunPendingReview(const std::string& case_id);

 private:
  struct Gathered {
    v1::StoredFacts facts;
  };
  Gathered Gather(const std::string& case_id) const;
  // Evaluates the active rules on `facts` and stores the run (review row locked by caller).
  absl::StatusOr<ReviewRunResult> ApplyRun(db::Tx& tx, ReviewRow& review,
                                           const v1::StoredFacts& facts, absl::Time now);
  absl::Status EnsureRuleSets(const std::string& procuratorate);
  absl::StatusOr<v1::CaseReview> BuildReview(db::Tx& tx, const ReviewRow& row,
                                             const std::string& language);
  absl::StatusOr<v1::Finding> ToFinding(db::Tx& tx, const FindingRow& row,
                                        const std::string& language,
                                        std::map<int, v1::RuleSet>* rule_sets);
  absl::StatusOr<v1::ListFindingsResponse> List(db::Tx* tx, FindingQuery q, int page_size,
                                                const std::string& page_token,
                                                const std::string& language);
  absl::StatusOr<v1::ListFindingsResponse> ListIn(FindingQuery q, int page_size,
                                                  const std::string& page_token,
                                                  const std::string& language);

  OversightDeps d_;
  db::MutationRunner runner_;
  std::vector<const FactsSource*> sources_;
  ReviewOptions options_;
  absl::Mutex mu_;
  std::set<std::string> ensured_ ABSL_GUARDED_BY(mu_);
};

// The background job running due reviews.
class ReviewJob final : public BackgroundJob {
 public:
  ReviewJob(ReviewCore* core, absl::Duration interval) : core_(core), interval_(interval) {}
  ~ReviewJob() override { Stop(); }
  void Start() override;
  void Stop() override;

 private:
  ReviewCore* core_;
  absl::Duration interval_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_REVIEW_CORE_H_
