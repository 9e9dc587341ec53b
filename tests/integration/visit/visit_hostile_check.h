// The loop of the hostile-input tests of VisitService and VolunteerService: from the valid
// request the access matrix builds (visit_access_targets.h) for a caller the table admits,
// every variant (support/request_variants.h plus the test's own) is sent in turn. A call
// must be INVALID_ARGUMENT naming the variant's field (PERMISSION_DENIED too for another
// procuratorate's id, and for a volunteer naming an assignment not theirs), and a refused
// call writes nothing. UploadBatch answers per item: a broken item is REJECTED naming
// "items[i]...." and leaves no record (only the batch's own audit record and request key).
#ifndef SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_HOSTILE_CHECK_H_
#define SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_HOSTILE_CHECK_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "integration/visit/visit_access_targets.h"
#include "support/field_violations.h"
#include "support/request_variants.h"
#include "support/table_counts.h"

namespace shouhu::testing {

template <typename Req>
std::function<void(google::protobuf::Message&)> As(std::function<void(Req&)> edit) {
  return [edit](google::protobuf::Message& m) { edit(static_cast<Req&>(m)); };
}

// Whether `field` (a violation) names `path`, a field inside it, or the field holding it.
inline bool FieldNames(const std::string& field, const std::string& path) {
  return field == path || absl::StartsWith(field, path + ".") ||
         absl::StartsWith(field, path + "[") || absl::StartsWith(path, field + ".") ||
         absl::StartsWith(path, field + "[");
}

// Counts without the bookkeeping every accepted batch writes (its request key and audit).
inline TableCounts RecordCounts(const TableCounts& all) {
  TableCounts out = all;
  for (const char* t : {"idempotency_keys", "audit_log", "audit_chain_heads"}) out.erase(t);
  return out;
}

class VisitHostileInput : public VisitAccessMatrix {
 protected:
  static constexpr int32_t kHuge32 = std::numeric_limits<int32_t>::max();
  static constexpr int64_t kHuge64 = std::numeric_limits<int64_t>::max();

  const Principal own_volunteer_ = User("u-volunteer", kRenhuai, {Role::kVolunteer});

  // A caller the table admits on the own, assigned record.
  std::optional<Principal> AdmittedCaller(const std::string& key, const Target& t) {
    const AccessRule* rule = visit::VisitAccessPolicy().Find(key);
    for (const Principal* p : {&zhang_, &head_, &chief_, &analyst_, &own_volunteer_}) {
      if (Expected(visit::VisitAccessPolicy(), *rule, *p, t) == Outcome::kOk) return *p;
    }
    return std::nullopt;
  }

  // The generic variants of the request of `key` and the paging/version ones, plus
  // `specific`, each checked as the header says.
  void CheckEveryVariant(const std::string& key, std::vector<Variant> specific) {
    Target t = Prepare(key, false, true);
    ASSERT_FALSE(HasFailure()) << "seeding failed";
    ASSERT_NE(t.request, nullptr);
    const std::optional<Principal> p = AdmittedCaller(key, t);
    ASSERT_TRUE(p.has_value()) << key << ": nobody admitted";
    std::vector<Variant> variants;
    RequestVariants(*t.request, "", {}, variants);
    for (Variant& s : specific) variants.push_back(std::move(s));
    const google::protobuf::Descriptor* d = t.request->GetDescriptor();
    if (const auto* token = d->FindFieldByName("page_token")) {
      variants.push_back({"page_token", "not a token", [token](google::protobuf::Message& m) {
                            m.GetReflection()->SetString(&m, token, "not-a-token!");
                          }});
      variants.push_back(
          {"page_token", "a token of 70,000 bytes", [token](google::protobuf::Message& m) {
             m.GetReflection()->SetString(&m, token, std::string(70000, 'A'));
           }});
    }
    if (const auto* size = d->FindFieldByName("page_size")) {
      variants.push_back({"page_size", "negative", [size](google::protobuf::Message& m) {
                            m.GetReflection()->SetInt32(&m, size, -5);
                          }});
    }
    if (const auto* version = d->FindFieldByName("version")) {
      Variant huge{"version", "huge", [version](google::protobuf::Message& m) {
                     m.GetReflection()->SetInt64(&m, version, kHuge64);
                   }};
      huge.missing = true;  // stale, not malformed: ABORTED is right too
      variants.push_back(std::move(huge));
    }
    ASSERT_FALSE(variants.empty()) << key << ": nothing to break";
    const bool batch = absl::EndsWith(key, "/UploadBatch");
    const bool volunteer = p->Has(Role::kVolunteer);
    for (const Variant& v : variants) {
      Target fresh = Prepare(key, false, true);
      ASSERT_NE(fresh.request, nullptr);
      std::unique_ptr<google::protobuf::Message> req(fresh.request->New());
      req->CopyFrom(*fresh.request);
      v.edit(*req);
      auto before = CountEveryTable(*pool_);
      ASSERT_TRUE(before.ok()) << before.status();
      const absl::StatusOr<std::string> got = CallRpc(key, *p, *req);
      const std::string cell = absl::StrCat(key, " ", v.path, " ", v.what, " as ", p->Name());
      const absl::Status& s = got.status();
      auto after = CountEveryTable(*pool_);
      ASSERT_TRUE(after.ok()) << after.status();
      if (batch && absl::StartsWith(v.path, "items[") && s.ok()) {
        CheckItem(cell, v, *got);
        vpb::UploadBatchResponse r;
        if (r.ParseFromString(*got) && r.results_size() > 0 &&
            r.results(0).outcome() == vpb::BATCH_OUTCOME_REJECTED) {
          EXPECT_EQ(DescribeChange(RecordCounts(*before), RecordCounts(*after)), "")
              << cell << ": rejected, yet wrote";
        }
        continue;
      }
      // A volunteer naming an assignment not theirs is denied whether it exists or not.
      const bool denied = volunteer && absl::StrContains(v.path, "assignment_id");
      EXPECT_EQ(VariantOutcomeError(s, v, denied), "") << cell;
      if (!s.ok()) {
        EXPECT_EQ(DescribeChange(*before, *after), "") << cell << ": refused, yet wrote";
      }
    }
  }

  // A broken item of a batch: REJECTED naming the field (or OK for an optional field).
  static void CheckItem(const std::string& cell, const Variant& v, const std::string& got) {
    vpb::UploadBatchResponse r;
    ASSERT_TRUE(r.ParseFromString(got)) << cell;
    ASSERT_EQ(r.results_size(), 1) << cell;
    const vpb::BatchItemResult& res = r.results(0);
    if (v.missing && res.outcome() != vpb::BATCH_OUTCOME_REJECTED) return;
    // An item's request_id is ignored (the batch has one): any content is accepted.
    if (absl::EndsWith(v.path, ".visit.request_id")) return;
    EXPECT_EQ(res.outcome(), vpb::BATCH_OUTCOME_REJECTED) << cell << ": " << res.DebugString();
    bool named = false;
    for (const auto& f : res.violations()) named |= FieldNames(f.field(), v.path);
    EXPECT_TRUE(named || v.missing) << cell << ": names " << res.DebugString();
  }
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_HOSTILE_CHECK_H_
