// The `shouhu visit ...` commands: one flow per RPC of the visit API (plans, visits,
// volunteers), on the Runner's call helpers (request ids, deadlines, tokens, errors,
// paging, JSON or text output). Private to the CLI library.
#ifndef SHOUHU_CLI_VISIT_RUNNER_H_
#define SHOUHU_CLI_VISIT_RUNNER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "cli/client.h"
#include "cli/money.h"  // TodayInChina
#include "shouhu/visit/v1/visit.grpc.pb.h"

namespace shouhu::cli {

class VisitRunner {
 public:
  explicit VisitRunner(Runner& runner);
  int Run();

 private:
  // The version to send: --version, else the record's current one (nullopt: the read
  // failed and was reported).
  std::optional<int64_t> PlanVersion(const std::string& id);
  std::optional<int64_t> VisitVersion(const std::string& id);
  std::optional<int64_t> ConflictVersion(const std::string& id);
  std::optional<int64_t> AssignmentVersion(const std::string& id);
  // --`name` as a date, or an unset date.
  shouhu::common::v1::Date DateOpt(const char* name) const;
  // The request id of a request read from a file: its own, else the runner's.
  std::string RequestIdOf(const std::string& from_file);
  // Confirmation line and the rendered record, or JSON.
  int Done(const google::protobuf::Message& record, const Text& confirmation);
  int Show(const google::protobuf::Message& record);

  // visit_client_plans.cc
  int Due();
  int Plans();
  int ShowPlan();
  int CreatePlan();
  int AssignPlan();
  int Waive();
  int CancelPlan();
  int Templates();
  int TemplateSet();
  int Policy();
  int PolicySet();
  // visit_client_visits.cc
  int Record();
  int ShowVisit();
  int Visits();
  int Amend();
  int Amendments();
  int Needs();
  int WithdrawNeed();
  int Conflicts();
  int Resolve();
  int Stats();
  // visit_batch.cc
  int Batch();
  bool ReadBatch(const std::string& path, shouhu::visit::v1::UploadBatchRequest* req);
  // visit_record.cc: the questions of `visit record` without a file. Returns kExitOk when
  // `req` is complete, otherwise the exit code (input ended, a read failed).
  int Ask(shouhu::visit::v1::RecordVisitRequest* req);
  // One answer (trimmed); nullopt at the end of the input.
  std::optional<std::string> Line(const std::string& prompt);
  // visit_client_volunteers.cc
  int AssignVolunteer();
  int EndAssignment();
  int Assignments();
  int MyAssignments();
  int Report();
  int Reports();

  Runner& r_;
  const Invocation& inv_;
  const Lang lang_;
};

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_VISIT_RUNNER_H_
