// A table-driven sweep over the mutating operations of a service, on a real database.
//
// Each service lists its mutating operations once; for every operation the sweep checks:
//   kReplay        the same request (same request id) twice gives identical response bytes
//                  and leaves the row count of every table unchanged the second time;
//   kStaleVersion  a version older than the record's is ABORTED, with nothing written
//                  (row counts and the target record unchanged);
//   kBadInput      each bad input is INVALID_ARGUMENT naming its field, nothing written;
//   kDenied        each caller that may not make the call gets the documented code
//                  (PERMISSION_DENIED, or NOT_FOUND where existence must not leak),
//                  nothing written;
//   kKnownDefect   the bad inputs and refused callers marked with a known defect: they
//                  assert the correct behaviour and fail until the service is fixed. Kept
//                  apart so that every other cell stays green and a new regression shows.
//
// The service's test arranges fresh records for one operation and hands the sweep a
// SweepTarget: a valid request, a caller allowed to make it, and a way to call. The sweep
// sets `request_id` (fresh for every call) and `version` through reflection, so the same
// machinery works for every request message that names those fields. Callers are names
// that only the service's table interprets.
//
// Use (see tests/integration/referral_sweep_test.cc):
//   class MySweep : public DbTest, public ::testing::WithParamInterface<SweepCase> {...};
//   TEST_P(MySweep, Holds) { RunSweepCheck(GetParam().check, Arrange(GetParam().operation),
//                                          [&] { return CountEveryTable(*pool_); }); }
//   INSTANTIATE_TEST_SUITE_P(Ops, MySweep, ::testing::ValuesIn(SweepCases(kOperations)),
//                            SweepCaseName);
#ifndef SHOUHU_TESTS_SUPPORT_MUTATION_SWEEP_H_
#define SHOUHU_TESTS_SUPPORT_MUTATION_SWEEP_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "support/table_counts.h"

namespace shouhu::testing {

enum class SweepCheck { kReplay, kStaleVersion, kBadInput, kDenied, kKnownDefect };
const char* SweepCheckName(SweepCheck check);

// The result of one call: its status and, when OK, the serialized response.
struct SweepOutcome {
  absl::Status status;
  std::string response;
};

template <typename Resp>
SweepOutcome ToSweepOutcome(const absl::StatusOr<Resp>& result) {
  if (!result.ok()) return {result.status(), ""};
  return {absl::OkStatus(), result->SerializeAsString()};
}

// An invalid variant of the valid request: `edit` breaks it, `field` is the path the
// refusal must name. `known_defect` names a defect of the service that makes this case
// fail today (checked under kKnownDefect only).
struct SweepBadInput {
  SweepBadInput(std::string input_name, std::string field_path,
                std::function<void(google::protobuf::Message&)> edit_request,
                std::string defect = "")
      : name(std::move(input_name)),
        field(std::move(field_path)),
        edit(std::move(edit_request)),
        known_defect(std::move(defect)) {}
  std::string name;
  std::string field;
  std::function<void(google::protobuf::Message&)> edit;
  std::string known_defect;
};

// Adapts an edit of the concrete request type, e.g.
//   {"empty caseworker", "caseworker",
//    EditAs<pb::AssignReferralRequest>([](auto& r) { r.clear_caseworker(); })}
template <typename Req, typename Fn>
std::function<void(google::protobuf::Message&)> EditAs(Fn edit) {
  return [edit](google::protobuf::Message& m) { edit(static_cast<Req&>(m)); };
}

// Calls `fn(caller, request)` with the concrete request type and turns its StatusOr into a
// SweepOutcome, for SweepTarget::call.
template <typename Req, typename Fn>
std::function<SweepOutcome(const std::string&, const google::protobuf::Message&)> CallAs(Fn fn) {
  return [fn](const std::string& caller, const google::protobuf::Message& m) {
    return ToSweepOutcome(fn(caller, static_cast<const Req&>(m)));
  };
}

// A caller that must be refused, with the code it must get. `edit`, when set, changes the
// valid request first (e.g. names a record that does not exist, for the rule that an
// unknown id is NOT_FOUND inside the caller's own procuratorate).
// `known_defect` as for SweepBadInput.
struct SweepDenial {
  SweepDenial(std::string caller_name,  // NOLINT: {"caller"} in tables
              absl::StatusCode expected = absl::StatusCode::kPermissionDenied,
              std::function<void(google::protobuf::Message&)> edit_request = {},
              std::string defect = "")
      : caller(std::move(caller_name)),
        code(expected),
        edit(std::move(edit_request)),
        known_defect(std::move(defect)) {}
  std::string caller;
  absl::StatusCode code;
  std::function<void(google::protobuf::Message&)> edit;
  std::string known_defect;
};

struct SweepTarget {
  // A valid request for the arranged records (request_id and version are set by the sweep;
  // the version found here is the record's current version).
  std::unique_ptr<google::protobuf::Message> request;
  // A caller allowed to make the request.
  std::string caller;
  std::function<SweepOutcome(const std::string& caller, const google::protobuf::Message& req)> call;
  // The record the operation changes, as the service returns it (serialized); compared
  // before and after refused calls. Optional.
  std::function<std::string()> read_target;
  // Bad inputs besides the ones every request gets: a malformed request_id, and version 0
  // for requests with a version.
  std::vector<SweepBadInput> bad_inputs;
  std::vector<SweepDenial> denials;
};

using CountTables = std::function<absl::StatusOr<TableCounts>()>;

// Runs one check on `target` and records failures with gtest.
void RunSweepCheck(SweepCheck check, SweepTarget target, const CountTables& count);

// One row of a service's table of mutating operations.
struct SweepOperation {
  std::string name;    // e.g. "AssignReferral"
  bool versioned;      // the request carries the version the caller read
  bool known_defects;  // some bad inputs or callers are marked with a known defect
};

// One test case: an operation and a check.
struct SweepCase {
  std::string operation;
  SweepCheck check;
};

// Every applicable (operation, check) pair: kStaleVersion only for versioned operations,
// kKnownDefect only for operations with known defects.
std::vector<SweepCase> SweepCases(const std::vector<SweepOperation>& operations);
// "AssignReferral_StaleVersion", for INSTANTIATE_TEST_SUITE_P.
std::string SweepCaseName(const ::testing::TestParamInfo<SweepCase>& info);
void PrintTo(const SweepCase& c, std::ostream* os);

// A fresh request id (8-64 chars of [A-Za-z0-9_-]), unique in this process.
std::string NextSweepRequestId();

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_MUTATION_SWEEP_H_
