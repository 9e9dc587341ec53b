// Storage of aid applications (migration 0008): the application row with its sealed case
// card, approval records, party claims, prior-aid declarations and rights notices. Every
// function runs inside a caller's transaction and reports in one style: a change returns
// absl::Status, a read absl::StatusOr<T>, a lookup that may find nothing
// absl::StatusOr<std::optional<T>>; a conditional update of a stale version is ABORTED.
// Personal data (applicant identity, household registration, address, bank account,
// opinions and reasons) is sealed with SealedFields, associated data
// "aid_applications/<id>/<column>" and "aid_approvals/<application id>:<seq>/<column>".
#ifndef SHOUHU_AID_APPLICATION_REPOSITORY_H_
#define SHOUHU_AID_APPLICATION_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "aid/deps.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

// One application as stored, decrypted (not masked).
struct AppRow {
  int64_t seq = 0;
  // Everything the Application message shows, details and approvals unmasked; `applicant`
  // of the message is left empty (see `applicant` below).
  pb::Application app;
  cpb::PersonInput applicant;        // unmasked
  std::string original_case_number;  // normalized
  int round = 1;
  std::string emergency_reason;
  std::string closing_reason;
  std::string moved_from_id;
  // The department the statistics count the application under (migration 0011): the
  // registering caseworker's, or the first proposer's for an ex officio draft.
  std::string department;
};

struct AppFilter {
  std::string procuratorate;
  std::string case_id;
  pb::ApplicationStatus status = pb::APPLICATION_STATUS_UNSPECIFIED;
  pb::ApplicationChannel channel = pb::APPLICATION_CHANNEL_UNSPECIFIED;
  std::string assigned_to;
  bool overdue_only = false;
  bool case_closed_only = false;
  std::string today;       // "YYYY-MM-DD", for overdue_only
  int64_t before_seq = 0;  // 0: first page
  int limit = 50;
};

// "AH-2025-12 号" -> "AH-2025-12号": upper case, white space removed.
std::string NormalizeCaseNumber(absl::string_view case_number);

class ApplicationRepository {
 public:
  ApplicationRepository(const FieldCipher* cipher, Registry* metrics);

  [[nodiscard]] absl::Status Insert(db::Tx& tx, const AppRow& row, absl::Time now);
  // With its approvals (oldest first). FOR UPDATE when `lock`.
  absl::StatusOr<std::optional<AppRow>> Get(db::Tx& tx, const std::string& id, bool lock);
  // Writes the changeable columns of `row` where the version is `row.app.version()`;
  // ABORTED when it is not (someone changed it first). Bumps row.app's version.
  [[nodiscard]] absl::Status Update(db::Tx& tx, AppRow& row, absl::Time now);
  [[nodiscard]] absl::Status Delete(db::Tx& tx, const std::string& id);
  absl::StatusOr<std::vector<AppRow>> List(db::Tx& tx, const AppFilter& f);
  absl::StatusOr<std::optional<std::string>> IdOfReferral(db::Tx& tx, const std::string& referral);
  absl::StatusOr<std::vector<std::string>> MovableOfCase(db::Tx& tx, const std::string& case_id);
  // The case's undecided and APPROVED applications (case.closed), oldest first.
  absl::StatusOr<std::vector<std::string>> OpenOfCase(db::Tx& tx, const std::string& case_id);

  // Appends approval `r` as the next record of the application.
  [[nodiscard]] absl::Status AddApproval(db::Tx& tx, const std::string& application_id,
                                         const std::string& procuratorate, int seq,
                                         const pb::ApprovalRecord& r);
  // Materials requests (application_repository_materials.cc): record `r` as request `seq`
  // (1-based) of the application, its note sealed; mark request `seq` answered on `day`.
  [[nodiscard]] absl::Status AddMaterialsRequest(db::Tx& tx, const std::string& application_id,
                                                 const std::string& procuratorate, int seq,
                                                 const pb::MaterialsRequestRecord& r);
  [[nodiscard]] absl::Status AnswerMaterialsRequest(db::Tx& tx, const std::string& application_id,
                                                    int seq, const cpb::Date& day);

  // Claims (party, case number) for the application; FAILED_PRECONDITION naming
  // ALREADY_AIDED when another application holds it. Replaces the application's claim.
  [[nodiscard]] absl::Status Claim(db::Tx& tx, const std::string& party_key,
                                   const std::string& case_number,
                                   const std::string& application_id,
                                   const std::string& procuratorate, absl::Time now);
  [[nodiscard]] absl::Status ReleaseClaim(db::Tx& tx, const std::string& application_id);
  absl::StatusOr<std::optional<std::string>> ClaimHolder(db::Tx& tx, const std::string& party_key,
                                                         const std::string& case_number);

  [[nodiscard]] absl::Status InsertPriorAid(db::Tx& tx, const std::string& procuratorate,
                                            const pb::PriorAid& a, absl::Time now);
  absl::StatusOr<std::vector<pb::PriorAid>> PriorAidOf(db::Tx& tx, const std::string& person_id,
                                                       const std::string& case_number);

  [[nodiscard]] absl::Status InsertNotice(db::Tx& tx, const std::string& procuratorate,
                                          const pb::RightsNotice& n, absl::Time now);
  // The case's notices newest first, (seq, notice), below `before_seq` (0: from the newest),
  // at most `limit`.
  absl::StatusOr<std::vector<std::pair<int64_t, pb::RightsNotice>>> NoticesOfCase(
      db::Tx& tx, const std::string& case_id, int64_t before_seq, int limit);

 private:
  absl::StatusOr<AppRow> FromRow(sql::ResultSet& rs) const;
  absl::Status FillApprovals(db::Tx& tx, AppRow& row) const;
  absl::Status FillMaterialsRequests(db::Tx& tx, AppRow& row) const;

  SealedFields sealed_;
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_APPLICATION_REPOSITORY_H_
