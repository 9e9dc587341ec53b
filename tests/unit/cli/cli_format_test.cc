#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "cli/format.h"
#include "cli/render.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace shouhu::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

namespace cv1 = ::shouhu::common::v1;
namespace rv1 = ::shouhu::referral::v1;

int64_t UtcMillis(int y, int mo, int d, int h, int mi) {
  return absl::ToUnixMillis(
      absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi), absl::UTCTimeZone()));
}

TEST(FormatTimestampTest, ShowsChinaTime) {
  EXPECT_EQ(FormatMillis(UtcMillis(2026, 11, 23, 6, 5)), "2026-11-23 14:05");
  // 16:30 UTC is already the next day in Beijing.
  EXPECT_EQ(FormatMillis(UtcMillis(2026, 12, 31, 16, 30)), "2027-01-01 00:30");
  cv1::Timestamp ts;
  ts.set_unix_millis(UtcMillis(2026, 3, 1, 0, 0) + 59 * 1000);  // Seconds are not shown.
  EXPECT_EQ(FormatTimestamp(ts), "2026-03-01 08:00");
}

TEST(FormatTimestampTest, UnsetTimestampIsADash) {
  EXPECT_EQ(FormatTimestamp(cv1::Timestamp()), "-");
}

TEST(FormatDateTest, PadsAndSkipsUnset) {
  cv1::Date d;
  d.set_year(2026);
  d.set_month(3);
  d.set_day(7);
  EXPECT_EQ(FormatDate(d), "2026-03-07");
  EXPECT_EQ(FormatDate(cv1::Date()), "");
}

TEST(DisplayWidthTest, ChineseCountsTwoColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("审查中"), 6u);
  EXPECT_EQ(DisplayWidth("ref-1 审查中"), 12u);
  EXPECT_EQ(DisplayWidth("（已超期）"), 10u);
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("\xff"), 1u);  // Malformed UTF-8 does not crash.
  EXPECT_EQ(DisplayWidth("\xe5\xae"), 2u);
  EXPECT_EQ(PadRight("张三", 6), "张三  ");
  EXPECT_EQ(PadRight("toolong", 3), "toolong");
}

TEST(WrapTextTest, BreaksChineseAnywhereAndEnglishAtSpaces) {
  EXPECT_EQ(WrapText("一二三四五六七", 6), "一二三\n四五六\n七");
  EXPECT_EQ(WrapText("one two three", 8), "one two\nthree");
  EXPECT_EQ(WrapText("abcdefghij", 4), "abcd\nefgh\nij");
  EXPECT_EQ(WrapText("第一行\n第二行", 80), "第一行\n第二行");
  EXPECT_EQ(WrapText("年龄13岁", 6), "年龄13\n岁");
  EXPECT_EQ(WrapText("", 10), "");
}

TEST(TableTest, AlignsMixedWidthColumns) {
  Table table({"编号", "状态", "备注"});
  table.AddRow({"ref-1", "审查中", "紧急"});
  table.AddRow({"ref-22", "已受理", ""});
  std::vector<std::string> lines = absl::StrSplit(table.Render(), '\n');
  ASSERT_EQ(lines.size(), 4u);  // Three lines and the final newline.
  EXPECT_EQ(lines[0], "编号    状态    备注");
  EXPECT_EQ(lines[1], "ref-1   审查中  紧急");
  EXPECT_EQ(lines[2], "ref-22  已受理");
  EXPECT_EQ(lines[3], "");
}

TEST(RenderFieldsTest, AlignsValuesAndSkipsEmpty) {
  EXPECT_EQ(RenderFields({{"状态", "审查中"}, {"承办人", ""}, {"Version", "3"}}),
            "状态     审查中\nVersion  3\n");
}

TEST(FieldViolationsTest, ParsesTabSeparatedLines) {
  auto v = ParseFieldViolations(
      "people[1].id_number\tinvalid check digit\n\nfacts\tmust not be empty\nwhole request bad\n");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].field(), "people[1].id_number");
  EXPECT_EQ(v[0].description(), "invalid check digit");
  EXPECT_EQ(v[1].field(), "facts");
  EXPECT_EQ(v[2].field(), "");
  EXPECT_EQ(v[2].description(), "whole request bad");
}

TEST(FieldViolationsTest, DecodesPercentEncodedText) {
  auto v = ParseFieldViolations("occurred_on%09must not be in the future, 100%25 sure%0Akind%09x");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].field(), "occurred_on");
  EXPECT_EQ(v[0].description(), "must not be in the future, 100% sure");
  EXPECT_EQ(v[1].field(), "kind");
}

