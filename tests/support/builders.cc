#include "support/builders.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/base/id_number.h"

namespace shouhu::testing {

cpb::Date Date(int year, int month, int day) {
  cpb::Date out;
  out.set_year(year);
  out.set_month(month);
  out.set_day(day);
  return out;
}

cpb::Date DateOf(absl::CivilDay day) {
  return Date(static_cast<int>(day.year()), day.month(), day.day());
}

absl::CivilDay TodayInChina() {
  return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
}

std::string IdNumber(absl::CivilDay birth, int seq, absl::string_view region) {
  const std::string first17 = absl::StrFormat("%s%04d%02d%02d%03d", region, birth.year(),
                                              birth.month(), birth.day(), seq % 1000);
  absl::StatusOr<char> check = IdNumberCheckCharacter(first17);
  // Only a region that is not six digits fails here; '?' makes every validation refuse it.
  return absl::StrCat(first17, std::string(1, check.ok() ? *check : '?'));
}

std::string IdNumberOfAge(int age_years, absl::CivilDay today, int serial, bool female,
                          absl::string_view region) {
  const absl::CivilDay birth = absl::CivilDay(today.year() - age_years, 1, 1) + (serial * 7) % 300;
  const int seq = (100 + (serial / 300) * 2 + (female ? 0 : 1)) % 1000;
  return IdNumber(birth, seq, region);
}

cpb::PersonInput PersonWithIdNumber(const std::string& name, const std::string& id_number) {
  cpb::PersonInput p;
  p.set_name(name);
  p.set_id_number(id_number);
  return p;
}

cpb::PersonInput PersonWithBirthDate(const std::string& name, const cpb::Date& birth,
                                     cpb::Sex sex) {
  cpb::PersonInput p;
  p.set_name(name);
  *p.mutable_birth_date() = birth;
  p.set_sex(sex);
  return p;
}

rpb::SubmitReferralRequest ValidSubmission(const SubmissionSpec& spec) {
  rpb::SubmitReferralRequest req;
  req.set_request_id(spec.request_id);
  req.set_kind(spec.kind);
  req.set_facts(spec.facts.empty() ? "学生长期无人照料，班主任家访发现其独自居住。" : spec.facts);
  *req.mutable_occurred_on() = DateOf(spec.occurred_on);
  switch (spec.kind) {
    case rpb::REFERRAL_KIND_JUDICIAL_AID:
      req.add_aid_grounds(rpb::AID_GROUND_MINOR_CARER_KILLED);
      break;
    case rpb::REFERRAL_KIND_MANDATORY_REPORT:
      req.add_situations(rpb::SITUATION_ABANDONMENT_NEGLECT);
      req.add_situations(rpb::SITUATION_MULTIPLE_INJURIES_ABUSE);
      break;
    case rpb::REFERRAL_KIND_SPECIAL_MINOR:
      req.add_special_categories(rpb::SPECIAL_MINOR_LEFT_BEHIND);
      break;
    default:
      break;
  }
  rpb::ReferralPersonInput* subject = req.add_people();
  subject->set_role(rpb::PERSON_ROLE_SUBJECT);
  if (spec.subject.has_value()) {
    *subject->mutable_person() = *spec.subject;
  } else {
    *subject->mutable_person() =
        PersonWithIdNumber("王小明", IdNumber(absl::CivilDay(2015, 6, 1), 123));
    subject->mutable_person()->set_sex(cpb::SEX_MALE);
  }
  if (spec.with_guardian) {
    rpb::ReferralPersonInput* guardian = req.add_people();
    guardian->set_role(rpb::PERSON_ROLE_GUARDIAN);
    guardian->set_relation("母亲");
    cpb::PersonInput* g = guardian->mutable_person();
    *g = PersonWithBirthDate("李秀英", Date(1988, 2, 29), cpb::SEX_FEMALE);
    g->set_phone("+86-0851-22223333");
    g->set_address("贵州省仁怀市中枢街道");
    g->set_ethnicity("汉族");
  }
  return req;
}

}  // namespace shouhu::testing
