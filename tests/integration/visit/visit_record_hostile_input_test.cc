// Hostile and malformed input for every RPC of VisitService (visit_hostile_check.h): every
// field of the request the access matrix builds broken in turn, plus what visits invite -
// assessments not four or twice the same dimension, ratings and kinds out of range, dates
// in the future or out of range, summaries of 4,001 characters or naming an identity
// number (身份证号), needs without a kind, a Xishui case or plan, periods out of range,
// 1,001 batch items. Refused calls write nothing; a broken batch item is REJECTED naming
// "items[i]...." and the items beside it are stored as if it were not there.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "integration/visit/visit_hostile_check.h"

namespace shouhu::testing {
namespace {

using google::protobuf::Message;
using RV = vpb::RecordVisitRequest;

constexpr char kIdNumber[] = "520382201506011238";

std::string Chars(int n, const char* c = "情") {
  std::string s;
  for (int i = 0; i < n; ++i) s += c;
  return s;
}

// Broken visits, as RecordVisit or as a batch item (`visit` leads to the visit and
// `prefix` names it: "" or "items[0].visit.").
std::vector<Variant> VisitVariants(const std::string& prefix,
                                   const std::function<RV*(Message&)>& visit) {
  auto edit = [visit](std::function<void(RV&)> fn) {
    return [visit, fn](Message& m) { fn(*visit(m)); };
  };
  auto at = [&prefix](const std::string& f) { return absl::StrCat(prefix, f); };
  const bool offline = !prefix.empty();  // base_plan_version is for batch items only
  std::vector<Variant> v = {
      {at("assessments"), "three assessments",
       edit([](RV& r) { r.mutable_assessments()->RemoveLast(); })},
      {at("assessments"), "five assessments",
       edit([](RV& r) { *r.add_assessments() = r.assessments(0); })},
      {at("assessments[1].dimension"), "a dimension twice",
       edit([](RV& r) { r.mutable_assessments(1)->set_dimension(r.assessments(0).dimension()); })},
      {at("assessments[0].rating"), "rating 77",
       edit([](RV& r) { r.mutable_assessments(0)->set_rating(static_cast<vpb::Rating>(77)); })},
      {at("assessments[0].notes"), "an identity number in the notes", edit([](RV& r) {
         r.mutable_assessments(0)->set_notes(absl::StrCat("母亲身份证", kIdNumber));
       })},
      {at("kind"), "kind 99", edit([](RV& r) { r.set_kind(static_cast<vpb::VisitKind>(99)); })},
      {at("agency_codes"), "a joint visit without an agency",
       edit([](RV& r) { r.set_kind(vpb::VISIT_KIND_JOINT); })},
      {at("visited_on"), "tomorrow",
       edit([](RV& r) { *r.mutable_visited_on() = FromCivilDay(absl::CivilDay(2025, 3, 11)); })},
      {at("visited_on"), "30 February", edit([](RV& r) {
         r.mutable_visited_on()->set_month(2);
         r.mutable_visited_on()->set_day(30);
       })},
      {at("visited_on"), "year 10000",
       edit([](RV& r) { r.mutable_visited_on()->set_year(10000); })},
      {at("summary"), "4,001 characters", edit([](RV& r) { r.set_summary(Chars(4001)); })},
      {at("summary"), "an identity number",
       edit([](RV& r) { r.set_summary(absl::StrCat("监护人身份证号", kIdNumber, "，已核实")); })},
      {at("summary"), "a control character", edit([](RV& r) { r.set_summary("正常\x07情况"); })},
      {at("needs[0].kind"), "a need without a kind",
       edit([](RV& r) { r.add_needs()->set_description("需要心理疏导"); })},
      {at("needs[0].description"), "a need of 1,001 characters", edit([](RV& r) {
         vpb::Need* n = r.add_needs();
         n->set_kind(::shouhu::aid::v1::MEASURE_KIND_MEDICAL);
         n->set_description(Chars(1001));
       })},
      {at("needs[0].need_id"), "a need id from the client", edit([](RV& r) {
         vpb::Need* n = r.add_needs();
         n->set_kind(::shouhu::aid::v1::MEASURE_KIND_MEDICAL);
         n->set_description("需要体检");
         n->set_need_id("need-520382-0000000001");
       })},
      {at("visitor_ids"), "11 visitors", edit([](RV& r) {
         for (int i = 0; i < 11; ++i) r.add_visitor_ids(absl::StrCat("u-v", i));
       })},
      {at("plan_id"), "a slot without a plan", edit([](RV& r) { r.set_slot_sequence(1); })},
      {at("plan_id"), "a malformed plan id", edit([offline](RV& r) {
         r.set_plan_id("plan 520382");
         r.set_slot_sequence(1);
         if (offline) r.set_base_plan_version(1);
       })},
  };
  Variant xs_case{at("case_id"), "a Xishui case",
                  edit([](RV& r) { r.set_case_id("case-520330-0000000000000002"); })};
  xs_case.other_tenant = true;
  v.push_back(std::move(xs_case));
  Variant xs_plan{at("plan_id"), "a Xishui plan id", edit([offline](RV& r) {
                    r.set_plan_id("vplan-520330-0000000000000001");
                    r.set_slot_sequence(1);
                    if (offline) r.set_base_plan_version(1);
                  })};
  xs_plan.other_tenant = true;
  v.push_back(std::move(xs_plan));
  return v;
}

std::vector<Variant> Specific(const std::string& method) {
  std::vector<Variant> v;
  if (method == "RecordVisit") {
    v = VisitVariants("", [](Message& m) { return &static_cast<RV&>(m); });
  } else if (method == "UploadBatch") {
    v = VisitVariants("items[0].visit.", [](Message& m) {
      return static_cast<vpb::UploadBatchRequest&>(m).mutable_items(0)->mutable_visit();
    });
    v.push_back({"items", "1,001 items", As<vpb::UploadBatchRequest>([](auto& r) {
                   while (r.items_size() < 1001) {
                     vpb::BatchItem* i = r.add_items();
                     *i = r.items(0);
                     i->set_client_id(absl::StrCat("many-items-", r.items_size()));
                   }
                 })});
    v.push_back(
        {"items", "no items", As<vpb::UploadBatchRequest>([](auto& r) { r.clear_items(); })});
    v.push_back(
        {"items[0].client_id", "a client id with a slash", As<vpb::UploadBatchRequest>([](auto& r) {
           r.mutable_items(0)->set_client_id("../../etc/passwd");
         })});
    v.push_back({"items[0]", "neither a visit nor a report",
                 As<vpb::UploadBatchRequest>([](auto& r) { r.mutable_items(0)->clear_item(); })});
  } else if (method == "AmendVisit") {
    v.push_back({"assessments", "three assessments", As<vpb::AmendVisitRequest>([](auto& r) {
                   r.mutable_assessments()->RemoveLast();
                 })});
    v.push_back({"reason", "blank", As<vpb::AmendVisitRequest>([](auto& r) { r.set_reason(""); })});
    v.push_back({"reason", "501 characters",
                 As<vpb::AmendVisitRequest>([](auto& r) { r.set_reason(Chars(501)); })});
    v.push_back({"summary", "an identity number", As<vpb::AmendVisitRequest>([](auto& r) {
                   r.set_summary(absl::StrCat("身份证", kIdNumber));
                 })});
    v.push_back(
        {"added_needs[0].kind", "a need without a kind", As<vpb::AmendVisitRequest>([](auto& r) {
           r.add_added_needs()->set_description("需要辅导");
         })});
    Variant xs{"visit_id", "a Xishui visit", As<vpb::AmendVisitRequest>([](auto& r) {
                 r.set_visit_id("visit-520330-0000000000000001");
               })};
    xs.other_tenant = true;
    v.push_back(std::move(xs));
  } else if (method == "WithdrawNeed") {
    v.push_back(
        {"reason", "blank", As<vpb::WithdrawNeedRequest>([](auto& r) { r.set_reason(""); })});
    v.push_back({"reason", "an identity number", As<vpb::WithdrawNeedRequest>([](auto& r) {
                   r.set_reason(absl::StrCat("见身份证", kIdNumber));
                 })});
  } else if (method == "ResolveConflict") {
    v.push_back({"resolution", "unspecified", As<vpb::ResolveConflictRequest>([](auto& r) {
                   r.set_resolution(vpb::CONFLICT_RESOLUTION_UNSPECIFIED);
                 })});
    v.push_back({"note", "501 characters",
                 As<vpb::ResolveConflictRequest>([](auto& r) { r.set_note(Chars(501)); })});
  } else if (method == "GetVisitStatistics") {
    v.push_back({"period_count", "25 periods",
                 As<vpb::GetVisitStatisticsRequest>([](auto& r) { r.set_period_count(25); })});
    v.push_back({"first_period", "month 13",
                 As<vpb::GetVisitStatisticsRequest>([](auto& r) { r.set_first_period(13); })});
    v.push_back(
        {"year", "year 1", As<vpb::GetVisitStatisticsRequest>([](auto& r) { r.set_year(1); })});
    v.push_back({"year", "huge", As<vpb::GetVisitStatisticsRequest>([](auto& r) {
                   r.set_year(std::numeric_limits<int32_t>::max());
                 })});
    v.push_back({"grouping", "grouping 9", As<vpb::GetVisitStatisticsRequest>([](auto& r) {
                   r.set_grouping(static_cast<vpb::StatisticsGrouping>(9));
                 })});
  } else if (method == "ListNeeds") {
    v.push_back({"status", "status 77", As<vpb::ListNeedsRequest>([](auto& r) {
                   r.set_status(static_cast<vpb::NeedStatus>(77));
                 })});
  } else if (method == "ListConflicts") {
    Variant xs{"case_id", "a Xishui case", As<vpb::ListConflictsRequest>([](auto& r) {
                 r.set_case_id("case-520330-0000000000000002");
               })};
    xs.other_tenant = true;
    v.push_back(std::move(xs));
    v.push_back({"case_id", "a malformed case id",
                 As<vpb::ListConflictsRequest>([](auto& r) { r.set_case_id("case' OR 1=1"); })});
  }
  return v;
}

class VisitRecordHostileInputTest : public VisitHostileInput,
                                    public ::testing::WithParamInterface<std::string> {};

TEST_P(VisitRecordHostileInputTest, EveryBrokenFieldIsNamedAndNothingIsWritten) {
  const std::string key = GetParam();
  CheckEveryVariant(key, Specific(key.substr(key.rfind('/') + 1)));
}

INSTANTIATE_TEST_SUITE_P(VisitRecord, VisitRecordHostileInputTest,
                         ::testing::ValuesIn(VisitMethodsOf("VisitService")), MethodTestName);

class VisitBatchHostileTest : public VisitHostileInput {};

// Hostile items among good ones: each hostile item is REJECTED naming its own field, the
// good ones are CREATED as if alone, and no record of a hostile item is left.
TEST_F(VisitBatchHostileTest, HostileItemsAreRefusedAloneAndTheRestGoesThrough) {
  vpb::UploadBatchRequest up;
  up.set_request_id(VRid());
  std::vector<std::string> want;  // "" for a good item, else the field named
  auto add = [&](const std::string& field, std::function<void(vpb::BatchItem&)> edit) {
    vpb::BatchItem* i = up.add_items();
    i->set_client_id(absl::StrCat("hostile-", up.items_size()));
    *i->mutable_visit() = NewVisitRequest(false);
    edit(*i);
    want.push_back(field);
  };
  const auto ok = [](vpb::BatchItem&) {};
  add("", ok);
  add("items[1].visit.summary", [](vpb::BatchItem& i) {
    i.mutable_visit()->set_summary(absl::StrCat("身份证号", kIdNumber));
  });
  add("", ok);
  add("items[3].visit.summary",
      [](vpb::BatchItem& i) { i.mutable_visit()->set_summary(Chars(5000, "\x01")); });
  add("items[4].visit.case_id",
      [](vpb::BatchItem& i) { i.mutable_visit()->set_case_id("case-520330-0000000000000002"); });
  add("items[5].visit.visited_on",
      [](vpb::BatchItem& i) { i.mutable_visit()->mutable_visited_on()->set_month(13); });
  add("items[6].visit.assessments[0].rating", [](vpb::BatchItem& i) {
    i.mutable_visit()->mutable_assessments(0)->set_rating(static_cast<vpb::Rating>(-3));
  });
  add("items[7].client_id", [](vpb::BatchItem& i) { i.set_client_id("x"); });
  add("items[8].visit.summary",
      [](vpb::BatchItem& i) { i.mutable_visit()->set_summary(std::string(1 << 20, 'a')); });
  add("", ok);
  auto got = CallRpc(VisitRpcKey(kVisitService, "UploadBatch"), zhang_, up);
  ASSERT_TRUE(got.ok()) << got.status();
  vpb::UploadBatchResponse r;
  ASSERT_TRUE(r.ParseFromString(*got));
  ASSERT_EQ(r.results_size(), static_cast<int>(want.size()));
  int created = 0;
  for (int i = 0; i < r.results_size(); ++i) {
    const vpb::BatchItemResult& res = r.results(i);
    if (want[i].empty()) {
      EXPECT_EQ(res.outcome(), vpb::BATCH_OUTCOME_CREATED) << i << ": " << res.DebugString();
      ++created;
      continue;
    }
    EXPECT_EQ(res.outcome(), vpb::BATCH_OUTCOME_REJECTED) << i << ": " << res.DebugString();
    bool named = false;
    for (const auto& f : res.violations()) named |= FieldNames(f.field(), want[i]);
    EXPECT_TRUE(named) << i << ": want " << want[i] << ", got " << res.DebugString();
    EXPECT_EQ(res.DebugString().find(kIdNumber), std::string::npos) << "echoes the number";
  }
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visits"), created);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_batch_items"), created);
}

}  // namespace
}  // namespace shouhu::testing
