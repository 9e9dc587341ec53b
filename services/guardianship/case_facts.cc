#include "guardianship/case_facts.h"

#include <utility>

#include "common/base/status_macros.h"
#include "common/server/case_facts.h"
#include "common/server/policy_bind.h"
#include "guardianship/access_policy.h"
#include "guardianship/case_facts_sql.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"

namespace shouhu::guardianship {
namespace {

using case_facts::Put;
using case_facts::PutEnum;
using case_facts::PutPersonal;

constexpr char kSource[] = "guardianship";

template <typename Fn>
std::vector<opb::RecordFacts> Read(db::Tx& tx, const char* sql, const std::string& case_id,
                                   Fn facts) {
  std::vector<opb::RecordFacts> out;
  auto rs = tx.Sql(sql).Str(case_id).Int(kCaseFactsLimit).Rows();
  while (rs->next()) {
    opb::RecordFacts r;
    facts(*rs, r);
    out.push_back(std::move(r));
  }
  return out;
}

void Column(opb::RecordFacts& r, const char* key, sql::ResultSet& rs, const char* column) {
  Put(r, key, db::GetStr(rs, column));
}

}  // namespace

absl::StatusOr<std::vector<opb::RecordFacts>> OrderFactsOfCase(db::Tx& tx,
                                                               const std::string& case_id) {
  return Read(tx, kCaseOrderFacts, case_id, [](sql::ResultSet& rs, opb::RecordFacts& r) {
    r.set_kind("order");
    r.set_record_id(db::GetStr(rs, "id"));
    const int status = rs.getInt("status");
    r.set_status(case_facts::EnumName(pb::OrderStatus_descriptor(), status));
    r.set_assigned_to(case_facts::UserId(db::GetStr(rs, "assigned_to")));
    r.set_department(db::GetStr(rs, "department"));
    PutEnum(r, "kind", pb::OrderKind_descriptor(), rs.getInt("kind"));
    Column(r, "minor_person_id", rs, "minor_person_id");
    Column(r, "document_number", rs, "document_number");
    Column(r, "order_date", rs, "order_date");
    // The compliance period runs from the service on the last guardian.
    Column(r, "compliance_starts_on", rs, "served_on");
    Column(r, "compliance_ends_on", rs, "compliance_ends_on");
    Column(r, "served_on", rs, "served_on");
    Column(r, "evaluated_on", rs, "evaluated_on");
    // The evaluation's outcome is the state it left the order in.
    if (!rs.isNull("evaluated_on") &&
        (status == pb::ORDER_STATUS_COMPLIED || status == pb::ORDER_STATUS_NOT_COMPLIED)) {
      PutEnum(r, "evaluation_outcome", pb::OrderStatus_descriptor(), status);
    }
    Column(r, "previous_order_id", rs, "previous_order_id");
    Column(r, "requested_by_escalation_id", rs, "requested_by_escalation_id");
    PutPersonal(r, "facts", rs.getInt("has_body") != 0);
  });
}

absl::StatusOr<std::vector<opb::RecordFacts>> EscalationFactsOfCase(db::Tx& tx,
                                                                    const std::string& case_id) {
  return Read(tx, kCaseEscalationFacts, case_id, [](sql::ResultSet& rs, opb::RecordFacts& r) {
    r.set_kind("escalation");
    r.set_record_id(db::GetStr(rs, "id"));
    r.set_status(case_facts::EnumName(pb::EscalationStatus_descriptor(), rs.getInt("status")));
    r.set_assigned_to(case_facts::UserId(db::GetStr(rs, "assigned_to")));
    r.set_department(db::GetStr(rs, "department"));
    PutEnum(r, "kind", pb::EscalationKind_descriptor(), rs.getInt("kind"));
    Column(r, "order_id", rs, "order_id");
    Column(r, "addressee_agency_code", rs, "addressee_agency_code");
    Column(r, "document_number", rs, "document_number");
    Column(r, "issued_on", rs, "issued_on");
    Column(r, "served_on", rs, "served_on");
    Column(r, "reply_due_on", rs, "reply_due_on");
    Column(r, "replied_on", rs, "replied_on");
    PutEnum(r, "outcome", pb::EscalationOutcome_descriptor(), rs.getInt("outcome"));
    Column(r, "follows_escalation_id", rs, "follows_escalation_id");
    Column(r, "proposed_by_order_id", rs, "proposed_by_order_id");
    PutPersonal(r, "content", rs.getInt("has_content") != 0);
  });
}

absl::StatusOr<opb::CaseFacts> CaseFactsCore::GetCaseFacts(const Principal& /*p*/,
                                                           const opb::GetCaseFactsRequest& req) {
  RETURN_IF_ERROR(case_facts::CheckRequest(req));
  std::vector<opb::RecordFacts> records;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         records.clear();  // a retried attempt starts again
                                         ASSIGN_OR_RETURN(records,
                                                          OrderFactsOfCase(tx, req.case_id()));
                                         ASSIGN_OR_RETURN(std::vector<opb::RecordFacts> escalations,
                                                          EscalationFactsOfCase(tx, req.case_id()));
                                         for (opb::RecordFacts& r : escalations)
                                           records.push_back(std::move(r));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  return case_facts::Answer(req.case_id(), kSource, std::move(records));
}

MethodTable CaseFactsMethods(CaseFactsCore* core) {
  MethodTable t = MethodTable::For<opb::CaseFactsService>();
  BindPolicy(t, GuardianshipAccessPolicy(), "GetCaseFacts", core, &CaseFactsCore::GetCaseFacts);
  return t;
}

}  // namespace shouhu::guardianship
