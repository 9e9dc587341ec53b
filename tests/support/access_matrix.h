// The generic part of an access-matrix test (tests/integration/*access_matrix_test.cc):
// every caller on a record of its own and of another procuratorate, called through a
// service's bound method tables, must get the status the service's access table implies.
// A test supplies the callers, how to prepare a record and its request for one cell, and
// the method tables; this header supplies the outcome the table implies (Expected), the
// call through the tables (CallThrough), the cell loop (WalkMatrix), the staff callers
// every procuratorate has (StaffCallers) and the loop of hand-written spot checks
// (CheckSpots).
#ifndef SHOUHU_TESTS_SUPPORT_ACCESS_MATRIX_H_
#define SHOUHU_TESTS_SUPPORT_ACCESS_MATRIX_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/server/access_policy.h"
#include "common/server/principal.h"
#include "common/server/rpc_service.h"
#include "support/principals.h"

namespace shouhu::testing {

// What a cell gets from the gate: admitted (kOk: the call reaches the operation), refused,
// or told the record does not exist.
enum class Outcome { kOk, kDenied, kNotFound };

inline std::string OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kOk:
      return "OK";
    case Outcome::kDenied:
      return "PERMISSION_DENIED";
    case Outcome::kNotFound:
      return "NOT_FOUND";
  }
  return "?";
}

inline Outcome OutcomeOf(const absl::Status& s) {
  if (s.ok()) return Outcome::kOk;
  if (absl::IsPermissionDenied(s)) return Outcome::kDenied;
  if (absl::IsNotFound(s)) return Outcome::kNotFound;
  return static_cast<Outcome>(-1);
}

// A ServerStream that remembers the first thing that happened to it.
class RecordingStream : public ServerStream {
 public:
  bool Send(const google::protobuf::Message&) override {
    absl::MutexLock l(&mu_);
    if (done_) return false;
    if (!outcome_.has_value()) outcome_ = absl::OkStatus();
    return true;
  }
  void Finish(const absl::Status& s) override {
    absl::MutexLock l(&mu_);
    if (!outcome_.has_value()) outcome_ = s;
    done_ = true;
  }
  bool closed() const override {
    absl::MutexLock l(&mu_);
    return done_;
  }
  // The first entry sent (OK) or the status the watch ended with; then the watch is
  // closed.
  absl::Status Await() {
    absl::MutexLock l(&mu_);
    mu_.AwaitWithTimeout(
        absl::Condition(
            +[](std::optional<absl::Status>* o) { return o->has_value(); }, &outcome_),
        absl::Seconds(10));
    done_ = true;
    return outcome_.value_or(absl::DeadlineExceededError("the watch said nothing"));
  }