TEST(FieldViolationsTest, ReadsEveryValueOfTheTrailerKey) {
  const std::string key = kFieldViolationsKey;
  const std::string bin_key = key + "-bin";
  const std::string other = "x-other";
  const std::string v1 = "people[0].name\ttoo long";
  const std::string v2 = "facts\tempty";
  const std::string v3 = "people[0].birth_date\trequired";
  std::multimap<grpc::string_ref, grpc::string_ref> trailers = {
      {grpc::string_ref(key), grpc::string_ref(v1)},
      {grpc::string_ref(other), grpc::string_ref(v2)},
      {grpc::string_ref(key), grpc::string_ref(v2)},
      {grpc::string_ref(bin_key), grpc::string_ref(v3)},
  };
  auto v = FieldViolationsFromMetadata(trailers);
  std::vector<std::string> fields;
  for (const auto& f : v) fields.push_back(f.field());
  EXPECT_THAT(fields, ElementsAre("people[0].name", "facts", "people[0].birth_date"));
}

// What the services send: google.rpc.Status with a google.rpc.BadRequest in the binary
// error details, which gRPC hands over both in the status and in the trailing metadata.
std::string BadRequestDetails() {
  google::rpc::BadRequest bad;
  auto* v = bad.add_field_violations();
  v->set_field("people[1].id_number");
  v->set_description("invalid check digit");
  v = bad.add_field_violations();
  v->set_field("");
  v->set_description("3 more field violations not shown");
  google::rpc::Status st;
  st.set_code(3);
  st.set_message("invalid request");
  st.add_details()->PackFrom(bad);
  return st.SerializeAsString();
}

TEST(FieldViolationsTest, ReadsTheStandardErrorDetails) {
  const std::string details = BadRequestDetails();
  grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "invalid request", details);
  auto v = FieldViolationsFromStatus(status);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].field(), "people[1].id_number");
  EXPECT_EQ(v[0].description(), "invalid check digit");
  EXPECT_EQ(v[1].field(), "");

  const std::string key = kStatusDetailsKey;
  std::multimap<grpc::string_ref, grpc::string_ref> trailers = {
      {grpc::string_ref(key), grpc::string_ref(details)}};
  auto from_trailers = FieldViolationsFromMetadata(trailers);
  ASSERT_EQ(from_trailers.size(), 2u);
  EXPECT_EQ(from_trailers[0].field(), "people[1].id_number");

  EXPECT_THAT(FieldViolationsFromDetails("not a status"), ::testing::IsEmpty());
  EXPECT_THAT(FieldViolationsFromStatus(grpc::Status(grpc::StatusCode::NOT_FOUND, "x")),
              ::testing::IsEmpty());
}

TEST(FormatErrorTest, ExplainsTheCodeInChineseAndEnglish) {
  grpc::Status denied(grpc::StatusCode::PERMISSION_DENIED, "agency may only read its own");
  EXPECT_EQ(FormatError(denied, {}, Lang::kZh),
            "错误：无权访问该记录（PERMISSION_DENIED）\n详情：agency may only read its own\n");
  EXPECT_EQ(FormatError(denied, {}, Lang::kEn),
            "Error: You may not access this record (PERMISSION_DENIED)\n"
            "Detail: agency may only read its own\n");

  grpc::Status aborted(grpc::StatusCode::ABORTED, "");
  EXPECT_EQ(FormatError(aborted, {}, Lang::kZh),
            "错误：记录已被他人修改，请刷新后重试（ABORTED）\n");
}

TEST(FormatErrorTest, ListsFieldViolationsOnTheirOwnLines) {
  grpc::Status invalid(grpc::StatusCode::INVALID_ARGUMENT,
                       "people[1].id_number: invalid check digit; facts: empty");
  auto violations = ParseFieldViolations("people[1].id_number\tinvalid check digit\nfacts\tempty");
  std::string zh = FormatError(invalid, violations, Lang::kZh);
  EXPECT_EQ(zh,
            "错误：输入有误（INVALID_ARGUMENT）\n"
            "  people[1].id_number：invalid check digit\n"
            "  facts：empty\n");
  EXPECT_THAT(zh, Not(HasSubstr("详情")));
  EXPECT_EQ(FormatError(invalid, violations, Lang::kEn),
            "Error: Invalid input (INVALID_ARGUMENT)\n"
            "  people[1].id_number: invalid check digit\n"
            "  facts: empty\n");
}

