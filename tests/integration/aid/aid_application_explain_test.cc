// No full scans at a realistic size: 100,000 applications, approvals, party claims,
// prior-aid declarations and rights notices filled directly in SQL, then EXPLAIN of every
// read, update and delete of the applications (services/aid/application_sql.h), the list
// query in each of its filter combinations as the repository assembles it.
#include <algorithm>
#include <string>
#include <vector>

#include "aid/application_sql.h"
#include "integration/aid/aid_fixture.h"
#include "support/explain_check.h"

namespace shouhu::testing {
namespace {

using namespace ::shouhu::aid;  // NOLINT: the statement constants

constexpr char kProc[] = "IF(seq % 2 = 0, '520382', '520330')";

class AidApplicationExplainTest : public AidFixture {
 protected:
  void Fill() {
    Exec(absl::StrCat(
        "INSERT INTO aid_applications (id, procuratorate_code, case_id, channel, status,"
        " assigned_to, applicant_person_id, details_enc, original_case_number, registered_on,"
        " decision_due_on, decided_on, emergency_fen, emergency_paperwork_due_on,"
        " emergency_paperwork_done, source_referral_id, created_at_ms, updated_at_ms, version)"
        " SELECT CONCAT('aid-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 3), 1 + seq % 2, 1 + seq % 12, CONCAT('u-', seq % 40),"
        " CONCAT('per-', seq), x'00', CONCAT('N', seq), DATE '2025-01-01' + INTERVAL seq % 300 DAY,"
        " DATE '2025-01-15' + INTERVAL seq % 300 DAY,"
        " IF(seq % 3 = 0, DATE '2025-01-20' + INTERVAL seq % 300 DAY, NULL),"
        " IF(seq % 50 = 0, 1000, 0), IF(seq % 50 = 0, DATE '2025-02-01', NULL), seq % 100 = 0,"
        " IF(seq % 4 = 0, CONCAT('ref-', seq), NULL), seq, seq, 1 FROM seq_1_to_100000"));
    Exec(
        "INSERT INTO aid_approvals (application_id, seq, procuratorate_code, round, step,"
        " outcome, actor, actor_name, at_ms) SELECT CONCAT('aid-520382-', seq DIV 2), seq % 2 + 1,"
        " '520382', 1, 1 + seq % 3, 1, 'user:u-1', 'u-1', seq FROM seq_1_to_100000");
    Exec(
        "INSERT INTO aid_party_claims (party_key, original_case_number, application_id,"
        " procuratorate_code, created_at_ms) SELECT CONCAT('per-', seq), CONCAT('N', seq),"
        " CONCAT('aid-520382-', seq), '520382', seq FROM seq_1_to_100000");
    Exec(
        "INSERT INTO aid_prior_aid (id, procuratorate_code, person_id, original_case_number,"
        " organ, organ_name, recorded_by, recorded_by_name, created_at_ms) SELECT"
        " CONCAT('pa-520382-', seq), '520382', CONCAT('per-', seq % 5000), CONCAT('N', seq), 1,"
        " '法院', 'user:u-1', 'u-1', seq FROM seq_1_to_100000");
    Exec(
        "INSERT INTO aid_rights_notices (id, procuratorate_code, case_id, person_id, notified_on,"
        " method, recorded_by, recorded_by_name, created_at_ms) SELECT CONCAT('ntc-520382-', seq),"
        " '520382', CONCAT('case-', seq DIV 2), CONCAT('per-', seq), DATE '2025-01-01', 1,"
        " 'user:u-1', 'u-1', seq FROM seq_1_to_100000");
    Exec(
        "UPDATE aid_applications SET case_closed_on = DATE '2025-02-01' + INTERVAL seq % 90 DAY"
        " WHERE seq % 97 = 0");
    Exec(
        "INSERT INTO aid_materials_requests (application_id, seq, procuratorate_code, materials,"
        " requested_on, requested_by, requested_by_name) SELECT CONCAT('aid-520382-', seq DIV 2),"
        " seq % 2 + 1, '520382', '8', DATE '2025-01-01', 'user:u-1', 'u-1'"
        " FROM seq_1_to_100000");
  }

