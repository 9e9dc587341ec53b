#include "referral/backfill.h"

#include <string>
#include <utility>
#include <vector>

#include "common/base/status_macros.h"
#include "common/crypto/name_key.h"
#include "common/crypto/sealed_fields.h"
#include "referral/backfill_sql.h"

namespace shouhu::referral {
namespace {

struct Row {
  std::string id;
  int64_t seq = 0;
  std::string a, b;  // the clear values (b unused for one-column tables)
};

// One table, paged by a string key (and, for the timeline, the entry number).
template <typename Select, typename Seal>
absl::StatusOr<int64_t> SealTable(db::ConnectionPool& pool, int64_t max_batches, Select select,
                                  Seal seal) {
  std::pair<std::string, int64_t> last{"", 0}, next{"", 0};
  return db::RunBackfill(
      pool,
      [&](db::Tx& tx) -> absl::StatusOr<int> {
        std::vector<Row> rows = select(tx, last);
        for (const Row& row : rows) RETURN_IF_ERROR(seal(tx, row));
        if (!rows.empty()) next = {rows.back().id, rows.back().seq};
        return static_cast<int>(rows.size());
      },
      [&] { last = next; }, max_batches);
}

}  // namespace

absl::StatusOr<BackfillCounts> SealClearPersonalData(db::ConnectionPool& pool,
                                                     const FieldCipher& cipher, int batch_size,
                                                     int64_t max_batches) {
  const SealedFields sealed(&cipher);
  BackfillCounts n;
  ASSIGN_OR_RETURN(
      n.persons,
      SealTable(
          pool, max_batches,
          [&](db::Tx& tx, const std::pair<std::string, int64_t>& after) {
            std::vector<Row> rows;
            auto rs = tx.Sql(kClearPersons).Str(after.first).Int(batch_size).Rows();
            while (rs->next()) {
              rows.push_back({db::GetStr(*rs, "id"), 0, db::GetStr(*rs, "name"),
                              db::GetStr(*rs, "birth_date")});
            }
            return rows;
          },
          [&](db::Tx& tx, const Row& row) -> absl::Status {
            ASSIGN_OR_RETURN(std::string name, sealed.Seal(row.a, "person", row.id, "name"));
            const std::string key = row.b.empty() ? "" : NameBirthKey(cipher, row.a, row.b);
            tx.Sql(kSealPerson).BlobOrNull(name).StrOrNull(key).Str(row.id).Exec();
            return absl::OkStatus();
          }));
  ASSIGN_OR_RETURN(
      n.referrals,
      SealTable(
          pool, max_batches,
          [&](db::Tx& tx, const std::pair<std::string, int64_t>& after) {
            std::vector<Row> rows;
            auto rs = tx.Sql(kClearReferrals).Str(after.first).Int(batch_size).Rows();
            while (rs->next()) {
              rows.push_back({db::GetStr(*rs, "id"), 0, db::GetStr(*rs, "facts"),
                              db::GetStr(*rs, "message_to_agency")});
            }
            return rows;
          },
          [&](db::Tx& tx, const Row& row) -> absl::Status {
            ASSIGN_OR_RETURN(std::string facts, sealed.Seal(row.a, "referral", row.id, "facts"));
            ASSIGN_OR_RETURN(std::string message,
                             sealed.Seal(row.b, "referral", row.id, "message_to_agency"));
            tx.Sql(kSealReferral).BlobOrNull(facts).BlobOrNull(message).Str(row.id).Exec();
            return absl::OkStatus();
          }));
  ASSIGN_OR_RETURN(n.events,
                   SealTable(
                       pool, max_batches,
                       [&](db::Tx& tx, const std::pair<std::string, int64_t>& after) {
                         std::vector<Row> rows;
                         auto rs = tx.Sql(kClearEvents)
                                       .Str(after.first)
                                       .Str(after.first)
                                       .Int(after.second)
                                       .Int(batch_size)
                                       .Rows();
                         while (rs->next()) {
                           rows.push_back({db::GetStr(*rs, "referral_id"), rs->getInt64("seq"),
                                           db::GetStr(*rs, "message"), ""});
                         }
                         return rows;
                       },
                       [&](db::Tx& tx, const Row& row) -> absl::Status {
                         ASSIGN_OR_RETURN(std::string message,
                                          sealed.Seal(row.a, "referral_event", row.id, "message"));
                         tx.Sql(kSealEvent).BlobOrNull(message).Str(row.id).Int(row.seq).Exec();
                         return absl::OkStatus();
                       }));
  ASSIGN_OR_RETURN(n.cases,
                   SealTable(
                       pool, max_batches,
                       [&](db::Tx& tx, const std::pair<std::string, int64_t>& after) {
                         std::vector<Row> rows;
                         auto rs = tx.Sql(kClearCases).Str(after.first).Int(batch_size).Rows();
                         while (rs->next()) {
                           rows.push_back({db::GetStr(*rs, "id"), 0, db::GetStr(*rs, "close_note"),
                                           db::GetStr(*rs, "transfer_reason")});
                         }
                         return rows;
                       },
                       [&](db::Tx& tx, const Row& row) -> absl::Status {
                         ASSIGN_OR_RETURN(std::string note,
                                          sealed.Seal(row.a, "case", row.id, "close_note"));
                         ASSIGN_OR_RETURN(std::string reason,
                                          sealed.Seal(row.b, "case", row.id, "transfer_reason"));
                         tx.Sql(kSealCase).BlobOrNull(note).BlobOrNull(reason).Str(row.id).Exec();
                         return absl::OkStatus();
                       }));
  if (max_batches == 0) {
    ASSIGN_OR_RETURN(n.responses, db::SealStoredResponses(pool, cipher, batch_size));
  }
  return n;
}

}  // namespace shouhu::referral
