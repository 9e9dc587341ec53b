// ValidateSubmit: every rule of a referral submission, each bad field named by its path.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/base/id_number.h"
#include "common/base/text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "referral/domain.h"
#include "support/builders.h"
#include "support/field_violations.h"

namespace shouhu::referral {
namespace {

using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const absl::CivilDay kToday(2026, 3, 15);

using ::shouhu::testing::IdNumber;

// An ID number of `birth` whose check character is 'X'.
std::string IdNumberEndingInX(absl::CivilDay birth) {
  for (int seq = 1; seq < 1000; ++seq) {
    std::string id = IdNumber(birth, seq);
    if (id.back() == 'X') return id;
  }
  ADD_FAILURE() << "no sequence gives check character X";
  return "";
}

// A date as sent by a client: not normalised, so 30 February stays 30 February.
cpb::Date D(int y, int m, int d) { return ::shouhu::testing::Date(y, m, d); }

// The subject (people[0], a minor with an ID number) and a guardian (people[1], birth date
// and phone, no ID number), from the shared builder.
pb::SubmitReferralRequest Valid(pb::ReferralKind kind) {
  ::shouhu::testing::SubmissionSpec spec;
  spec.kind = kind;
  return ::shouhu::testing::ValidSubmission(spec);
}

// The field paths a refusal names (one reader for every test: support/field_violations.h).
std::vector<std::string> Fields(const absl::Status& status) {
  return ::shouhu::testing::ViolatedFields(status);
}

std::string Repeat(absl::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.append(s.data(), s.size());
  return out;
}

cpb::PersonInput& Person(pb::SubmitReferralRequest& r, int i) {
  return *r.mutable_people(i)->mutable_person();
}

constexpr pb::ReferralKind kAllKinds[] = {
    pb::REFERRAL_KIND_JUDICIAL_AID, pb::REFERRAL_KIND_MANDATORY_REPORT,
    pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, pb::REFERRAL_KIND_SPECIAL_MINOR};

TEST(ValidateSubmitTest, ValidRequestOfEveryKindPasses) {
  for (pb::ReferralKind kind : kAllKinds) {
    const absl::Status st = ValidateSubmit(Valid(kind), kToday);
    EXPECT_TRUE(st.ok()) << pb::ReferralKind_Name(kind) << ": " << st;
  }
}

// Variations that stay valid: boundaries and optional fields.
TEST(ValidateSubmitTest, BoundariesAndOptionalFieldsPass) {
  const struct {
    const char* name;
    pb::ReferralKind kind;
    std::function<void(pb::SubmitReferralRequest&)> change;
  } kCases[] = {
      {"facts of exactly 4000 characters", pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.set_facts(Repeat("案", 4000)); }},
      {"occurred today", pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { *r.mutable_occurred_on() = FromCivilDay(kToday); }},
      {"single person", pb::REFERRAL_KIND_SPECIAL_MINOR,
       [](auto& r) { r.mutable_people()->RemoveLast(); }},
      {"ten people", pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) {
         for (int i = 0; i < 8; ++i) *r.add_people() = r.people(1);
       }},
      {"birth date and matching ID number", pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { *Person(r, 0).mutable_birth_date() = D(2015, 6, 1); }},
      {"birth date only", pb::REFERRAL_KIND_SPECIAL_MINOR,
       [](auto& r) {
         Person(r, 0).clear_id_number();
         *Person(r, 0).mutable_birth_date() = D(2012, 1, 1);
       }},
      {"ID number ending in lower-case x", pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) {
         std::string id = IdNumberEndingInX(absl::CivilDay(2014, 9, 9));
         id.back() = 'x';
         Person(r, 0).set_id_number(id);
       }},
      {"subject one day short of 18", pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { Person(r, 0).set_id_number(IdNumber(absl::CivilDay(2008, 3, 2))); }},
      {"adult subject of judicial aid", pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { Person(r, 0).set_id_number(IdNumber(absl::CivilDay(1970, 1, 1))); }},
      {"adult guardian of a mandatory report", pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { Person(r, 1).set_id_number(IdNumber(absl::CivilDay(1988, 2, 29), 222)); }},
      {"every aid ground once", pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) {
         r.clear_aid_grounds();
         for (int g = 1; pb::AidGround_IsValid(g); ++g) r.add_aid_grounds(pb::AidGround(g));
       }},
      {"empty optional fields", pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) {
         r.mutable_people(1)->clear_relation();
         Person(r, 1).clear_phone();
         Person(r, 1).clear_address();
         Person(r, 1).clear_ethnicity();
         Person(r, 1).set_sex(cpb::SEX_UNSPECIFIED);
       }},
      {"phone of 5 digits", pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_phone("12345"); }},
      {"phone of 20 characters", pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_phone("+86-138-0000-0000000"); }},
      {"phone with country code", pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_phone("+86-851-1234567"); }},
      {"name, facts and relation with inner spaces", pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) {
         Person(r, 0).set_name("阿依古丽 买买提");
         r.set_facts("\u3000\u3000学生受伤。\n");
         r.mutable_people(1)->set_relation(" 母亲 ");
       }},
  };
  for (const auto& c : kCases) {
    pb::SubmitReferralRequest req = Valid(c.kind);
    c.change(req);
    const absl::Status st = ValidateSubmit(req, kToday);
    EXPECT_TRUE(st.ok()) << c.name << ": " << st;
  }
}