 private:
  mutable absl::Mutex mu_;
  std::optional<absl::Status> outcome_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

struct Caller {
  std::string name;
  Principal p;
};

// A record prepared for one cell, and the request addressing it.
struct Target {
  bool other = false;    // of another procuratorate (or not offered to the caller's)
  bool is_list = false;  // the RPC addresses no record: `marker` must not be listed
  std::string marker;    // lists: an id of the other procuratorate
  RecordFacts facts;     // for the row's conditions
  std::unique_ptr<google::protobuf::Message> request;
  // The status of a call that passes the gate: OK unless the record's state refuses the
  // step whoever asks (e.g. FAILED_PRECONDITION); `why` says why when it is not OK.
  absl::StatusCode passed = absl::StatusCode::kOk;
  std::string why;
};

// What the table says `p` gets on `t` through `rule` (people out of scope answer NOT_FOUND,
// like an unknown id; other records out of scope PERMISSION_DENIED).
inline Outcome Expected(const AccessPolicy& policy, const AccessRule& rule, const Principal& p,
                        const Target& t) {
  absl::StatusOr<const Grant*> g = policy.Admit(p, rule.method);
  if (!g.ok()) return Outcome::kDenied;
  const Grant& grant = **g;
  if (!t.is_list) {
    switch (grant.scope) {
      case Scope::kNone:
      case Scope::kPlatform:
        break;
      case Scope::kOwnProcuratorate:
      case Scope::kTransferTarget:
        if (t.other) return Outcome::kDenied;
        break;
      case Scope::kOwnAgency:
        if (t.other || t.facts.agency != p.id) return Outcome::kDenied;
        break;
      case Scope::kLinkedPeople:
        if (t.other) return Outcome::kNotFound;
        break;
    }
  }
  for (const AccessCondition* c : grant.conditions) {
    if (!c->holds(p, t.facts)) return Outcome::kDenied;
  }
  return Outcome::kOk;
}

// Calls `method` (the full key) as `p` through the bound tables: the serialized answer
// (empty for a watch that sent something), or the status.
inline absl::StatusOr<std::string> CallThrough(const std::vector<MethodTable>& tables,
                                               const std::string& method, const Principal& p,
                                               const google::protobuf::Message& req) {
  for (const MethodTable& t : tables) {
    for (const MethodTable::Entry& e : t.entries()) {
      if (MethodKey(*e.method) != method) continue;
      if (e.stream) {
        auto stream = std::make_shared<RecordingStream>();
        e.stream(p, req, stream);
        absl::Status s = stream->Await();
        if (!s.ok()) return s;
        return std::string();
      }
      if (!e.unary) return absl::UnimplementedError(absl::StrCat(method, " is not bound"));
      auto out = e.unary(p, req);
      if (!out.ok()) return out.status();
      return (*out)->SerializeAsString();
    }
  }
  return absl::InternalError(absl::StrCat("no handler for ", method));
}

// Failed expectations so far in the running test (to tell seeding failures from cells).
inline int FailuresSoFar() {
  const ::testing::TestResult* r =
      ::testing::UnitTest::GetInstance()->current_test_info()->result();
  int n = 0;
  for (int i = 0; i < r->total_part_count(); ++i) n += r->GetTestPartResult(i).failed();
  return n;
}

// The methods of `policy`, in table order (the parameters of a matrix test).
inline std::vector<std::string> MethodsOf(const AccessPolicy& policy) {
  std::vector<std::string> out;
  for (const AccessRule& r : policy.rules()) out.push_back(r.method);
  return out;
}

// "shouhu.aid.v1.FundService/GetFund" -> "FundService_GetFund" (a test parameter name).
inline std::string MethodTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(info.param.rfind('.') + 1);
  for (char& ch : name) {
    if (ch == '/') ch = '_';
  }
  return name;
}

// Every cell of `key`'s row: each caller on a record of its own and of another
// procuratorate, and, when a grant of the row has conditions, on a record assigned to the
// caller and on one that is not. `prepare(other, assigned)` seeds the record and builds
// the request; `call` sends it. A call that passes the gate must end with the target's
// `passed` status; a list must not show the other procuratorate's marker unless the
// caller's grant spans every procuratorate. The row must admit somebody and deny
// somebody.
inline void WalkMatrix(const AccessPolicy& policy, const std::string& key,
                       const std::vector<Caller>& callers,
                       const std::function<Target(bool other, bool assigned)>& prepare,
                       const std::function<absl::StatusOr<std::string>(
                           const Principal&, const google::protobuf::Message&)>& call) {
  const AccessRule* rule = policy.Find(key);
  ASSERT_NE(rule, nullptr) << key << ": no row";
  bool conditional = false;
  for (const Grant& g : rule->grants) conditional |= !g.conditions.empty();
  int cells = 0;
  int allowed = 0;
  for (const Caller& c : callers) {
    for (bool other : {false, true}) {
      for (bool assigned : conditional ? std::vector<bool>{true, false} : std::vector<bool>{true}) {
        const int failures = FailuresSoFar();
        Target t = prepare(other, assigned);
        ASSERT_NE(t.request, nullptr) << key << ": no request built";
        ASSERT_EQ(FailuresSoFar(), failures) << key << ": seeding failed";
        const Outcome want = Expected(policy, *rule, c.p, t);
        absl::StatusOr<std::string> got = call(c.p, *t.request);
        const std::string cell =
            absl::StrCat(key, " as ", c.name, " on a record of ", other ? "another" : "the own",
                         " procuratorate", assigned ? "" : " (not assigned to the caller)");
        if (want == Outcome::kOk && t.passed != absl::StatusCode::kOk) {
          EXPECT_EQ(got.status().code(), t.passed)
              << cell << ": want " << absl::StatusCodeToString(t.passed) << " (" << t.why
              << "), got " << got.status();
        } else {
          EXPECT_EQ(OutcomeOf(got.status()), want)
              << cell << ": want " << OutcomeName(want) << ", got " << got.status();
        }
        if (got.ok() && t.is_list && other && !t.marker.empty()) {
          absl::StatusOr<const Grant*> g = policy.Admit(c.p, key);
          if (g.ok() && (*g)->scope != Scope::kPlatform) {
            EXPECT_EQ(got->find(t.marker), std::string::npos)
                << cell << ": lists another procuratorate's " << t.marker;
          }
        }
        ++cells;
        allowed += want == Outcome::kOk;
      }
    }
  }
  EXPECT_GT(allowed, 0) << key << ": the row admits nobody";
  EXPECT_LT(allowed, cells) << key << ": the row denies nobody";
}