  // `sql`'s parameters: 1 for each "?" but the last ones, which are `tail`.
  static std::vector<SqlValue> Params(const std::string& sql, std::vector<SqlValue> tail) {
    const size_t n = static_cast<size_t>(std::count(sql.begin(), sql.end(), '?'));
    std::vector<SqlValue> out(n - tail.size(), SqlValue(int64_t{1}));
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
  }
};

TEST_F(AidApplicationExplainTest, NoFullScansAtOneHundredThousandRows) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  const std::string proc = "520382";
  const std::string app = "aid-520382-1000";
  const std::string today = "2025-06-01";
  std::vector<NamedStatement> s = {
      Compose({SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kWhereId)}, {app}),
      Compose({SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kWhereId), SQL_FRAGMENT(kForUpdate)}, {app}),
      {"kUpdateApp", kUpdateApp, Params(kUpdateApp, {app, 1})},
      {"kDeleteApp", kDeleteApp, {app}},
      {"kAppByReferral", kAppByReferral, {"ref-1000"}},
      {"kMovableOfCase", kMovableOfCase, {"case-333"}},
      Compose({SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kListWhereProc), SQL_FRAGMENT(kListOrder)},
              {proc, 51}),
      Compose({SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kListWhereProc), SQL_FRAGMENT(kListBeforeSeq),
               SQL_FRAGMENT(kListOrder)},
              {proc, 5000, 51}),
      Compose({SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kListWhereProc), SQL_FRAGMENT(kListCase),
               SQL_FRAGMENT(kListOrder)},
              {proc, "case-333", 51}),
      Compose({SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kListWhereProc), SQL_FRAGMENT(kListStatus),
               SQL_FRAGMENT(kListOrder)},
              {proc, 3, 51}),
      Compose({SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kListWhereProc), SQL_FRAGMENT(kListChannel),
               SQL_FRAGMENT(kListOrder)},
              {proc, 2, 51}),
      Compose({SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kListWhereProc), SQL_FRAGMENT(kListAssigned),
               SQL_FRAGMENT(kListOrder)},
              {proc, "u-7", 51}),
      Compose({SQL_FRAGMENT(kOverdueOpen), SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kListWhereProc),
               SQL_FRAGMENT(kListOverdueDecision), SQL_FRAGMENT(kOverdueBranchClose),
               SQL_FRAGMENT(kUnion), SQL_FRAGMENT(kOverdueOpen), SQL_FRAGMENT(kAppCols),
               SQL_FRAGMENT(kListWhereProc), SQL_FRAGMENT(kListOverduePaperwork),
               SQL_FRAGMENT(kOverdueBranchClose), SQL_FRAGMENT(kOverdueOrder)},
              {proc, today, 51, proc, today, 51, 51}),
      {"kApprovalsOf", kApprovalsOf, {app}},
      {"kDeleteApprovals", kDeleteApprovals, {app}},
      {"kDeleteClaim", kDeleteClaim, {app}},
      {"kClaimHolder", kClaimHolder, {"per-1000", "N1000"}},
      {"kPriorAidOf", kPriorAidOf, {"per-1000", "N1000"}},
      {"kNoticesOfCase", kNoticesOfCase, {"case-1000", INT64_MAX, 51}},
      {"kNoticesOfCase (later page)", kNoticesOfCase, {"case-1000", 2001, 51}},
      {"kOpenOfCase", kOpenOfCase, {"case-333"}},
      Compose({SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kListWhereProc), SQL_FRAGMENT(kListCaseClosed),
               SQL_FRAGMENT(kListOrder)},
              {proc, 51}),
      Compose({SQL_FRAGMENT(kAppCols), SQL_FRAGMENT(kListWhereProc), SQL_FRAGMENT(kListCaseClosed),
               SQL_FRAGMENT(kListBeforeSeq), SQL_FRAGMENT(kListOrder)},
              {proc, 5000, 51}),
      {"kMaterialsRequestsOf", kMaterialsRequestsOf, {app}},
      {"kAnswerMaterialsRequest", kAnswerMaterialsRequest, {today, app, 1}},
      {"kDeleteMaterialsRequests", kDeleteMaterialsRequests, {app}},
  };
  ExplainOptions options;
  options.max_rows = 5000;
  EXPECT_EQ(ExpectNoFullScans(*pool_, s, options), 0);
}

}  // namespace
}  // namespace shouhu::testing