// Each change breaks exactly the listed fields and nothing else.
TEST(ValidateSubmitTest, EachBadInputNamesItsField) {
  const struct {
    const char* name;
    pb::ReferralKind kind;
    std::function<void(pb::SubmitReferralRequest&)> change;
    std::vector<std::string> fields;
  } kCases[] = {
      // Kind.
      {"kind unspecified",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.set_kind(pb::REFERRAL_KIND_UNSPECIFIED); },
       {"kind"}},
      {"kind out of range",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.set_kind(static_cast<pb::ReferralKind>(42)); },
       {"kind"}},
      // Facts.
      {"facts empty", pb::REFERRAL_KIND_JUDICIAL_AID, [](auto& r) { r.clear_facts(); }, {"facts"}},
      {"facts over 4000 characters",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { r.set_facts(Repeat("案", 4001)); },
       {"facts"}},
      {"facts bad UTF-8",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { r.set_facts("学生\xff\xfe受伤"); },
       {"facts"}},
      {"facts truncated UTF-8",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { r.set_facts("受伤\xe5\xad"); },
       {"facts"}},
      {"facts of spaces and line breaks",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { r.set_facts("  \n\t \n"); },
       {"facts"}},
      {"facts of ideographic spaces and zero-width characters",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { r.set_facts("\u3000\u200b\u3000\ufeff\u00a0"); },
       {"facts"}},
      {"facts control character",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) {
         r.set_facts(
             "a\x01"
             "b");
       },
       {"facts"}},
      // Occurred on.
      {"occurred_on missing",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.clear_occurred_on(); },
       {"occurred_on"}},
      {"occurred_on 30 February",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { *r.mutable_occurred_on() = D(2026, 2, 30); },
       {"occurred_on"}},
      {"occurred_on month 13",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { *r.mutable_occurred_on() = D(2025, 13, 1); },
       {"occurred_on"}},
      {"occurred_on before 1900",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { *r.mutable_occurred_on() = D(1899, 12, 31); },
       {"occurred_on"}},
      {"occurred_on tomorrow",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { *r.mutable_occurred_on() = FromCivilDay(kToday + 1); },
       {"occurred_on"}},
      // Kind-specific lists.
      {"situations missing",
       pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { r.clear_situations(); },
       {"situations"}},
      {"situations unknown",
       pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { r.add_situations(static_cast<pb::MandatoryReportSituation>(99)); },
       {"situations[2]"}},
      {"situations unspecified",
       pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { r.set_situations(0, pb::MANDATORY_REPORT_SITUATION_UNSPECIFIED); },
       {"situations[0]"}},
      {"situations duplicate",
       pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { r.add_situations(pb::SITUATION_ABANDONMENT_NEGLECT); },
       {"situations[2]"}},
      {"situations on judicial aid",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { r.add_situations(pb::SITUATION_ORGANISED_BEGGING); },
       {"situations"}},
      {"aid_grounds missing",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { r.clear_aid_grounds(); },
       {"aid_grounds"}},
      {"aid_grounds unknown",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { r.set_aid_grounds(0, static_cast<pb::AidGround>(11)); },
       {"aid_grounds[0]"}},
      {"aid_grounds unspecified",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { r.set_aid_grounds(0, pb::AID_GROUND_UNSPECIFIED); },
       {"aid_grounds[0]"}},
      {"aid_grounds on mandatory report",
       pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { r.add_aid_grounds(pb::AID_GROUND_OTHER); },
       {"aid_grounds"}},
      {"special_categories missing",
       pb::REFERRAL_KIND_SPECIAL_MINOR,
       [](auto& r) { r.clear_special_categories(); },
       {"special_categories"}},
      {"special_categories unknown",
       pb::REFERRAL_KIND_SPECIAL_MINOR,
       [](auto& r) { r.add_special_categories(static_cast<pb::SpecialMinorCategory>(-1)); },
       {"special_categories[1]"}},
      {"special_categories on guardianship",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.add_special_categories(pb::SPECIAL_MINOR_LIVING_ALONE); },
       {"special_categories"}},
      // People.
      {"no people", pb::REFERRAL_KIND_JUDICIAL_AID, [](auto& r) { r.clear_people(); }, {"people"}},
      {"eleven people",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) {
         for (int i = 0; i < 9; ++i) *r.add_people() = r.people(1);
       },
       {"people"}},
      {"no subject",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.mutable_people(0)->set_role(pb::PERSON_ROLE_OTHER); },
       {"people"}},
      {"two subjects",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) { r.mutable_people(1)->set_role(pb::PERSON_ROLE_SUBJECT); },
       {"people"}},
      {"role unspecified",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.mutable_people(1)->set_role(pb::PERSON_ROLE_UNSPECIFIED); },
       {"people[1].role"}},
      {"role out of range",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.mutable_people(1)->set_role(static_cast<pb::PersonRole>(77)); },
       {"people[1].role"}},
      {"relation over 32 characters",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.mutable_people(1)->set_relation(Repeat("母", 33)); },
       {"people[1].relation"}},
      {"person missing",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.mutable_people(1)->clear_person(); },
       {"people[1].person"}},
      {"name empty",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 0).clear_name(); },
       {"people[0].person.name"}},
      {"name over 64 characters",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 0).set_name(Repeat("王", 65)); },
       {"people[0].person.name"}},
      {"name bad UTF-8",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 0).set_name("\xc0\xaf"); },
       {"people[0].person.name"}},
      {"name of zero-width characters",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 0).set_name("\u200b\u200c\u200d\u2060\ufeff"); },
       {"people[0].person.name"}},
      {"name of spaces",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 0).set_name(" \u3000 "); },
       {"people[0].person.name"}},
      {"name with a right-to-left override",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_name("李\u202e英秀"); },
       {"people[1].person.name"}},
      {"name with a left-to-right mark",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_name("\u200e李秀英"); },
       {"people[1].person.name"}},
      {"relation of ideographic spaces",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { r.mutable_people(1)->set_relation("\u3000\u3000"); },
       {"people[1].relation"}},
      {"address of zero-width spaces",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_address("\u200b\u200b"); },
       {"people[1].person.address"}},
      {"sex out of range",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_sex(static_cast<cpb::Sex>(3)); },
       {"people[1].person.sex"}},
      {"address over 200 characters",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_address(Repeat("街", 201)); },
       {"people[1].person.address"}},
      {"ethnicity over 16 characters",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_ethnicity(Repeat("族", 17)); },
       {"people[1].person.ethnicity"}},
      {"phone with letters",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_phone("0851-CALL-ME"); },
       {"people[1].person.phone"}},
      {"phone with spaces",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_phone("138 0000 0000"); },
       {"people[1].person.phone"}},
      {"phone of 4 characters",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_phone("1234"); },
       {"people[1].person.phone"}},
      {"phone with a trailing '+'",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_phone("12345+"); },
       {"people[1].person.phone"}},
      {"phone with '+' between digits",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_phone("1+2+3+4+5"); },
       {"people[1].person.phone"}},
      {"phone over 20 characters",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).set_phone("123456789012345678901"); },
       {"people[1].person.phone"}},
      {"birth date not a date",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { *Person(r, 1).mutable_birth_date() = D(1987, 2, 29); },
       {"people[1].person.birth_date"}},
      {"birth date in the future",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { *Person(r, 1).mutable_birth_date() = FromCivilDay(kToday + 1); },
       {"people[1].person.birth_date"}},
      {"neither ID number nor birth date",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 1).clear_birth_date(); },
       {"people[1].person.birth_date"}},
      {"ID number with a wrong check character",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) {
         std::string id = Person(r, 0).id_number();
         id.back() = id.back() == '0' ? '1' : '0';
         Person(r, 0).set_id_number(id);
       },
       {"people[0].person.id_number"}},
      {"ID number too short",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 0).set_id_number("52038220150601"); },
       {"people[0].person.id_number"}},
      {"ID number with a future birth date",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { Person(r, 0).set_id_number(IdNumber(kToday + 30)); },
       {"people[0].person.id_number"}},
      {"ID number region 000000",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) {
         Person(r, 0).set_id_number(IdNumber(absl::CivilDay(2015, 6, 1), 123, "000000"));
       },
       {"people[0].person.id_number"}},
      {"same ID number twice",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) {
         Person(r, 1).clear_birth_date();
         Person(r, 1).set_id_number(Person(r, 0).id_number());
       },
       {"people[1].person.id_number"}},
      {"same ID number twice, x and X",
       pb::REFERRAL_KIND_JUDICIAL_AID,
       [](auto& r) {
         const std::string id = IdNumberEndingInX(absl::CivilDay(2010, 10, 10));
         Person(r, 0).set_id_number(id);
         std::string lower = id;
         lower.back() = 'x';
         Person(r, 1).clear_birth_date();
         Person(r, 1).set_id_number(lower);
       },
       {"people[1].person.id_number"}},
      {"birth date does not match the ID number",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) { *Person(r, 0).mutable_birth_date() = D(2015, 6, 2); },
       {"people[0].person.birth_date"}},
      // Subjects of minor kinds must be under 18 on occurred_on.
      {"adult subject of a mandatory report (ID number)",
       pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { Person(r, 0).set_id_number(IdNumber(absl::CivilDay(2000, 1, 1))); },
       {"people[0].person.birth_date"}},
      {"subject of a mandatory report 18 that day",
       pb::REFERRAL_KIND_MANDATORY_REPORT,
       [](auto& r) { Person(r, 0).set_id_number(IdNumber(absl::CivilDay(2008, 3, 1))); },
       {"people[0].person.birth_date"}},
      {"adult subject of a guardianship concern (birth date)",
       pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
       [](auto& r) {
         Person(r, 0).clear_id_number();
         *Person(r, 0).mutable_birth_date() = D(1990, 5, 5);
       },
       {"people[0].person.birth_date"}},
      {"adult subject of a special minor",
       pb::REFERRAL_KIND_SPECIAL_MINOR,
       [](auto& r) { Person(r, 0).set_id_number(IdNumber(absl::CivilDay(1999, 12, 31))); },
       {"people[0].person.birth_date"}},
  };
  for (const auto& c : kCases) {
    pb::SubmitReferralRequest req = Valid(c.kind);
    c.change(req);
    const absl::Status st = ValidateSubmit(req, kToday);
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << c.name << ": " << st;
    EXPECT_THAT(Fields(st), ElementsAreArray(c.fields)) << c.name << ": " << st;
  }
}

