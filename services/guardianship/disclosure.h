// Structured identity disclosure to agencies (orders: DiscloseOrderIdentity; escalations:
// DiscloseEscalationIdentity): the request's own checks, the stored row, the person as the
// agency sees it, and the audit record of every agency view that shows disclosed people
// in clear ("guardianship.disclosure.read": the agency, the record and the person ids,
// never the names).
#ifndef SHOUHU_GUARDIANSHIP_DISCLOSURE_H_
#define SHOUHU_GUARDIANSHIP_DISCLOSURE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/server/principal.h"
#include "guardianship/escalation_repository.h"

namespace shouhu::guardianship {

inline constexpr char kDisclosureReadAction[] = "guardianship.disclosure.read";

// The request's own fields: request id, `record_id` (`record_what` names it in the
// message), agency code, person id, purpose (1-200 characters) and the disclosed person
// (name required, never an ID number). INVALID_ARGUMENT naming every bad field.
absl::Status CheckDisclosureRequest(const pb::DiscloseIdentityRequest& req,
                                    absl::string_view record_what);

// The disclosure `req` asks for, made by `p` at `now`, as stored.
DisclosureRow NewDisclosure(const Principal& p, const pb::DiscloseIdentityRequest& req,
                            absl::Time now);

// Exactly the disclosed fields, unmasked, as the agency sees them.
::shouhu::common::v1::Person DisclosedPerson(const DisclosureRow& d);

// One agency view of one record that showed disclosed people in clear.
struct DisclosureRead {
  std::string entity_type;  // "guard_order", "guard_escalation"
  std::string record_id;
  std::string procuratorate;
  std::vector<std::string> person_ids;
};

// Appends one audit record per read (none when `reads` is empty) in its own transaction,
// before the view is returned: a view whose read cannot be audited is not returned.
absl::Status AuditDisclosureReads(db::ConnectionPool& pool, const Principal& p,
                                  const std::vector<DisclosureRead>& reads, absl::Time at);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_DISCLOSURE_H_
