// Storage of the guardianship policy (guard_policies, migration 0013). The functions run
// in the caller's transaction; the order and escalation operations call LoadOrderPolicy
// inside their own mutations.
#ifndef SHOUHU_GUARDIANSHIP_CONFIG_REPOSITORY_H_
#define SHOUHU_GUARDIANSHIP_CONFIG_REPOSITORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;

// The stored policy of the procuratorate (completed with defaults of the repeated
// settings), or DefaultOrderPolicy (version 0) when none was stored.
absl::StatusOr<pb::OrderPolicy> LoadOrderPolicy(db::Tx& tx, const std::string& procuratorate);

// Stores `policy` (version = expected + 1; expected 0 inserts). ABORTED when the stored
// version is not `expected_version`.
absl::StatusOr<pb::OrderPolicy> StoreOrderPolicy(db::Tx& tx, const pb::OrderPolicy& policy,
                                                 int64_t expected_version, absl::Time at);

namespace config_sql {
inline constexpr char kGetPolicy[] =
    "SELECT procuratorate_code, min_compliance_months, max_compliance_months,"
    " max_extension_months, suggestion_reply_months, general_suggestion_reply_months,"
    " township_working_days, county_working_days, document_prefix, policy_pb, version"
    " FROM guard_policies WHERE procuratorate_code = ?";
inline constexpr char kInsertPolicy[] =
    "INSERT INTO guard_policies (procuratorate_code, min_compliance_months,"
    " max_compliance_months, max_extension_months, suggestion_reply_months,"
    " general_suggestion_reply_months, township_working_days, county_working_days,"
    " document_prefix, policy_pb, updated_at_ms, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
inline constexpr char kUpdatePolicy[] =
    "UPDATE guard_policies SET min_compliance_months = ?, max_compliance_months = ?,"
    " max_extension_months = ?, suggestion_reply_months = ?,"
    " general_suggestion_reply_months = ?, township_working_days = ?,"
    " county_working_days = ?, document_prefix = ?, policy_pb = ?, updated_at_ms = ?,"
    " version = version + 1 WHERE procuratorate_code = ? AND version = ?";
}  // namespace config_sql

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_CONFIG_REPOSITORY_H_
