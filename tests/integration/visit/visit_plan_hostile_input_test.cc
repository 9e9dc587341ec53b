// Hostile and malformed input for every RPC of VisitPlanService. Starting from the valid
// request the access matrix builds (visit_access_targets.h) for a caller the table admits,
// every field the request carries is broken in turn (support/request_variants.h: strings
// oversized, with control characters, very long UTF-8; ids moved to another procuratorate
// or malformed; enums out of range; impossible dates; negative numbers; fields left out),
// plus what plans in particular invite: numbers out of range and huge, schedules of more
// than 400 slots or 24 items, items out of order, windows of a repeated item that overlap,
// template ids with bad characters, a Xishui plan or case, page tokens and sizes. Each
// must be INVALID_ARGUMENT naming the field (PERMISSION_DENIED for another procuratorate's
// id) and a refused call writes nothing (the row count of every table unchanged, audit
// log and outbox included).
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "integration/visit/visit_access_targets.h"
#include "support/field_violations.h"
#include "support/request_variants.h"
#include "support/table_counts.h"

namespace shouhu::testing {
namespace {

using google::protobuf::Message;
using visit::VisitAccessPolicy;

constexpr int32_t kHuge32 = std::numeric_limits<int32_t>::max();
constexpr int64_t kHuge64 = std::numeric_limits<int64_t>::max();

template <typename Req>
std::function<void(Message&)> As(std::function<void(Req&)> edit) {
  return [edit](Message& m) { edit(static_cast<Req&>(m)); };
}

vpb::ScheduleItem Item(const char* label, int offset, int before, int after) {
  vpb::ScheduleItem i;
  i.set_label(label);
  i.set_offset_days(offset);
  i.set_window_before_days(before);
  i.set_expiry_after_days(after);
  return i;
}

// Broken schedules, for the items of a request (`items` of CreatePlan or
// `template.items`): the variants and the field each must be refused on.
using Items = google::protobuf::RepeatedPtrField<vpb::ScheduleItem>;
std::vector<Variant> ScheduleVariants(const std::string& prefix,
                                      const std::function<Items*(Message&)>& items) {
  auto edit = [items](std::function<void(Items&)> fn) {
    return [items, fn](Message& m) { fn(*items(m)); };
  };
  const std::string first = absl::StrCat(prefix, "[0]");
  return {
      {prefix, "no items", edit([](Items& i) { i.Clear(); })},
      {prefix, "25 items", edit([](Items& i) {
         i.Clear();
         for (int n = 0; n < 25; ++n) *i.Add() = Item("回访", n * 10, 0, 5);
       })},
      {absl::StrCat(prefix, "[1].offset_days"), "items out of order", edit([](Items& i) {
         i.Clear();
         *i.Add() = Item("一月回访", 30, 5, 10);
         *i.Add() = Item("首次回访", 5, 5, 7);
       })},
      {absl::StrCat(prefix, "[1].offset_days"), "two items on the same day", edit([](Items& i) {
         i.Clear();
         *i.Add() = Item("首次回访", 30, 5, 10);
         *i.Add() = Item("再次回访", 30, 5, 10);
       })},
      {absl::StrCat(first, ".repeat_every_days"), "repeated windows overlapping",
       edit([](Items& i) {
         i.Clear();
         vpb::ScheduleItem r = Item("每周回访", 7, 3, 7);
         r.set_repeat_every_days(7);
         r.set_repeat_until_days(180);
         *i.Add() = r;
       })},
      {prefix, "more than 400 slots", edit([](Items& i) {
         i.Clear();
         vpb::ScheduleItem r = Item("隔日回访", 0, 0, 1);
         r.set_repeat_every_days(2);
         r.set_repeat_until_days(1825);
         *i.Add() = r;
       })},
      {absl::StrCat(first, ".offset_days"), "huge offset",
       edit([](Items& i) { i.Mutable(0)->set_offset_days(kHuge32); })},
      {absl::StrCat(first, ".window_before_days"), "huge window",
       edit([](Items& i) { i.Mutable(0)->set_window_before_days(kHuge32); })},
      {absl::StrCat(first, ".expiry_after_days"), "window of 91 days",
       edit([](Items& i) { i.Mutable(0)->set_expiry_after_days(91); })},
      {absl::StrCat(first, ".repeat_every_days"), "negative repetition", edit([](Items& i) {
         i.Mutable(0)->set_repeat_every_days(-14);
         i.Mutable(0)->set_repeat_until_days(180);
       })},
      {absl::StrCat(first, ".repeat_until_days"), "repetition until before the first",
       edit([](Items& i) {
         i.Mutable(0)->set_window_before_days(0);
         i.Mutable(0)->set_expiry_after_days(0);
         i.Mutable(0)->set_repeat_every_days(30);
         i.Mutable(0)->set_repeat_until_days(1);
       })},
      {absl::StrCat(first, ".until_anchor_end"), "until the anchor end without repetition",
       edit([](Items& i) { i.Mutable(0)->set_until_anchor_end(true); })},
  };
}

// What each RPC invites beyond the generic variants.
std::vector<Variant> Specific(const std::string& method) {
  std::vector<Variant> v;
  if (method == "CreatePlan") {
    for (Variant& s : ScheduleVariants("items", [](Message& m) {
           return static_cast<vpb::CreatePlanRequest&>(m).mutable_items();
         })) {
      // Neither a template nor items: the refusal names template_id (the usual choice).
      if (s.what == "no items") s.path = "template_id";
      v.push_back(std::move(s));
    }
    v.push_back({"items", "a template and items",
                 As<vpb::CreatePlanRequest>([](auto& r) { r.set_template_id("aid-standard"); })});
    v.push_back({"template_id", "a template id with bad characters",
                 As<vpb::CreatePlanRequest>([](auto& r) {
                   r.clear_items();
                   r.set_template_id("../aid-standard");
                 })});
    v.push_back(
        {"template_id", "a template of another anchor", As<vpb::CreatePlanRequest>([](auto& r) {
           r.clear_items();
           r.set_anchor_kind(vpb::ANCHOR_KIND_ORDER_ISSUED);
           r.set_template_id("aid-standard");
         })});
    v.push_back({"template_id", "an unknown template", As<vpb::CreatePlanRequest>([](auto& r) {
                   r.clear_items();
                   r.set_template_id("no-such-template");
                 })});
    v.push_back({"anchor_date", "year 2201", As<vpb::CreatePlanRequest>([](auto& r) {
                   r.mutable_anchor_date()->set_year(2201);
                 })});
    v.push_back({"anchor_date", "month 13", As<vpb::CreatePlanRequest>([](auto& r) {
                   r.mutable_anchor_date()->set_month(13);
                 })});
    v.push_back(
        {"subject_person_id", "a person unknown to the case hub",
         As<vpb::CreatePlanRequest>([](auto& r) { r.set_subject_person_id("per-nobody-0001"); })});
    v.push_back({"anchor_ref", "an id with a space",
                 As<vpb::CreatePlanRequest>([](auto& r) { r.set_anchor_ref("aid 520382"); })});
    Variant other{"case_id", "a Xishui case", As<vpb::CreatePlanRequest>([](auto& r) {
                    r.set_case_id("case-520330-0000000000000002");
                  })};
    other.other_tenant = true;
    v.push_back(std::move(other));
  } else if (method == "WaiveSlot") {
    v.push_back({"slot_sequence", "no such slot",
                 As<vpb::WaiveSlotRequest>([](auto& r) { r.set_slot_sequence(kHuge32); })});
    v.push_back({"slot_sequence", "zero",
                 As<vpb::WaiveSlotRequest>([](auto& r) { r.set_slot_sequence(0); })});
    v.push_back({"reason", "501 characters", As<vpb::WaiveSlotRequest>([](auto& r) {
                   std::string s;
                   for (int n = 0; n < 501; ++n) s += "因";
                   r.set_reason(s);
                 })});
    v.push_back({"reason", "blank", As<vpb::WaiveSlotRequest>([](auto& r) { r.set_reason(""); })});
  } else if (method == "CancelPlan") {
    v.push_back({"reason", "blank", As<vpb::CancelPlanRequest>([](auto& r) { r.set_reason(""); })});
  } else if (method == "AssignPlan") {
    v.push_back({"assigned_to", "a user id with a slash",
                 As<vpb::AssignPlanRequest>([](auto& r) { r.set_assigned_to("u/zhang"); })});
  } else if (method == "ListDueVisits") {
    v.push_back({"horizon_days", "61 days",
                 As<vpb::ListDueVisitsRequest>([](auto& r) { r.set_horizon_days(61); })});
    v.push_back({"horizon_days", "huge",
                 As<vpb::ListDueVisitsRequest>([](auto& r) { r.set_horizon_days(kHuge32); })});
    v.push_back({"assigned_to", "a user id with a quote",
                 As<vpb::ListDueVisitsRequest>([](auto& r) { r.set_assigned_to("u-zhang'--"); })});
  } else if (method == "ListPlans") {
    v.push_back({"status", "unknown status", As<vpb::ListPlansRequest>([](auto& r) {
                   r.set_status(static_cast<vpb::PlanStatus>(77));
                 })});
    v.push_back({"assigned_to", "a user id with a quote",
                 As<vpb::ListPlansRequest>([](auto& r) { r.set_assigned_to("u-zhang'--"); })});
    v.push_back({"case_id", "a malformed case id",
                 As<vpb::ListPlansRequest>([](auto& r) { r.set_case_id("case 520382"); })});
    Variant other{"case_id", "a Xishui case", As<vpb::ListPlansRequest>([](auto& r) {
                    r.set_case_id("case-520330-0000000000000002");
                  })};
    other.other_tenant = true;
    v.push_back(std::move(other));
  } else if (method == "UpsertScheduleTemplate") {
    for (Variant& s : ScheduleVariants("template.items", [](Message& m) {
           return static_cast<vpb::UpsertScheduleTemplateRequest&>(m)
               .mutable_template_()
               ->mutable_items();
         })) {
      v.push_back(std::move(s));
    }
    v.push_back(
        {"template.template_id", "upper case", As<vpb::UpsertScheduleTemplateRequest>([](auto& r) {
           r.mutable_template_()->set_template_id("Home-Visits");
         })});
    v.push_back({"template.template_id", "two characters",
                 As<vpb::UpsertScheduleTemplateRequest>(
                     [](auto& r) { r.mutable_template_()->set_template_id("ab"); })});
    v.push_back({"template.procuratorate_code", "Xishui's",
                 As<vpb::UpsertScheduleTemplateRequest>(
                     [](auto& r) { r.mutable_template_()->set_procuratorate_code("520330"); })});
  } else if (method == "UpdateVisitPolicy") {
    v.push_back(
        {"policy.offline_grace_days", "31 days", As<vpb::UpdateVisitPolicyRequest>([](auto& r) {
           r.mutable_policy()->set_offline_grace_days(31);
         })});
    v.push_back({"policy.amend_window_days", "huge", As<vpb::UpdateVisitPolicyRequest>([](auto& r) {
                   r.mutable_policy()->set_amend_window_days(kHuge32);
                 })});
    v.push_back(
        {"policy.due_horizon_days", "61 days", As<vpb::UpdateVisitPolicyRequest>([](auto& r) {
           r.mutable_policy()->set_due_horizon_days(61);
         })});
    v.push_back(
        {"policy.procuratorate_code", "Xishui's", As<vpb::UpdateVisitPolicyRequest>([](auto& r) {
           r.mutable_policy()->set_procuratorate_code("520330");
         })});
  } else if (method == "GetVisitPolicy" || method == "ListScheduleTemplates") {
    for (const char* code : {"52038", "52038x", "520382'"}) {
      v.push_back({"procuratorate_code", absl::StrCat("\"", code, "\""), [code](Message& m) {
                     m.GetReflection()->SetString(
                         &m, m.GetDescriptor()->FindFieldByName("procuratorate_code"), code);
                   }});
    }
  }
  return v;
}

class VisitPlanHostileInputTest : public VisitAccessMatrix,
                                  public ::testing::WithParamInterface<std::string> {
 protected:
  // A caller the table admits on the own, assigned record.
  std::optional<Principal> Admitted(const std::string& key, const Target& t) {
    const AccessRule* rule = VisitAccessPolicy().Find(key);
    for (const Principal* p : {&zhang_, &head_, &chief_, &admin_}) {
      if (Expected(VisitAccessPolicy(), *rule, *p, t) == Outcome::kOk) return *p;
    }
    return std::nullopt;
  }
};

TEST_P(VisitPlanHostileInputTest, EveryBrokenFieldIsNamedAndNothingIsWritten) {
  const std::string key = GetParam();
  const std::string method = key.substr(key.rfind('/') + 1);
  Target t = Prepare(key, false, true);
  ASSERT_FALSE(HasFailure()) << "seeding failed";
  ASSERT_NE(t.request, nullptr);
  const std::optional<Principal> p = Admitted(key, t);
  ASSERT_TRUE(p.has_value()) << key << ": nobody admitted";
  std::vector<Variant> variants;
  RequestVariants(*t.request, "", {}, variants);
  for (Variant& s : Specific(method)) variants.push_back(std::move(s));
  const google::protobuf::Descriptor* d = t.request->GetDescriptor();
  if (const auto* token = d->FindFieldByName("page_token")) {
    variants.push_back({"page_token", "not a token", [token](Message& m) {
                          m.GetReflection()->SetString(&m, token, "not-a-token!");
                        }});
    variants.push_back({"page_token", "a token of 70,000 bytes", [token](Message& m) {
                          m.GetReflection()->SetString(&m, token, std::string(70000, 'A'));
                        }});
  }
  if (const auto* size = d->FindFieldByName("page_size")) {
    variants.push_back({"page_size", "negative",
                        [size](Message& m) { m.GetReflection()->SetInt32(&m, size, -5); }});
  }
  if (const auto* version = d->FindFieldByName("version")) {
    // A version from the future is stale, not malformed: ABORTED is right too.
    Variant huge{"version", "huge",
                 [version](Message& m) { m.GetReflection()->SetInt64(&m, version, kHuge64); }};
    huge.missing = true;
    variants.push_back(std::move(huge));
  }
  ASSERT_FALSE(variants.empty()) << key << ": nothing to break";
  for (const Variant& v : variants) {
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
    EXPECT_EQ(VariantOutcomeError(s, v), "") << cell;
    if (!s.ok()) {
      auto after = CountEveryTable(*pool_);
      ASSERT_TRUE(after.ok()) << after.status();
      EXPECT_EQ(DescribeChange(*before, *after), "") << cell << ": refused, yet wrote";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(VisitPlan, VisitPlanHostileInputTest,
                         ::testing::ValuesIn(VisitMethodsOf("VisitPlanService")), MethodTestName);

}  // namespace
}  // namespace shouhu::testing