TEST(RenderTest, ReferralDetailShowsChineseNamesAndDeadline) {
  referral::v1::Referral r;
  r.set_referral_id("ref-520382-abc");
  r.set_status(referral::v1::REFERRAL_STATUS_UNDER_REVIEW);
  r.set_kind(referral::v1::REFERRAL_KIND_MANDATORY_REPORT);
  r.set_urgent(true);
  r.set_overdue(true);
  r.mutable_submitted_at()->set_unix_millis(UtcMillis(2026, 11, 23, 6, 5));
  r.mutable_response_due_at()->set_unix_millis(UtcMillis(2026, 11, 23, 12, 5));
  r.add_situations(referral::v1::SITUATION_MULTIPLE_INJURIES_ABUSE);
  r.set_facts("第一行\n第二行");
  r.set_version(4);
  auto* p = r.add_people();
  p->set_role(referral::v1::PERSON_ROLE_SUBJECT);
  p->mutable_person()->set_name("陈*");
  p->mutable_person()->set_id_number("5203**********1234");
  p->mutable_person()->set_minor(true);
  p->set_possible_duplicate(true);

  std::string zh = RenderReferral(r, Lang::kZh);
  EXPECT_THAT(zh, HasSubstr("审查中"));
  EXPECT_THAT(zh, HasSubstr("强制报告"));
  EXPECT_THAT(zh, HasSubstr("2026-11-23 14:05"));
  EXPECT_THAT(zh, HasSubstr("2026-11-23 20:05（已超期）"));
  EXPECT_THAT(zh, HasSubstr("  第二行\n"));
  EXPECT_THAT(zh, HasSubstr("5203**********1234"));
  EXPECT_THAT(zh, HasSubstr("未成年、疑似重复"));
  EXPECT_THAT(zh, Not(HasSubstr("REFERRAL_STATUS")));

  std::string en = RenderReferral(r, Lang::kEn);
  EXPECT_THAT(en, HasSubstr("Under review"));
  EXPECT_THAT(en, HasSubstr("(Overdue)"));
  EXPECT_THAT(en, HasSubstr("minor, possible duplicate"));
}

TEST(RenderTest, ReferralDetailListsTheDifferencesFromThePersonRecord) {
  rv1::Referral r;
  r.set_referral_id("ref-520382-1");
  rv1::ReferralPerson* p = r.add_people();
  p->set_role(rv1::PERSON_ROLE_SUBJECT);
  p->mutable_person()->set_person_id("per-7");
  rv1::PersonFieldDifference* d = p->add_differences();
  d->set_field("phone");
  d->set_submitted("138****5678");
  d->set_recorded("085****3333");
  d = p->add_differences();
  d->set_field("sex");
  d->set_submitted("SEX_MALE");
  d->set_recorded("SEX_FEMALE");
  const std::string zh = RenderReferral(r, Lang::kZh);
  EXPECT_THAT(zh, HasSubstr("移送单位提交的信息与人员记录不一致"));
  EXPECT_THAT(zh, HasSubstr("138****5678"));
  EXPECT_THAT(zh, HasSubstr("电话"));
  EXPECT_THAT(zh, HasSubstr("男"));
  const std::string en = RenderReferral(r, Lang::kEn);
  EXPECT_THAT(en, HasSubstr("differs from the person record"));
  EXPECT_THAT(en, HasSubstr("female"));
  r.mutable_people(0)->clear_differences();
  EXPECT_THAT(RenderReferral(r, Lang::kZh), Not(HasSubstr("不一致")));
}

TEST(RenderTest, PersonHistoryShowsEachChangedField) {
  rv1::PersonChange c;
  c.set_version(2);
  c.set_reason("经公安机关核实");
  c.set_source_referral_id("ref-520382-2");
  c.mutable_actor()->set_principal("user:u-zhang");
  rv1::PersonFieldChange* f = c.add_changes();
  f->set_field("name");
  f->set_previous("王小明");
  f->set_updated("王晓明");
  const std::string zh = RenderPersonHistory({c}, Lang::kZh);
  EXPECT_THAT(zh, HasSubstr("王小明"));
  EXPECT_THAT(zh, HasSubstr("王晓明"));
  EXPECT_THAT(zh, HasSubstr("ref-520382-2"));
  EXPECT_THAT(zh, HasSubstr("姓名"));
  EXPECT_EQ(RenderPersonHistory({}, Lang::kEn), "No records.\n");
}

TEST(RenderTest, EmptyListsSayNoRecords) {
  EXPECT_EQ(RenderReferralTable({}, Lang::kZh), "没有记录。\n");
  EXPECT_EQ(RenderCaseTable({}, Lang::kEn), "No records.\n");
}

}  // namespace
}  // namespace shouhu::cli
