// Storage of visits (body sealed: assessments with notes, summary; needs are in
// visit_needs, need_store.h), the slot a visit completes, offline batch items and
// conflicts (the uploaded item sealed). Every function runs in the caller's transaction.
#ifndef SHOUHU_VISIT_VISIT_REPOSITORY_H_
#define SHOUHU_VISIT_VISIT_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

namespace pb = ::shouhu::visit::v1;

struct VisitRow {
  int64_t seq = 0;
  std::string procuratorate;
  int64_t created_at_ms = 0;
  std::string department;  // the recorder's (statistics)
  pb::Visit visit;         // without its needs; version and amendments from the row
};

// What an offline item came to the first time (visit_batch_items).
struct StoredItem {
  pb::BatchOutcome outcome = pb::BATCH_OUTCOME_UNSPECIFIED;
  std::string record_id;
  std::string conflict_id;
  std::string payload_hash;
};

struct ConflictRow {
  int64_t seq = 0;
  std::string procuratorate;
  std::string uploader_department;  // the visit it resolves into counts there
  pb::VisitConflict conflict;
};

struct ConflictFilter {
  std::string procuratorate;
  std::string case_id;  // non-empty: the case's (the tenant check is the caller's)
  bool unresolved_only = false;
  int64_t before_seq = 0;
  int limit = 51;
};

class VisitRepository {
 public:
  explicit VisitRepository(const FieldCipher* cipher) : sealed_(cipher) {}

  // A new visit (version 1) counted under `department` (the recorder's). ALREADY_EXISTS
  // when the recorder already has `client_id`.
  absl::Status Insert(db::Tx& tx, const std::string& procuratorate, const pb::Visit& v,
                      int64_t now_ms, const std::string& department);
  // Replaces the body, counts one amendment; ABORTED when the version moved.
  absl::Status Update(db::Tx& tx, const pb::Visit& v, int64_t expected_version, int64_t now_ms);
  absl::StatusOr<std::optional<VisitRow>> Get(db::Tx& tx, const std::string& id, bool lock);
  absl::StatusOr<std::vector<VisitRow>> OfCase(db::Tx& tx, const std::string& case_id,
                                               int64_t before_seq, int limit);

  // Marks the pending slot DONE by the visit and bumps the plan's version (from
  // `plan_version`); FAILED_PRECONDITION / ABORTED when either moved meanwhile.
  absl::Status CompleteSlot(db::Tx& tx, const std::string& plan_id, int sequence,
                            const std::string& visit_id, absl::CivilDay visited_on,
                            int64_t plan_version, int64_t now_ms);

  // The procuratorate of a daily report (nullopt: no such report).
  absl::StatusOr<std::optional<std::string>> ReportTenant(db::Tx& tx, const std::string& id);

  // One savepoint per batch item: an item that fails is rolled back alone.
  void Savepoint(db::Tx& tx);
  void RollbackToSavepoint(db::Tx& tx);
  absl::StatusOr<std::optional<StoredItem>> GetItem(db::Tx& tx, const std::string& uploader,
                                                    const std::string& client_id);
  absl::Status InsertItem(db::Tx& tx, const std::string& uploader, const std::string& client_id,
                          const std::string& procuratorate, const StoredItem& item, int64_t now_ms);
  absl::Status SetItemRecord(db::Tx& tx, const std::string& uploader, const std::string& client_id,
                             const std::string& record_id);

  // A new conflict (version 1; the item sealed); `department`: the uploader's.
  absl::Status InsertConflict(db::Tx& tx, const std::string& procuratorate,
                              const pb::VisitConflict& c, int64_t now_ms,
                              const std::string& department);
  absl::StatusOr<std::optional<ConflictRow>> GetConflict(db::Tx& tx, const std::string& id,
                                                         bool lock);
  absl::StatusOr<std::vector<ConflictRow>> Conflicts(db::Tx& tx, const ConflictFilter& f);
  // Resolves it; ABORTED when the version moved or it was resolved meanwhile.
  absl::Status Resolve(db::Tx& tx, const pb::VisitConflict& c, int64_t expected_version,
                       int64_t now_ms);

 private:
  absl::StatusOr<VisitRow> VisitFromRow(sql::ResultSet& rs) const;
  absl::StatusOr<ConflictRow> ConflictFromRow(sql::ResultSet& rs) const;
  SealedFields sealed_;
};

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_VISIT_REPOSITORY_H_
