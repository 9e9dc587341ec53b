// OrderCore: identity disclosure to a guidance agency the order names
// (DiscloseOrderIdentity), and the agency's view of an order with the people disclosed to
// it (GetAgencyOrder; each such read audited).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/crypto/sealed_fields.h"
#include "common/server/tenant.h"
#include "guardianship/access_policy.h"
#include "guardianship/disclosure.h"
#include "guardianship/escalation_repository.h"
#include "guardianship/order_ops.h"

namespace shouhu::guardianship {

absl::StatusOr<pb::IdentityDisclosureResponse> OrderCore::DiscloseOrderIdentity(
    const Principal& p, const pb::DiscloseIdentityRequest& req) {
  RETURN_IF_ERROR(CheckDisclosureRequest(req, "order"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.record_id(), "record_id"));
  RETURN_IF_ERROR(VersionError(req.version()));
  const SealedFields sealed(d_.cipher);
  const EscalationRepository disclosures(sealed);
  absl::StatusOr<pb::Order> changed =
      Change(p, "DiscloseOrderIdentity", req, req.request_id(), req.record_id(), req.version(),
             &AssignedOrHead(), "guardianship.order.disclose",
             [&](db::Mutation& m, pb::Order& o, const pb::OrderPolicy&) -> absl::Status {
               FieldErrors errors;
               if (ArrangementOf(o, req.agency_code()) < 0) {
                 errors.Add("agency_code", "only a guidance agency the order names");
               }
               bool named = req.person_id() == o.minor_person_id();
               for (const pb::Addressee& a : o.addressees())
                 named |= a.person_id() == req.person_id();
               if (!named) errors.Add("person_id", "the minor or a guardian the order names");
               RETURN_IF_ERROR(errors.ToStatus());
               if (o.status() == pb::ORDER_STATUS_CANCELLED) {
                 return absl::FailedPreconditionError(
                     absl::StrCat("order ", o.order_id(), " is cancelled: nothing to disclose"));
               }
               const DisclosureRow d = NewDisclosure(p, req, m.now());
               RETURN_IF_ERROR(
                   disclosures.UpsertDisclosure(m.tx(), o.order_id(), o.procuratorate_code(), d));
               // The order keeps who was disclosed to whom (no names: those stay in
               // guard_disclosures); a second disclosure of the same person replaces the first.
               auto* list = o.mutable_disclosures();
               list->erase(std::remove_if(list->begin(), list->end(),
                                          [&](const pb::IdentityDisclosure& x) {
                                            return x.agency_code() == req.agency_code() &&
                                                   x.person_id() == req.person_id();
                                          }),
                           list->end());
               *o.add_disclosures() = d.disclosure;
               return absl::OkStatus();
             });
  if (!changed.ok()) return changed.status();
  pb::IdentityDisclosureResponse out;
  for (const pb::IdentityDisclosure& x : changed->disclosures()) {
    if (x.agency_code() == req.agency_code() && x.person_id() == req.person_id()) {
      *out.mutable_disclosure() = x;
    }
  }
  out.set_record_version(changed->version());
  return out;
}

absl::StatusOr<pb::AgencyOrderView> OrderCore::GetAgencyOrder(const Principal& p,
                                                              const pb::GetOrderRequest& req) {
  if (req.order_id().empty()) {
    FieldErrors e;
    e.Add("order_id", "required");
    return e.ToStatus();
  }
  RETURN_IF_ERROR(CheckIdTenant(p, req.order_id(), "order_id"));
  const SealedFields sealed(d_.cipher);
  const EscalationRepository disclosures(sealed);
  std::optional<pb::Order> o;
  std::vector<DisclosureRow> disclosed;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        disclosed.clear();
        ASSIGN_OR_RETURN(o, repo_.Get(tx, req.order_id(), false));
        // Only the agency the order names learns anything (the check below).
        if (o.has_value() && ArrangementOf(*o, p.id) >= 0) {
          ASSIGN_OR_RETURN(disclosed, disclosures.Disclosures(tx, o->order_id(), p.id));
        }
        return absl::OkStatus();
      },
      {.read_only = true}));
  // An order that does not name the agency and one that does not exist answer alike, so
  // that the answer tells nothing about the procuratorate's orders.
  RETURN_IF_ERROR(Require(NamedGuidanceAgency(), p,
                          o.has_value() ? FactsOf(*o, p.id) : RecordFacts{}, "see this order"));
  pb::AgencyOrderView v = AgencyView(*o, p.id);
  std::vector<DisclosureRead> reads;
  if (!disclosed.empty()) {
    DisclosureRead r{"guard_order", o->order_id(), o->procuratorate_code(), {}};
    for (const DisclosureRow& d : disclosed) {
      *v.add_disclosed_people() = DisclosedPerson(d);
      r.person_ids.push_back(d.disclosure.person_id());
    }
    reads.push_back(std::move(r));
  }
  RETURN_IF_ERROR(AuditDisclosureReads(*d_.pool, p, reads, d_.clock->Now()));
  return v;
}

}  // namespace shouhu::guardianship