TEST(ValidateSubmitTest, ReportsSeveralErrorsTogether) {
  pb::SubmitReferralRequest req = Valid(pb::REFERRAL_KIND_MANDATORY_REPORT);
  req.clear_facts();
  req.clear_situations();
  req.add_aid_grounds(pb::AID_GROUND_OTHER);
  Person(req, 0).set_id_number(IdNumber(absl::CivilDay(1980, 1, 1)));
  Person(req, 1).set_phone("call me");
  Person(req, 1).clear_birth_date();
  const absl::Status st = ValidateSubmit(req, kToday);
  ASSERT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(st), UnorderedElementsAre(
                              "facts", "situations", "aid_grounds", "people[0].person.birth_date",
                              "people[1].person.phone", "people[1].person.birth_date"));
  // The message lists them too, and never echoes the ID number.
  EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr("people[1].person.phone"));
  EXPECT_THAT(std::string(st.message()),
              ::testing::Not(::testing::HasSubstr(Person(req, 0).id_number())));
}

// SubmitReferral validates with ValidateSubmit before it touches the database: an
// invisible name, a name with a bidirectional override and blank facts are refused, each
// naming its field and why.
TEST(ValidateSubmitTest, RefusesInvisibleNamesBidiControlsAndBlankFacts) {
  pb::SubmitReferralRequest req = Valid(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN);
  Person(req, 0).set_name("\u200b\ufeff");
  Person(req, 1).set_name("\u202e英秀李");
  req.set_facts("\u3000 \u200b\n");
  const absl::Status st = ValidateSubmit(req, kToday);
  ASSERT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  using Violation = std::pair<std::string, std::string>;
  EXPECT_THAT(
      FieldViolationsOf(st),
      UnorderedElementsAre(
          Violation("facts", "is empty or only spaces / invisible characters"),
          Violation("people[0].person.name", "is empty or only spaces / invisible characters"),
          Violation("people[1].person.name", "contains bidirectional control characters")));
}

