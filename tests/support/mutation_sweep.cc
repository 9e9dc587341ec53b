#include "support/mutation_sweep.h"

#include <unistd.h>

#include <atomic>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "support/field_violations.h"

namespace shouhu::testing {
namespace {

const google::protobuf::FieldDescriptor* Field(const google::protobuf::Message& m,
                                               const char* name) {
  return m.GetDescriptor()->FindFieldByName(name);
}

// A copy of `req` with a fresh request id (and `version` when given).
std::unique_ptr<google::protobuf::Message> Fresh(const google::protobuf::Message& req,
                                                 std::optional<int64_t> version = std::nullopt) {
  std::unique_ptr<google::protobuf::Message> out(req.New());
  out->CopyFrom(req);
  const auto* reflection = out->GetReflection();
  if (const auto* id = Field(*out, "request_id"); id != nullptr) {
    reflection->SetString(out.get(), id, NextSweepRequestId());
  }
  if (version.has_value()) {
    const auto* v = Field(*out, "version");
    if (v != nullptr) reflection->SetInt64(out.get(), v, *version);
  }
  return out;
}

std::optional<int64_t> VersionOf(const google::protobuf::Message& req) {
  const auto* v = Field(req, "version");
  if (v == nullptr || v->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_INT64) {
    return std::nullopt;
  }
  return req.GetReflection()->GetInt64(req, v);
}

// Counts every table, recording a failure when that is impossible.
TableCounts Counts(const CountTables& count) {
  absl::StatusOr<TableCounts> counts = count();
  EXPECT_TRUE(counts.ok()) << counts.status();
  return counts.ok() ? *counts : TableCounts();
}

void ExpectNothingWritten(const TableCounts& before, const CountTables& count,
                          const SweepTarget& target, const std::string& target_before) {
  const TableCounts after = Counts(count);
  EXPECT_EQ(after, before) << "rows were written:\n" << DescribeChange(before, after);
  if (target.read_target) {
    EXPECT_EQ(target.read_target(), target_before) << "the target record changed";
  }
}

void CheckReplay(const SweepTarget& t, const CountTables& count) {
  std::unique_ptr<google::protobuf::Message> req = Fresh(*t.request);
  const SweepOutcome first = t.call(t.caller, *req);
  ASSERT_TRUE(first.status.ok()) << "the valid request must succeed: " << first.status;
  const TableCounts after_first = Counts(count);
  const SweepOutcome second = t.call(t.caller, *req);
  ASSERT_TRUE(second.status.ok()) << "the replay must succeed: " << second.status;
  EXPECT_EQ(second.response, first.response) << "a replay answers with the same bytes";
  const TableCounts after_second = Counts(count);
  EXPECT_EQ(after_second, after_first) << "a replay wrote rows:\n"
                                       << DescribeChange(after_first, after_second);
}

void CheckStaleVersion(const SweepTarget& t, const CountTables& count) {
  const std::optional<int64_t> current = VersionOf(*t.request);
  ASSERT_TRUE(current.has_value()) << "the request has no int64 field 'version'";
  ASSERT_GE(*current, 2) << "arrange the record at version 2 or later, so that an older"
                            " version exists";
  const TableCounts before = Counts(count);
  const std::string target_before = t.read_target ? t.read_target() : "";
  std::unique_ptr<google::protobuf::Message> stale = Fresh(*t.request, *current - 1);
  const SweepOutcome out = t.call(t.caller, *stale);
  EXPECT_EQ(out.status.code(), absl::StatusCode::kAborted) << out.status;
  ExpectNothingWritten(before, count, t, target_before);
  // The current version still works: the refusal was about the version alone.
  const SweepOutcome fresh = t.call(t.caller, *Fresh(*t.request));
  EXPECT_TRUE(fresh.status.ok()) << "with the current version: " << fresh.status;
}

// `bad` is INVALID_ARGUMENT naming its field, with nothing written.
void ExpectRefusedInput(const SweepTarget& t, const SweepBadInput& bad, const CountTables& count) {
  const TableCounts before = Counts(count);
  const std::string target_before = t.read_target ? t.read_target() : "";
  std::unique_ptr<google::protobuf::Message> req = Fresh(*t.request);
  bad.edit(*req);
  const SweepOutcome out = t.call(t.caller, *req);
  EXPECT_EQ(out.status.code(), absl::StatusCode::kInvalidArgument) << out.status;
  EXPECT_THAT(ViolatedFields(out.status), ::testing::Contains(bad.field))
      << "the refusal must name " << bad.field << ": " << out.status;
  ExpectNothingWritten(before, count, t, target_before);
}

// `denial` gets its code, with nothing written.
void ExpectRefusedCaller(const SweepTarget& t, const SweepDenial& denial,
                         const CountTables& count) {
  const TableCounts before = Counts(count);
  const std::string target_before = t.read_target ? t.read_target() : "";
  std::unique_ptr<google::protobuf::Message> req = Fresh(*t.request);
  if (denial.edit) denial.edit(*req);
  const SweepOutcome out = t.call(denial.caller, *req);
  EXPECT_EQ(out.status.code(), denial.code) << out.status;
  ExpectNothingWritten(before, count, t, target_before);
}

void CheckKnownDefects(const SweepTarget& t, const CountTables& count) {
  int checked = 0;
  for (const SweepBadInput& bad : t.bad_inputs) {
    if (bad.known_defect.empty()) continue;
    SCOPED_TRACE(absl::StrCat(bad.name, " -- KNOWN DEFECT: ", bad.known_defect));
    ExpectRefusedInput(t, bad, count);
    ++checked;
  }
  for (const SweepDenial& denial : t.denials) {
    if (denial.known_defect.empty()) continue;
    SCOPED_TRACE(absl::StrCat("caller ", denial.caller, " -- KNOWN DEFECT: ", denial.known_defect));
    ExpectRefusedCaller(t, denial, count);
    ++checked;
  }
  EXPECT_GT(checked, 0) << "the operation lists known defects but marks no case";
}

// The bad inputs every request of the pattern has.
std::vector<SweepBadInput> CommonBadInputs(const google::protobuf::Message& req) {
  std::vector<SweepBadInput> out;
  if (Field(req, "request_id") != nullptr) {
    out.push_back(
        {"request_id with forbidden characters", "request_id", [](google::protobuf::Message& m) {
           m.GetReflection()->SetString(&m, Field(m, "request_id"), "bad id!");
         }});
  }
  if (VersionOf(req).has_value()) {
    out.push_back({"version missing", "version", [](google::protobuf::Message& m) {
                     m.GetReflection()->SetInt64(&m, Field(m, "version"), 0);
                   }});
  }
  return out;
}

void CheckBadInput(const SweepTarget& t, const CountTables& count) {
  ASSERT_FALSE(t.bad_inputs.empty()) << "list at least one bad input of the operation itself";
  std::vector<SweepBadInput> all = CommonBadInputs(*t.request);
  all.insert(all.end(), t.bad_inputs.begin(), t.bad_inputs.end());
  for (const SweepBadInput& bad : all) {
    if (!bad.known_defect.empty()) continue;  // kKnownDefect
    SCOPED_TRACE(bad.name);
    ExpectRefusedInput(t, bad, count);
  }
  // The valid request still works: each refusal was about its one bad field.
  const SweepOutcome ok = t.call(t.caller, *Fresh(*t.request));
  EXPECT_TRUE(ok.status.ok()) << "the valid request: " << ok.status;
}

void CheckDenied(const SweepTarget& t, const CountTables& count) {
  ASSERT_FALSE(t.denials.empty()) << "list at least one caller to refuse";
  for (const SweepDenial& denial : t.denials) {
    if (!denial.known_defect.empty()) continue;  // kKnownDefect
    SCOPED_TRACE(absl::StrCat("caller ", denial.caller, denial.edit ? " (edited request)" : ""));
    ExpectRefusedCaller(t, denial, count);
  }
  const SweepOutcome ok = t.call(t.caller, *Fresh(*t.request));
  EXPECT_TRUE(ok.status.ok()) << "the allowed caller " << t.caller << ": " << ok.status;
}

}  // namespace

const char* SweepCheckName(SweepCheck check) {
  switch (check) {
    case SweepCheck::kReplay:
      return "Replay";
    case SweepCheck::kStaleVersion:
      return "StaleVersion";
    case SweepCheck::kBadInput:
      return "BadInput";
    case SweepCheck::kDenied:
      return "Denied";
    case SweepCheck::kKnownDefect:
      return "KnownDefect";
  }
  return "Unknown";
}

void RunSweepCheck(SweepCheck check, SweepTarget target, const CountTables& count) {
  ASSERT_NE(target.request, nullptr) << "the operation was not arranged";
  ASSERT_TRUE(target.call != nullptr);
  switch (check) {
    case SweepCheck::kReplay:
      CheckReplay(target, count);
      return;
    case SweepCheck::kStaleVersion:
      CheckStaleVersion(target, count);
      return;
    case SweepCheck::kBadInput:
      CheckBadInput(target, count);
      return;
    case SweepCheck::kDenied:
      CheckDenied(target, count);
      return;
    case SweepCheck::kKnownDefect:
      CheckKnownDefects(target, count);
      return;
  }
}

std::vector<SweepCase> SweepCases(const std::vector<SweepOperation>& operations) {
  std::vector<SweepCase> out;
  for (const SweepOperation& op : operations) {
    out.push_back({op.name, SweepCheck::kReplay});
    if (op.versioned) out.push_back({op.name, SweepCheck::kStaleVersion});
    out.push_back({op.name, SweepCheck::kBadInput});
    out.push_back({op.name, SweepCheck::kDenied});
    if (op.known_defects) out.push_back({op.name, SweepCheck::kKnownDefect});
  }
  return out;
}

std::string SweepCaseName(const ::testing::TestParamInfo<SweepCase>& info) {
  return absl::StrCat(info.param.operation, "_", SweepCheckName(info.param.check));
}

void PrintTo(const SweepCase& c, std::ostream* os) {
  *os << c.operation << "/" << SweepCheckName(c.check);
}

std::string NextSweepRequestId() {
  static std::atomic<int> serial{0};
  return absl::StrCat("sweep-", ::getpid(), "-", ++serial);
}

}  // namespace shouhu::testing
