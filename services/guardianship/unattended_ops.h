// The 事实无人抚养儿童 check (UnattendedChildService): each parent's status with evidence,
// the criteria evaluated as data (unattended_rules.h) with the rule that matched or why
// not, the hand-off of a met check to the 民政 agency of the procuratorate's area with its
// township and county stages due in working days (policy township_working_days,
// county_working_days; the calendar of working days), answers, overdue at read time.
// Only the 民政 agency of the hand-off sees it; any other agency is refused as if the
// check did not exist. Independent of gRPC (unattended_grpc.cc binds).
#ifndef SHOUHU_GUARDIANSHIP_UNATTENDED_OPS_H_
#define SHOUHU_GUARDIANSHIP_UNATTENDED_OPS_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/mutation.h"
#include "common/server/principal.h"
#include "guardianship/deps.h"
#include "guardianship/unattended_repository.h"

namespace shouhu::guardianship {

class UnattendedCore {
 public:
  explicit UnattendedCore(const GuardDeps& deps);

  absl::StatusOr<pb::UnattendedCheck> Assess(const Principal& p,
                                             const pb::AssessUnattendedChildRequest& req);
  absl::StatusOr<pb::UnattendedCheck> HandOff(const Principal& p,
                                              const pb::HandOffUnattendedCheckRequest& req);
  absl::StatusOr<pb::UnattendedCheck> RecordAnswer(const Principal& p,
                                                   const pb::RecordUnattendedAnswerRequest& req);
  absl::StatusOr<pb::UnattendedCheck> Get(const Principal& p,
                                          const pb::GetUnattendedCheckRequest& req);
  absl::StatusOr<pb::ListUnattendedChecksResponse> List(const Principal& p,
                                                        const pb::ListUnattendedChecksRequest& req);
  absl::StatusOr<pb::ListAddressedUnattendedHandoffsResponse> ListAddressed(
      const Principal& p, const pb::ListAddressedUnattendedHandoffsRequest& req);

  // The stage flags on `today` (township past due while HANDED_OFF, county past due while
  // TOWNSHIP_DONE).
  static pb::UnattendedCheck WithOverdue(pb::UnattendedCheck c, absl::CivilDay today);

 private:
  GuardDeps d_;
  SealedFields sealed_;
  UnattendedRepository repo_;
  db::MutationRunner mutations_;
};

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_UNATTENDED_OPS_H_
