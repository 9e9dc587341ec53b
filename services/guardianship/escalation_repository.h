// Storage of escalations (guard_escalations) and their identity disclosures
// (guard_disclosures). The content, the reply, the outcome note and the court's note are
// sealed (associated data "guard_escalations/<id>/<column>"); body_pb holds the rest of the
// Escalation, the columns repeat what lists, overdue reads and statistics select on.
#ifndef SHOUHU_GUARDIANSHIP_ESCALATION_REPOSITORY_H_
#define SHOUHU_GUARDIANSHIP_ESCALATION_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;

struct EscalationRow {
  pb::Escalation e;  // version from the column; reply_overdue not set
  std::string procuratorate;
  std::string assigned_to;  // the case's caseworker when drafted
  int64_t seq = 0;
  pb::DocumentKind doc_kind = pb::DOCUMENT_KIND_UNSPECIFIED;
  int doc_year = 0;
  int doc_seq = 0;
  std::string closed_on;  // "YYYY-MM-DD" when CLOSED
};

struct EscalationFilter {
  std::string procuratorate;  // staff lists
  std::string agency;         // agency lists (the addressee); procuratorate ignored
  std::string case_id;        // optional
  pb::EscalationStatus status = pb::ESCALATION_STATUS_UNSPECIFIED;  // optional
  std::optional<absl::CivilDay> overdue_on;  // awaiting a reply, due before this day
  int64_t before_seq = 0;                    // 0: the first page
  int limit = 50;                            // rows to read (page size + 1)
};

// A disclosed identity as stored.
struct DisclosureRow {
  pb::IdentityDisclosure disclosure;
  ::shouhu::common::v1::PersonInput person;
};

class EscalationRepository {
 public:
  explicit EscalationRepository(const SealedFields& sealed) : sealed_(sealed) {}

  [[nodiscard]] absl::Status Insert(db::Tx& tx, const EscalationRow& row, absl::Time now) const;
  // Writes `row` over the stored one read at `expected_version`; ABORTED when it changed.
  // The new version is expected_version + 1.
  [[nodiscard]] absl::Status Update(db::Tx& tx, const EscalationRow& row, int64_t expected_version,
                                    absl::Time now) const;
  // NOT_FOUND when there is no such escalation.
  [[nodiscard]] absl::StatusOr<EscalationRow> Get(db::Tx& tx, const std::string& id,
                                                  bool for_update) const;
  // Newest first; `filter.limit` rows at most.
  [[nodiscard]] absl::StatusOr<std::vector<EscalationRow>> List(
      db::Tx& tx, const EscalationFilter& filter) const;
  // The escalation a NOT_COMPLIED evaluation of `order_id` proposed, if any.
  [[nodiscard]] std::optional<std::string> ProposedBy(db::Tx& tx,
                                                      const std::string& order_id) const;

  [[nodiscard]] absl::Status UpsertDisclosure(db::Tx& tx, const std::string& record_id,
                                              const std::string& procuratorate,
                                              const DisclosureRow& d) const;
  // The disclosures of a record (every agency, or only `agency` when not empty).
  [[nodiscard]] absl::StatusOr<std::vector<DisclosureRow>> Disclosures(
      db::Tx& tx, const std::string& record_id, const std::string& agency) const;

 private:
  absl::StatusOr<EscalationRow> Read(sql::ResultSet& rs) const;
  absl::StatusOr<std::pair<std::string, std::string>> SealTexts(const pb::Escalation& e) const;
  const SealedFields& sealed_;
};

// The list statement of EscalationRepository::List, assembled from the fixed fragments of
// escalation_sql.h (parameters: procuratorate or agency, [case], [status], [overdue day],
// [before seq], limit). Exposed for the EXPLAIN test.
std::string EscalationListSql(bool agency, bool with_case, bool with_status, bool overdue,
                              bool after_first_page);

// Read-only facts of the order tables the escalations refer to.
struct OrderFacts {
  std::string case_id;
  std::string procuratorate;
  pb::OrderKind kind = pb::ORDER_KIND_UNSPECIFIED;
};
std::optional<OrderFacts> ReadOrderFacts(db::Tx& tx, const std::string& order_id);
std::vector<std::string> ReadOrderGuardians(db::Tx& tx, const std::string& order_id);
// The court order recorded for a request (RecordCourtOrder requested_by_escalation_id).
std::optional<std::string> ReadCourtOrderOf(db::Tx& tx, const std::string& escalation_id);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_ESCALATION_REPOSITORY_H_
