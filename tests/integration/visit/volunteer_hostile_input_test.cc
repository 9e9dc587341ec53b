// Hostile and malformed input for every RPC of VolunteerService (visit_hostile_check.h):
// every field of the request the access matrix builds broken in turn, plus what
// assignments and daily reports invite - aliases with the surname or an identity number
// (身份证号), care notes of 1,001 characters, dates impossible or out of order, report
// intervals out of range, contact kinds a report does not take, observations of 2,001
// characters, a dimension assessed twice, a Xishui case or assignment. A volunteer naming
// an assignment not theirs is PERMISSION_DENIED (the one answer volunteers get). Refused
// calls write nothing; a volunteer's broken report in a batch is REJECTED naming
// "items[i].report...." and the report beside it is stored.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "integration/visit/visit_hostile_check.h"

namespace shouhu::testing {
namespace {

using google::protobuf::Message;
using AV = vpb::AssignVolunteerRequest;
using DR = vpb::DailyReport;

constexpr char kIdNumber[] = "520382201506011238";

std::string Chars(int n, const char* c = "情") {
  std::string s;
  for (int i = 0; i < n; ++i) s += c;
  return s;
}

// Broken daily reports, online (`report.`) or in a batch (`items[0].report.`).
std::vector<Variant> ReportVariants(const std::string& prefix,
                                    const std::function<DR*(Message&)>& report) {
  auto edit = [report](std::function<void(DR&)> fn) {
    return [report, fn](Message& m) { fn(*report(m)); };
  };
  auto at = [&prefix](const std::string& f) { return absl::StrCat(prefix, f); };
  return {
      {at("report_on"), "tomorrow",
       edit([](DR& r) { *r.mutable_report_on() = FromCivilDay(absl::CivilDay(2025, 3, 11)); })},
      {at("report_on"), "before the assignment started",
       edit([](DR& r) { *r.mutable_report_on() = FromCivilDay(absl::CivilDay(2025, 2, 27)); })},
      {at("report_on"), "31 April", edit([](DR& r) {
         r.mutable_report_on()->set_month(4);
         r.mutable_report_on()->set_day(31);
       })},
      {at("contact_kind"), "a joint visit",
       edit([](DR& r) { r.set_contact_kind(vpb::VISIT_KIND_JOINT); })},
      {at("contact_kind"), "kind 99",
       edit([](DR& r) { r.set_contact_kind(static_cast<vpb::VisitKind>(99)); })},
      {at("observations"), "blank", edit([](DR& r) { r.set_observations(""); })},
      {at("observations"), "2,001 characters",
       edit([](DR& r) { r.set_observations(Chars(2001)); })},
      {at("observations"), "an identity number",
       edit([](DR& r) { r.set_observations(absl::StrCat("孩子父亲身份证", kIdNumber)); })},
      {at("observations"), "a control character",
       edit([](DR& r) { r.set_observations("正常\x1b[2J情况"); })},
      {at("assessments[1].dimension"), "a dimension twice",
       edit([](DR& r) { *r.add_assessments() = r.assessments(0); })},
      {at("assessments[0].rating"), "rating -1",
       edit([](DR& r) { r.mutable_assessments(0)->set_rating(static_cast<vpb::Rating>(-1)); })},
      {at("needs[0].kind"), "a need without a kind",
       edit([](DR& r) { r.add_needs()->set_description("需要学习用品"); })},
  };
}

std::vector<Variant> Specific(const std::string& method) {
  std::vector<Variant> v;
  if (method == "AssignVolunteer") {
    v.push_back(
        {"subject_alias", "the full name", As<AV>([](auto& r) { r.set_subject_alias("王小明"); })});
    v.push_back({"subject_alias", "an identity number",
                 As<AV>([](auto& r) { r.set_subject_alias(kIdNumber); })});
    v.push_back(
        {"care_notes", "1,001 characters", As<AV>([](auto& r) { r.set_care_notes(Chars(1001)); })});
    v.push_back({"care_notes", "an identity number",
                 As<AV>([](auto& r) { r.set_care_notes(absl::StrCat("身份证", kIdNumber)); })});
    v.push_back({"volunteer_id", "a user id with a quote",
                 As<AV>([](auto& r) { r.set_volunteer_id("u-vol'--"); })});
    v.push_back({"volunteer_id", "blank", As<AV>([](auto& r) { r.set_volunteer_id(""); })});
    v.push_back(
        {"starts_on", "month 13", As<AV>([](auto& r) { r.mutable_starts_on()->set_month(13); })});
    v.push_back({"ends_on", "before starts_on", As<AV>([](auto& r) {
                   *r.mutable_ends_on() = FromCivilDay(absl::CivilDay(2025, 2, 1));
                 })});
    v.push_back(
        {"report_every_days", "31 days", As<AV>([](auto& r) { r.set_report_every_days(31); })});
    v.push_back({"report_every_days", "huge", As<AV>([](auto& r) {
                   r.set_report_every_days(std::numeric_limits<int32_t>::max());
                 })});
    v.push_back({"subject_person_id", "another person",
                 As<AV>([](auto& r) { r.set_subject_person_id("per-nobody-0001"); })});
    Variant xs{"case_id", "a Xishui case",
               As<AV>([](auto& r) { r.set_case_id("case-520330-0000000000000002"); })};
    xs.other_tenant = true;
    v.push_back(std::move(xs));
  } else if (method == "EndAssignment") {
    v.push_back(
        {"reason", "blank", As<vpb::EndAssignmentRequest>([](auto& r) { r.set_reason(""); })});
    v.push_back({"reason", "501 characters",
                 As<vpb::EndAssignmentRequest>([](auto& r) { r.set_reason(Chars(501)); })});
    Variant xs{"assignment_id", "a Xishui assignment", As<vpb::EndAssignmentRequest>([](auto& r) {
                 r.set_assignment_id("vasg-520330-0000000000000001");
               })};
    xs.other_tenant = true;
    v.push_back(std::move(xs));
  } else if (method == "ListAssignments") {
    Variant xs{"case_id", "a Xishui case", As<vpb::ListAssignmentsRequest>([](auto& r) {
                 r.set_case_id("case-520330-0000000000000002");
               })};
    xs.other_tenant = true;
    v.push_back(std::move(xs));
    v.push_back({"case_id", "a malformed case id",
                 As<vpb::ListAssignmentsRequest>([](auto& r) { r.set_case_id("case' OR 1=1"); })});
  } else if (method == "SubmitDailyReport") {
    v = ReportVariants("report.", [](Message& m) {
      return static_cast<vpb::SubmitDailyReportRequest&>(m).mutable_report();
    });
  } else if (method == "ListDailyReports") {
    v.push_back({"to", "before from", As<vpb::ListDailyReportsRequest>([](auto& r) {
                   *r.mutable_from() = FromCivilDay(absl::CivilDay(2025, 3, 9));
                   *r.mutable_to() = FromCivilDay(absl::CivilDay(2025, 3, 1));
                 })});
    v.push_back({"from", "month 13", As<vpb::ListDailyReportsRequest>([](auto& r) {
                   *r.mutable_from() = FromCivilDay(absl::CivilDay(2025, 3, 9));
                   r.mutable_from()->set_month(13);
                 })});
  }
  return v;
}

class VolunteerHostileInputTest : public VisitHostileInput,
                                  public ::testing::WithParamInterface<std::string> {};

TEST_P(VolunteerHostileInputTest, EveryBrokenFieldIsNamedAndNothingIsWritten) {
  const std::string key = GetParam();
  CheckEveryVariant(key, Specific(key.substr(key.rfind('/') + 1)));
}

INSTANTIATE_TEST_SUITE_P(Volunteer, VolunteerHostileInputTest,
                         ::testing::ValuesIn(VisitMethodsOf("VolunteerService")), MethodTestName);

class VolunteerBatchHostileTest : public VisitHostileInput {};

// A volunteer's batch: each broken report REJECTED naming its own field under
// items[i].report, the good report beside them CREATED, no report of a broken one stored.
TEST_F(VolunteerBatchHostileTest, BrokenReportsAreRefusedAloneAndTheRestGoesThrough) {
  const vpb::VolunteerAssignment a = AssignmentIn(false, true);
  std::vector<Variant> broken = ReportVariants("", [](Message& m) { return &static_cast<DR&>(m); });
  vpb::UploadBatchRequest up;
  up.set_request_id(VRid());
  for (size_t i = 0; i < broken.size(); ++i) {
    vpb::BatchItem* item = up.add_items();
    item->set_client_id(absl::StrCat("vol-hostile-", i));
    *item->mutable_report() = NewReport(a.assignment_id());
    *item->mutable_report()->mutable_report_on() = FromCivilDay(absl::CivilDay(2025, 3, 9));
    broken[i].edit(*item->mutable_report());
  }
  vpb::BatchItem* good = up.add_items();
  good->set_client_id("vol-good-report");
  *good->mutable_report() = NewReport(a.assignment_id());
  auto got = CallRpc(VisitRpcKey(kVisitService, "UploadBatch"), own_volunteer_, up);
  ASSERT_TRUE(got.ok()) << got.status();
  vpb::UploadBatchResponse r;
  ASSERT_TRUE(r.ParseFromString(*got));
  ASSERT_EQ(r.results_size(), up.items_size());
  for (size_t i = 0; i < broken.size(); ++i) {
    const vpb::BatchItemResult& res = r.results(i);
    const std::string want = absl::StrCat("items[", i, "].report.", broken[i].path);
    EXPECT_EQ(res.outcome(), vpb::BATCH_OUTCOME_REJECTED) << want << ": " << res.DebugString();
    bool named = false;
    for (const auto& f : res.violations()) named |= FieldNames(f.field(), want);
    EXPECT_TRUE(named) << broken[i].what << ": want " << want << ", got " << res.DebugString();
  }
  EXPECT_EQ(r.results(up.items_size() - 1).outcome(), vpb::BATCH_OUTCOME_CREATED)
      << r.results(up.items_size() - 1).DebugString();
  EXPECT_EQ(Int("SELECT COUNT(*) FROM volunteer_reports"), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_needs"), 0);
}

}  // namespace
}  // namespace shouhu::testing
