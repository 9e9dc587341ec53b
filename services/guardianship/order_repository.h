// Storage of orders and their supervision (migration 0013). The whole Order is stored
// sealed (body_enc: facts, addressees, notes, evaluation); the columns repeat what lists,
// overdue reads and statistics select on. Sessions' topics and checks' notes are sealed.
// Every function runs in the caller's transaction.
#ifndef SHOUHU_GUARDIANSHIP_ORDER_REPOSITORY_H_
#define SHOUHU_GUARDIANSHIP_ORDER_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;

struct OrderFilter {
  std::string procuratorate;
  std::string case_id;
  std::string assigned_to;
  int kind = 0;
  int status = 0;
  bool evaluation_overdue_only = false;
  absl::CivilDay today;
  int64_t before_seq = 0;  // 0: the first page
  int limit = 51;
};

struct SupervisionCounts {
  int checks = 0;
  int agency_feedbacks = 0;
  int concerns = 0;
  std::optional<absl::CivilDay> last_checked_on;
};

class OrderRepository {
 public:
  explicit OrderRepository(const FieldCipher* cipher) : sealed_(cipher) {}

  // A new order (version 1).
  absl::Status Insert(db::Tx& tx, const pb::Order& o, const std::string& drafted_by,
                      const std::string& department, int64_t now_ms);
  // Replaces the order's row; ABORTED when its version is no longer `expected_version`.
  absl::Status Update(db::Tx& tx, const pb::Order& o, int64_t expected_version, int64_t now_ms);
  absl::Status SetDocumentNumber(db::Tx& tx, const std::string& id, int kind, int year, int seq);
  // With its current version; `lock`: FOR UPDATE.
  absl::StatusOr<std::optional<pb::Order>> Get(db::Tx& tx, const std::string& id, bool lock);
  // (seq, order) newest first, at most filter.limit.
  absl::StatusOr<std::vector<std::pair<int64_t, pb::Order>>> List(db::Tx& tx, const OrderFilter& f);

  // The guidance agencies of the order (one row per arrangement with an agency).
  absl::Status ReplaceAgencies(db::Tx& tx, const pb::Order& o);
  absl::StatusOr<std::vector<std::pair<int64_t, pb::Order>>> ListForAgency(
      db::Tx& tx, const std::string& agency, int64_t before_seq, int limit);

  absl::Status InsertSession(db::Tx& tx, const std::string& procuratorate,
                             const pb::GuidanceSession& s, const std::string& agency_code,
                             int64_t now_ms);
  // `agency` non-empty: only that agency's sessions.
  absl::StatusOr<std::vector<std::pair<int64_t, pb::GuidanceSession>>> ListSessions(
      db::Tx& tx, const std::string& order_id, const std::string& agency, int64_t before_seq,
      int limit);

  absl::Status InsertCheck(db::Tx& tx, const std::string& procuratorate,
                           const pb::ComplianceCheck& c, int64_t now_ms);
  absl::StatusOr<std::vector<std::pair<int64_t, pb::ComplianceCheck>>> ListChecks(
      db::Tx& tx, const std::string& order_id, const std::string& agency, int64_t before_seq,
      int limit);
  absl::StatusOr<SupervisionCounts> CountChecks(db::Tx& tx, const std::string& order_id);

  // case.transferred: the ids of the case's orders not in a final state, oldest first.
  absl::StatusOr<std::vector<std::string>> OpenOfCase(db::Tx& tx, const std::string& case_id);
  // Replaces the order `old_id` by `moved` (a new id, stored as new): its agencies,
  // sessions and checks follow; moved_from_id records the old id.
  absl::Status Move(db::Tx& tx, const std::string& old_id, const pb::Order& moved,
                    const std::string& drafted_by, const std::string& department, int64_t now_ms);

 private:
  absl::StatusOr<pb::Order> FromRow(sql::ResultSet& rs) const;
  SealedFields sealed_;
};

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_ORDER_REPOSITORY_H_
