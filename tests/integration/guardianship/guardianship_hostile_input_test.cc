// Hostile and malformed input for every guardianship RPC, generated from the request
// messages themselves: starting from the valid request the access matrix builds for a
// caller the table admits (guardianship_access_targets.h), every field the request
// carries is broken in turn, through reflection:
//   - strings: oversized (70,000 bytes), a control character, very long UTF-8 (5,000
//     Chinese characters): INVALID_ARGUMENT naming the field;
//   - ids of the caller's procuratorate changed to another's: PERMISSION_DENIED (or
//     INVALID_ARGUMENT naming the field, for ids that must belong to the record);
//   - enums out of range, impossible dates (30 February), negative numbers:
//     INVALID_ARGUMENT naming the field;
//   - each field left out: OK when optional, otherwise a refusal naming it; never an
//     internal error;
// and a refused call writes nothing (the row count of every table unchanged, audit log
// and outbox included). Reads get bad page tokens, page sizes out of range and the same
// broken filters.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "guardianship/access_policy.h"
#include "integration/guardianship/guardianship_access_targets.h"
#include "support/field_violations.h"
#include "support/request_variants.h"
#include "support/table_counts.h"

namespace shouhu::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using guardianship::GuardianshipAccessPolicy;

// Fields of a shared request message that the operation does not read: whatever they
// hold is ignored (the note of OrderActionRequest and EscalationActionRequest is the
// approver's opinion or a reason; submitting and recording service take none).
bool Ignored(const std::string& method, const std::string& path) {
  return path == "note" && (method == "SubmitOrder" || method == "SubmitEscalation" ||
                            method == "RecordEscalationServed");
}

class GuardianshipHostileInputTest : public GuardianshipAccessMatrix,
                                     public ::testing::WithParamInterface<std::string> {
 protected:
  // A caller the table admits on the own, assigned record.
  std::optional<Principal> Admitted(const std::string& key, const Target& t) {
    const AccessRule* rule = GuardianshipAccessPolicy().Find(key);
    for (const Principal* p :
         {&zhang_, &head_, &chief_, &admin_, &analyst_, &fulian_, &minzheng_, &oversight_}) {
      if (Expected(GuardianshipAccessPolicy(), *rule, *p, t) == Outcome::kOk) return *p;
    }
    return std::nullopt;
  }
  // The only caller of the case facts (案件质量评查), for every procuratorate.
  const Principal oversight_ = ::shouhu::testing::Service("oversight");
};

TEST_P(GuardianshipHostileInputTest, EveryBrokenFieldIsNamedAndNothingIsWritten) {
  const std::string key = GetParam();
  Target t = Prepare(key, false, true);
  ASSERT_FALSE(HasFailure()) << "seeding failed";
  ASSERT_NE(t.request, nullptr);
  const std::optional<Principal> p = Admitted(key, t);
  ASSERT_TRUE(p.has_value()) << key << ": nobody admitted";
  std::vector<Variant> variants;
  RequestVariants(*t.request, "", {}, variants);
  // Bad pages for every list.
  const Descriptor* d = t.request->GetDescriptor();
  if (const FieldDescriptor* token = d->FindFieldByName("page_token")) {
    variants.push_back({"page_token", "not a token", [token](Message& m) {
                          m.GetReflection()->SetString(&m, token, "not-a-token!");
                        }});
    variants.push_back({"page_token", "a token of 70,000 bytes", [token](Message& m) {
                          m.GetReflection()->SetString(&m, token, std::string(70000, 'A'));
                        }});
  }
  if (const FieldDescriptor* size = d->FindFieldByName("page_size")) {
    variants.push_back({"page_size", "negative",
                        [size](Message& m) { m.GetReflection()->SetInt32(&m, size, -5); }});
  }
  ASSERT_FALSE(variants.empty()) << key << ": nothing to break";
  const std::string method = key.substr(key.rfind('/') + 1);
  for (const Variant& v : variants) {
    if (Ignored(method, v.path)) continue;
    Target fresh = Prepare(key, false, true);
    ASSERT_NE(fresh.request, nullptr);
    std::unique_ptr<Message> req(fresh.request->New());
    req->CopyFrom(*fresh.request);
    v.edit(*req);
    auto before = CountEveryTable(*pool_);
    ASSERT_TRUE(before.ok()) << before.status();
    const absl::StatusOr<std::string> got = CallRpc(key, *p, *req);
    const std::string cell = absl::StrCat(key, " ", v.path, " ", v.what, " as ", p->Name());
    const absl::Status& s = got.status();
    // The oversight service reads the case facts of every procuratorate.
    if (v.other_tenant && s.ok() && absl::StrContains(key, "CaseFactsService")) continue;
    EXPECT_EQ(VariantOutcomeError(s, v), "") << cell;
    if (!s.ok()) {
      auto after = CountEveryTable(*pool_);
      ASSERT_TRUE(after.ok()) << after.status();
      EXPECT_EQ(DescribeChange(*before, *after), "") << cell << ": refused, yet wrote";
    }
  }
}

// The RPCs whose requests carry something to break (every one of the table but the
// argument-free agency lists are kept: their pages are broken).
std::vector<std::string> Methods() { return MethodsOf(GuardianshipAccessPolicy()); }

INSTANTIATE_TEST_SUITE_P(Guardianship, GuardianshipHostileInputTest, ::testing::ValuesIn(Methods()),
                         MethodTestName);

}  // namespace
}  // namespace shouhu::testing
