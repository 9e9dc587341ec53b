// What an agency submitted compared with the person record, without I/O.
#include "referral/person_details.h"

#include <string>
#include <vector>

#include "common/base/text.h"
#include "gtest/gtest.h"
#include "referral/domain.h"
#include "support/builders.h"

namespace shouhu::referral {
namespace {

namespace t = ::shouhu::testing;

PersonRow Record() {
  PersonRow r;
  r.id = "per-1";
  r.name = "王小明";
  r.sex = cpb::SEX_FEMALE;
  r.birth_date = "2015-06-01";
  r.id_number = "520382201506011248";
  r.phone = "0851-22223333";
  r.address = "贵州省遵义市仁怀市中枢街道一号";
  r.version = 4;
  return r;
}

std::vector<std::string> FieldsOf(const std::vector<pb::PersonFieldDifference>& diffs) {
  std::vector<std::string> out;
  for (const auto& d : diffs) out.push_back(d.field());
  return out;
}

TEST(PersonDetailsTest, EveryDifferingFieldIsListedMasked) {
  cpb::PersonInput sent;
  sent.set_name("王晓明");
  sent.set_sex(cpb::SEX_MALE);
  *sent.mutable_birth_date() = t::Date(2015, 6, 1);
  sent.set_phone("13812345678");
  sent.set_address("贵州省遵义市仁怀市中枢街道一号");
  sent.set_ethnicity("仡佬族");
  const auto diffs = Differences(sent, Record(), Disclosure::kMasked);
  EXPECT_EQ(FieldsOf(diffs), (std::vector<std::string>{"name", "sex", "phone", "ethnicity"}));
  EXPECT_EQ(diffs[0].submitted(), "王**");
  EXPECT_EQ(diffs[0].recorded(), "王**");
  EXPECT_EQ(diffs[1].submitted(), "SEX_MALE");
  EXPECT_EQ(diffs[1].recorded(), "SEX_FEMALE");
  EXPECT_EQ(diffs[2].submitted(), "138****5678");
  EXPECT_EQ(diffs[3].recorded(), "");
  const auto plain = Differences(sent, Record(), Disclosure::kUnmasked);
  EXPECT_EQ(plain[0].submitted(), "王晓明");
  EXPECT_EQ(plain[2].recorded(), "0851-22223333");
}

TEST(PersonDetailsTest, WhatTheAgencyLeftEmptyIsNoDifference) {
  cpb::PersonInput sent;
  sent.set_name("王小明");
  EXPECT_TRUE(Differences(sent, Record(), Disclosure::kMasked).empty());
}

TEST(PersonDetailsTest, SubmittedViewCarriesNoIdentifiers) {
  cpb::PersonInput sent = t::PersonWithIdNumber("王晓明", "520382201506011248");
  sent.set_phone("13812345678");
  const cpb::Person view = SubmittedView(sent, Disclosure::kMasked);
  EXPECT_TRUE(view.person_id().empty());
  EXPECT_TRUE(view.id_number().empty());
  EXPECT_EQ(view.phone(), "138****5678");
  EXPECT_FALSE(view.unmasked());
  EXPECT_TRUE(SubmittedView(sent, Disclosure::kUnmasked).unmasked());
}

TEST(PersonDetailsTest, AppliedFieldsAndTheHistoryValues) {
  PersonRow row = Record();
  cpb::PersonInput values;
  values.set_phone("13812345678");
  *values.mutable_birth_date() = t::Date(2015, 6, 2);
  ApplyField(values, "phone", row);
  ApplyField(values, "birth_date", row);
  EXPECT_EQ(row.phone, "13812345678");
  EXPECT_EQ(row.birth_date, "2015-06-02");
  EXPECT_EQ(row.name, "王小明");
  const cpb::PersonInput before = FieldsOf(Record(), {"phone", "birth_date"});
  const cpb::PersonInput after = FieldsOf(row, {"phone", "birth_date"});
  EXPECT_TRUE(before.name().empty());
  const auto changes = ChangesView({"phone", "birth_date"}, before, after, Disclosure::kMasked);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].previous(), "085******3333");
  EXPECT_EQ(changes[0].updated(), "138****5678");
  EXPECT_EQ(changes[1].previous(), "2015-06-01");
  EXPECT_EQ(changes[1].updated(), "2015-06-02");
}

TEST(PersonDetailsTest, UpdateRequestsAreCheckedWithTheSubmissionRules) {
  pb::UpdatePersonRequest req;
  req.set_person_id("per-1");
  req.add_fields("phone");
  req.mutable_values()->set_phone("12345+");
  req.mutable_values()->set_name("\u200b");  // not named: not checked
  req.set_reason("核实");
  EXPECT_EQ(FieldViolationsOf(ValidateUpdatePerson(req, absl::CivilDay(2025, 3, 10))).size(), 1u);
  req.mutable_values()->set_phone("+86-851-1234567");
  EXPECT_TRUE(ValidateUpdatePerson(req, absl::CivilDay(2025, 3, 10)).ok());
  req.add_fields("name");
  EXPECT_EQ(FieldViolationsOf(ValidateUpdatePerson(req, absl::CivilDay(2025, 3, 10)))[0].first,
            "values.name");
}

}  // namespace
}  // namespace shouhu::referral
