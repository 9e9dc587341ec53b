// The aid workload of shouhu-bench (--workload=aid): one operation is one judicial-aid
// application from registration to payment (国家司法救助: 受理, 承办人提出意见, 部门负责人
// 审核, 检察长决定, 发放计划, 资金到位, 支付, 回执), eight calls by four people. The two
// targets (bench_aid_targets.cc) run the same calls through the aid service's stubs or
// through its cores in-process; bench_aid_workload.cc seeds the cases and runs the loop;
// bench_aid_main.cc reports.
#ifndef SHOUHU_TESTS_BENCH_BENCH_AID_H_
#define SHOUHU_TESTS_BENCH_BENCH_AID_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "bench/bench.h"
#include "common/db/pool.h"
#include "shouhu/aid/v1/aid.pb.h"

ABSL_DECLARE_FLAG(std::string, aid_rules_file);
ABSL_DECLARE_FLAG(std::string, aid_referral_addr);
ABSL_DECLARE_FLAG(std::string, aid_service_cert);
ABSL_DECLARE_FLAG(std::string, aid_service_key);
ABSL_DECLARE_FLAG(int, aid_cases_per_client);

namespace shouhu::bench {

namespace apb = ::shouhu::aid::v1;

// The steps of one flow, in order.
enum AidStep {
  kRegister = 0,
  kPropose,
  kReview,
  kDecide,
  kPlan,
  kArrived,
  kPay,
  kReceipt,
  kAidStepCount
};
const char* AidStepName(int step);

// One client's view of the aid service. Each call is made as the person whose step it
// is: the client's own caseworker (register, propose, plan), the department head
// (review), the chief procurator (decide), finance (arrived, pay, receipt); the set-up as
// the platform admin (wage table) and finance (fund). Used by one thread.
class AidClient {
 public:
  virtual ~AidClient() = default;
  virtual absl::StatusOr<apb::Application> Register(const apb::RegisterApplicationRequest& r) = 0;
  virtual absl::StatusOr<apb::Application> Propose(const apb::ProposeDecisionRequest& r) = 0;
  virtual absl::StatusOr<apb::Application> Review(const apb::ApprovalRequest& r) = 0;
  virtual absl::StatusOr<apb::Application> Decide(const apb::ApprovalRequest& r) = 0;
  virtual absl::StatusOr<apb::Disbursement> Plan(const apb::PlanDisbursementRequest& r) = 0;
  virtual absl::StatusOr<apb::Disbursement> Arrived(const apb::RecordFundsArrivedRequest& r) = 0;
  virtual absl::StatusOr<apb::Payment> Pay(const apb::RecordPaymentRequest& r) = 0;
  virtual absl::StatusOr<apb::Payment> Receipt(const apb::PaymentUpdateRequest& r) = 0;
  virtual absl::Status UpsertWage(const apb::UpsertWageEntryRequest& r) = 0;
  virtual absl::Status Allocate(const apb::AllocateFundRequest& r) = 0;
};

class AidTarget {
 public:
  virtual ~AidTarget() = default;
  // The client of bench client `index` (its caseworker is AidCaseworker(index)).
  virtual std::unique_ptr<AidClient> NewClient(int index) = 0;
};

// The user id of client `index`'s caseworker (cases are assigned to it when seeded).
std::string AidCaseworker(int index);

// The real aid service over gRPC with mTLS and tokens (--addr, --ca, client certificate,
// token key).
std::unique_ptr<AidTarget> NewAidGrpcTarget();
// The baseline: the aid cores in-process on their own pool (--db_*, keys, calendar,
// --aid_rules_file), asking the running referral service for cases as service:aid
// (--aid_referral_addr with --aid_service_cert/--aid_service_key), as the service does.
std::unique_ptr<AidTarget> NewAidDirectTarget();

// A pool on the bench's database flags (--db_*), schema checked, not migrated.
std::unique_ptr<db::ConnectionPool> OpenBenchPool(int size);

// Per client: every flow's latency and each step's, successful ones started in the window.
struct AidStats {
  std::vector<uint32_t> flow_us;
  std::vector<uint32_t> step_us[kAidStepCount];
  std::map<std::string, int64_t> errors;  // "<step>:<CODE>"
  int64_t error_count = 0;
  // Optional, called right before (after = false) and after each step.
  std::function<void(int step, bool after)> probe;
};

// Makes the requests of one client: a new adult applicant (own ID number) and a new
// original case number per flow, so that no two flows contend for a party claim.
class AidGenerator {
 public:
  AidGenerator(uint64_t salt, int client);
  std::string RequestId();
  apb::RegisterApplicationRequest Registration(const std::string& case_id);
  absl::CivilDay Today() const { return today_; }
  int64_t counter() const { return counter_; }

 private:
  const uint64_t salt_;
  const int client_;
  absl::CivilDay today_;
  int64_t counter_ = 0;
  int64_t flows_ = 0;
};

// Wage table and fund for the run (as admin and finance through `client`).
void SeedAidMoney(AidClient& client, AidGenerator& gen, int64_t fund_fen);

// Cases for client `index`: judicial-aid referrals submitted, assigned to the client's
// caseworker and accepted through the referral core in-process (`referrals`, already set
// up), `count` per client; returns the case ids of each client.
std::vector<std::vector<std::string>> SeedAidCases(Target& referrals, int clients, int count,
                                                   uint64_t salt);

// One client's closed loop of whole flows until the window ends.
void RunAidClient(AidClient& client, AidGenerator& gen, const std::vector<std::string>& cases,
                  const Window& w, AidStats& stats);
// One whole flow on `case_id`; false when a step failed (the flow is then abandoned).
bool RunAidFlow(AidClient& client, AidGenerator& gen, const std::string& case_id, const Window& w,
                AidStats& stats);

// MariaDB's server-wide counters (SHOW GLOBAL STATUS): what every client of the server
// sent, so it includes the services' background work (outbox relays).
struct DbCounters {
  int64_t questions = 0;  // statements and commits the clients sent
  int64_t executes = 0;   // Com_stmt_execute: prepared statement executions
  int64_t commits = 0;    // Com_commit
  int64_t selects = 0;    // Com_select (prepared executions included)
};
class DbCounterReader {
 public:
  DbCounterReader();
  DbCounters Read();  // dies when the server does not answer

 private:
  std::unique_ptr<db::ConnectionPool> pool_;
};

// Statements per step: `flows` whole flows run one after the other before timing, the
// counters read around each step; per step the smallest difference of the flows (the
// least background), less what reading the counters costs. Prints a table to stdout and
// returns the JSON members ("register":{...},...).
std::string CountAidStatements(AidClient& client, AidGenerator& gen, const std::string& case_id,
                               int flows, DbCounterReader& reader);

// The aid workload from set-up to the report line (called by bench_main.cc).
int RunAidWorkload(const std::string& mode, int clients, uint64_t salt);

}  // namespace shouhu::bench

#endif  // SHOUHU_TESTS_BENCH_BENCH_AID_H_