// The users every matrix asks as, all of `procuratorate`: u-zhang (the caseworker records
// are assigned to), u-wang (another caseworker), a department head, the chief procurator
// and a deputy (with the titles approval steps name), a chief who is also a department
// head, finance, a volunteer, an analyst, the admin and a user without roles. A test adds
// its agencies and a service principal.
inline std::vector<Caller> StaffCallers(const std::string& procuratorate) {
  return {
      {"caseworker, assigned", User("u-zhang", procuratorate, {Role::kCaseworker})},
      {"caseworker, not assigned", User("u-wang", procuratorate, {Role::kCaseworker})},
      {"department head", User("u-head", procuratorate, {Role::kDepartmentHead})},
      {"chief procurator", User("u-chief", procuratorate, {Role::kChief}, "chief_procurator")},
      {"deputy chief procurator",
       User("u-deputy", procuratorate, {Role::kChief}, "deputy_chief_procurator")},
      {"chief and department head",
       User("u-lead", procuratorate, {Role::kChief, Role::kDepartmentHead},
            "deputy_chief_procurator")},
      {"finance", User("u-finance", procuratorate, {Role::kFinance})},
      {"volunteer", User("u-volunteer", procuratorate, {Role::kVolunteer})},
      {"analyst", User("u-analyst", procuratorate, {Role::kAnalyst})},
      {"admin", User("u-admin", procuratorate, {Role::kAdmin})},
      {"user without roles", User("u-nobody", procuratorate, {})},
  };
}

// A hand-written expectation: what `p` gets calling `method` on a record of its own or
// another procuratorate, assigned to u-zhang or not. Spot checks fail when the table is
// wrong, even though the matrix (which follows the table) passes.
struct Spot {
  std::string what;
  std::string method;
  Principal p;
  bool other;
  bool assigned;
  Outcome want;
};

// For each spot: `prepare(method, other, assigned)` seeds the record (seeding must not
// fail), the table must say `want` for it, and the call through `call` must get it.
// `then`, when given, sees each spot's answer for checks of its own.
inline void CheckSpots(
    const AccessPolicy& policy, const std::vector<Spot>& spots,
    const std::function<Target(const std::string& method, bool other, bool assigned)>& prepare,
    const std::function<absl::StatusOr<std::string>(const std::string& method, const Principal&,
                                                    const google::protobuf::Message&)>& call,
    const std::function<void(const Spot&, const absl::StatusOr<std::string>&)>& then = nullptr) {
  for (const Spot& s : spots) {
    const AccessRule* rule = policy.Find(s.method);
    ASSERT_NE(rule, nullptr) << s.what;
    const int failures = FailuresSoFar();
    Target t = prepare(s.method, s.other, s.assigned);
    ASSERT_EQ(FailuresSoFar(), failures) << s.what << ": seeding failed";
    ASSERT_NE(t.request, nullptr) << s.what << ": no request built";
    EXPECT_EQ(Expected(policy, *rule, s.p, t), s.want) << s.what << ": the table says otherwise";
    absl::StatusOr<std::string> got = call(s.method, s.p, *t.request);
    EXPECT_EQ(OutcomeOf(got.status()), s.want) << s.what << ": " << got.status();
    if (then) then(s, got);
  }
}

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_ACCESS_MATRIX_H_