TEST(ValidateSubmitTest, ValidRequestHasNoViolations) {
  const absl::Status st = ValidateSubmit(Valid(pb::REFERRAL_KIND_JUDICIAL_AID), kToday);
  EXPECT_TRUE(st.ok());
  EXPECT_THAT(Fields(st), IsEmpty());
}

TEST(ValidateSubmitTest, AgeOnCountsWholeYears) {
  const absl::CivilDay birth(2008, 2, 29);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2026, 2, 28)), 17);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2026, 3, 1)), 18);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2008, 2, 29)), 0);
  EXPECT_EQ(AgeOn(absl::CivilDay(2000, 6, 15), absl::CivilDay(2018, 6, 14)), 17);
  EXPECT_EQ(AgeOn(absl::CivilDay(2000, 6, 15), absl::CivilDay(2018, 6, 15)), 18);
}

TEST(ValidateSubmitTest, CivilDayConversionRoundTrips) {
  const absl::CivilDay day(2026, 10, 1);
  const cpb::Date d = FromCivilDay(day);
  EXPECT_EQ(d.year(), 2026);
  EXPECT_EQ(d.month(), 10);
  EXPECT_EQ(d.day(), 1);
  EXPECT_EQ(ToCivilDay(d), day);
}

}  // namespace
}  // namespace shouhu::referral
