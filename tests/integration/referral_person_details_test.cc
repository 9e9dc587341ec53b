// Nothing an agency submits is lost (issue 6): what each agency sent for a person is kept
// with its referral, the caseworker sees where it differs from the person record (the
// agency does not), and the record is corrected through UpdatePerson: versioned,
// idempotent, audited (field names only) and kept in the person's history.
#include <algorithm>
#include <string>
#include <vector>

#include "common/base/mask.h"
#include "integration/referral_fixture.h"
#include "support/field_violations.h"

namespace shouhu::testing {
namespace {

class PersonDetailsTest : public ReferralCoreFixture {
 protected:
  // Two agencies refer the same girl (same ID number) with a different name, phone and
  // address: the second referral matches the record the first one created.
  void SubmitTwice() {
    cpb::PersonInput first = PersonWithIdNumber("王小明", minor_id_);
    first.set_phone("0851-22223333");
    first.set_address("贵州省遵义市仁怀市中枢街道一号");
    first_ = MustSubmit(edu_, Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, first));
    cpb::PersonInput second = PersonWithIdNumber("王晓明", minor_id_);
    second.set_phone("13812345678");
    second.set_address("贵州省遵义市仁怀市盐津街道二号");
    second.set_ethnicity("仡佬族");
    second_ = MustSubmit(police_, Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, second));
    person_ = SubjectId(MustGet(zhang_, first_.referral_id()));
    ASSERT_FALSE(person_.empty());
    ASSERT_EQ(SubjectId(MustGet(zhang_, second_.referral_id())), person_);
  }

  pb::ReferralPerson SubjectOf(const pb::Referral& r) {
    for (const auto& p : r.people()) {
      if (p.role() == pb::PERSON_ROLE_SUBJECT) return p;
    }
    ADD_FAILURE() << "no subject in " << r.referral_id();
    return {};
  }

  static std::vector<std::string> Fields(const pb::ReferralPerson& p) {
    std::vector<std::string> out;
    for (const auto& d : p.differences()) out.push_back(d.field());
    return out;
  }

  cpb::Person MustGetPerson(const Principal& who, bool unmask = false) {
    pb::GetPersonRequest req;
    req.set_person_id(person_);
    req.set_unmask(unmask);
    if (unmask) req.set_purpose("核对监护人联系方式");
    auto p = core_->GetPerson(who, req);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *p : cpb::Person();
  }

  // Take name and phone from the second referral's submission.
  pb::UpdatePersonRequest FromSecond(int64_t version, const std::string& request_id = "") {
    pb::UpdatePersonRequest req;
    req.set_request_id(request_id.empty() ? Rid() : request_id);
    req.set_person_id(person_);
    req.set_version(version);
    req.add_fields("name");
    req.add_fields("phone");
    req.set_from_referral_id(second_.referral_id());
    req.set_reason("经公安机关户籍核实，以公安移送信息为准");
    return req;
  }

  int64_t Count(const std::string& table, const std::string& where = "") {
    return CountRows(*pool_, table, where);
  }

  pb::Referral first_, second_;
  std::string person_;
};

TEST_F(PersonDetailsTest, BothSubmissionsAreKeptAndTheDifferencesShownToTheCaseworker) {
  SubmitTwice();
  const pb::ReferralPerson second = SubjectOf(MustGet(zhang_, second_.referral_id()));
  EXPECT_TRUE(second.matched_existing());
  // What the police sent, masked like every read.
  EXPECT_EQ(second.submitted().name(), MaskName("王晓明"));
  EXPECT_EQ(second.submitted().phone(), "138****5678");
  EXPECT_EQ(second.submitted().address(), MaskAddress("贵州省遵义市仁怀市盐津街道二号"));
  EXPECT_EQ(second.submitted().ethnicity(), "仡佬族");
  EXPECT_TRUE(second.submitted().person_id().empty());
  EXPECT_TRUE(second.submitted().id_number().empty());
  EXPECT_EQ(Fields(second), (std::vector<std::string>{"name", "phone", "address", "ethnicity"}));
  for (const auto& d : second.differences()) {
    if (d.field() == "phone") {
      EXPECT_EQ(d.submitted(), "138****5678");
      EXPECT_EQ(d.recorded(), MaskPhone("0851-22223333"));
    }
    if (d.field() == "ethnicity") {
      EXPECT_EQ(d.recorded(), "");
    }
  }
  // The first agency's submission is the record: kept, and no difference.
  const pb::ReferralPerson first = SubjectOf(MustGet(zhang_, first_.referral_id()));
  EXPECT_EQ(first.submitted().phone(), MaskPhone("0851-22223333"));
  EXPECT_TRUE(first.differences().empty());

  // Agencies see neither what is kept nor the record's values.
  for (const auto& [agency, id] :
       {std::pair{police_, second_.referral_id()}, std::pair{edu_, first_.referral_id()}}) {
    const pb::ReferralPerson own = SubjectOf(MustGet(agency, id));
    EXPECT_FALSE(own.has_submitted());
    EXPECT_TRUE(own.differences().empty());
  }
  pb::GetReferralRequest agency_unmask;
  agency_unmask.set_referral_id(second_.referral_id());
  agency_unmask.set_unmask(true);
  agency_unmask.set_purpose("核对");
  EXPECT_TRUE(absl::IsPermissionDenied(core_->Get(police_, agency_unmask).status()));

  // Unmasked for the caseworker, with a purpose, and audited.
  const int64_t audits = Count("audit_log", "action = 'referral.read_unmasked'");
  pb::GetReferralRequest unmask;
  unmask.set_referral_id(second_.referral_id());
  unmask.set_unmask(true);
  auto no_purpose = core_->Get(zhang_, unmask);
  EXPECT_EQ(ViolatedFields(no_purpose.status()), std::vector<std::string>{"purpose"});
  unmask.set_purpose("核对当事人身份信息");
  auto plain = core_->Get(zhang_, unmask);
  ASSERT_TRUE(plain.ok()) << plain.status();
  const pb::ReferralPerson shown = SubjectOf(*plain);
  EXPECT_EQ(shown.submitted().name(), "王晓明");
  EXPECT_EQ(shown.person().name(), "王小明");
  EXPECT_EQ(shown.differences(0).submitted(), "王晓明");
  EXPECT_EQ(shown.differences(0).recorded(), "王小明");
  EXPECT_EQ(Count("audit_log", "action = 'referral.read_unmasked'"), audits + 1);

  // Encrypted at rest: no submitted name, phone or address in clear.
  for (const std::string& stored :
       QueryStrings(*pool_,
                    "SELECT CONCAT(submitted_name_enc, submitted_phone_enc,"
                    " submitted_address_enc) FROM referral_people")) {
    EXPECT_EQ(stored.find("王晓明"), std::string::npos);
    EXPECT_EQ(stored.find("13812345678"), std::string::npos);
    EXPECT_EQ(stored.find("盐津街道"), std::string::npos);
  }
}

TEST_F(PersonDetailsTest, UpdateFromAReferralIsAuditedAndKeptInTheHistory) {
  SubmitTwice();
  const cpb::Person before = MustGetPerson(zhang_);
  ASSERT_EQ(before.version(), 1);
  auto updated = core_->UpdatePerson(zhang_, FromSecond(before.version()));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->version(), 2);
  EXPECT_EQ(updated->phone(), "138****5678");
  EXPECT_FALSE(updated->unmasked());

  const cpb::Person now = MustGetPerson(zhang_, /*unmask=*/true);
  EXPECT_EQ(now.name(), "王晓明");
  EXPECT_EQ(now.phone(), "13812345678");
  EXPECT_EQ(now.address(), "贵州省遵义市仁怀市中枢街道一号");  // not named: unchanged
  EXPECT_EQ(now.version(), 2);
  // What is left to reconcile.
  EXPECT_EQ(Fields(SubjectOf(MustGet(zhang_, second_.referral_id()))),
            (std::vector<std::string>{"address", "ethnicity"}));
  EXPECT_EQ(Fields(SubjectOf(MustGet(zhang_, first_.referral_id()))),
            (std::vector<std::string>{"name", "phone"}));

  // One audit record naming the fields, without their values or the reason.
  const std::vector<std::string> details =
      QueryStrings(*pool_, "SELECT detail FROM audit_log WHERE action = 'person.update'");
  ASSERT_EQ(details.size(), 1u);
  EXPECT_NE(details[0].find("\"name\""), std::string::npos) << details[0];
  EXPECT_NE(details[0].find("\"phone\""), std::string::npos) << details[0];
  for (const char* secret : {"王", "138", "0851", "户籍"}) {
    EXPECT_EQ(details[0].find(secret), std::string::npos) << details[0];
  }

  // The history keeps the replaced values.
  pb::ListPersonHistoryRequest list;
  list.set_person_id(person_);
  auto masked = core_->ListPersonHistory(wang_, list);
  ASSERT_TRUE(masked.ok()) << masked.status();
  ASSERT_EQ(masked->changes_size(), 1);
  EXPECT_EQ(masked->changes(0).changes(1).previous(), MaskPhone("0851-22223333"));
  list.set_unmask(true);
  list.set_purpose("核对更正记录");
  auto history = core_->ListPersonHistory(zhang_, list);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->changes_size(), 1);
  const pb::PersonChange& c = history->changes(0);
  EXPECT_EQ(c.version(), 2);
  ASSERT_EQ(c.changes_size(), 2);
  EXPECT_EQ(c.changes(0).field(), "name");
  EXPECT_EQ(c.changes(0).previous(), "王小明");
  EXPECT_EQ(c.changes(0).updated(), "王晓明");
  EXPECT_EQ(c.changes(1).previous(), "0851-22223333");
  EXPECT_EQ(c.source_referral_id(), second_.referral_id());
  EXPECT_EQ(c.actor().principal(), "user:u-zhang");
  EXPECT_EQ(c.reason(), "经公安机关户籍核实，以公安移送信息为准");
  EXPECT_EQ(Count("audit_log", "action = 'person.history_read_unmasked'"), 1);
  // Old values are encrypted in the history table.
  for (const std::string& stored :
       QueryStrings(*pool_, "SELECT CONCAT(old_values_enc, reason_enc) FROM person_history")) {
    EXPECT_EQ(stored.find("0851-22223333"), std::string::npos);
    EXPECT_EQ(stored.find("户籍"), std::string::npos);
  }

  // Explicit values, checked with the rules of SubmitReferral.
  pb::UpdatePersonRequest explicit_values;
  explicit_values.set_request_id(Rid());
  explicit_values.set_person_id(person_);
  explicit_values.set_version(2);
  explicit_values.add_fields("address");
  explicit_values.mutable_values()->set_address("贵州省遵义市仁怀市茅台镇三号");
  explicit_values.set_reason("家访核实现住址");
  auto third = core_->UpdatePerson(head_, explicit_values);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->version(), 3);
  EXPECT_EQ(Count("person_history", "person_id = '" + person_ + "'"), 2);
}

TEST_F(PersonDetailsTest, AReplayAnswersTheSameAndWritesNothingMore) {
  SubmitTwice();
  const pb::UpdatePersonRequest req = FromSecond(1, "req-update-person-1");
  auto first = core_->UpdatePerson(zhang_, req);
  ASSERT_TRUE(first.ok()) << first.status();
  const TableCounts after_first = Snapshot();
  auto replay = core_->UpdatePerson(zhang_, req);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(Snapshot(), after_first);
  EXPECT_EQ(Count("person_history"), 1);
  EXPECT_EQ(MustGetPerson(zhang_).version(), 2);
}

TEST_F(PersonDetailsTest, AStaleVersionIsAbortedAndNothingWritten) {
  SubmitTwice();
  ASSERT_TRUE(core_->UpdatePerson(zhang_, FromSecond(1)).ok());
  const TableCounts before = Snapshot();
  pb::UpdatePersonRequest stale = FromSecond(1);
  stale.clear_fields();
  stale.add_fields("address");
  auto refused = core_->UpdatePerson(wang_, stale);
  EXPECT_TRUE(absl::IsAborted(refused.status())) << refused.status();
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(MustGetPerson(zhang_, true).address(), "贵州省遵义市仁怀市中枢街道一号");
}

TEST_F(PersonDetailsTest, InvalidValuesAreRefusedFieldByFieldAndNothingWritten) {
  SubmitTwice();
  const TableCounts before = Snapshot();
  pb::UpdatePersonRequest req;
  req.set_request_id(Rid());
  req.set_person_id(person_);
  req.set_version(1);
  for (const char* f : {"name", "phone", "birth_date", "id_number", "phone"}) req.add_fields(f);
  req.mutable_values()->set_name("\u202e明小王");  // a bidi override
  req.mutable_values()->set_phone("12345+");
  *req.mutable_values()->mutable_birth_date() = Date(2015, 2, 30);
  req.set_reason("x");
  auto refused = core_->UpdatePerson(zhang_, req);
  EXPECT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  std::vector<std::string> fields = ViolatedFields(refused.status());
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"fields[3]", "fields[4]", "reason",
                                              "values.birth_date", "values.name", "values.phone"}));
  // A valid date that the ID number contradicts.
  pb::UpdatePersonRequest birth;
  birth.set_request_id(Rid());
  birth.set_person_id(person_);
  birth.set_version(1);
  birth.add_fields("birth_date");
  *birth.mutable_values()->mutable_birth_date() = Date(2015, 6, 2);
  birth.set_reason("出生日期有误");
  EXPECT_EQ(ViolatedFields(core_->UpdatePerson(zhang_, birth).status()),
            std::vector<std::string>{"values.birth_date"});
  // A field the agency left empty cannot be taken from its submission.
  pb::UpdatePersonRequest empty = FromSecond(1);
  empty.set_from_referral_id(first_.referral_id());
  empty.clear_fields();
  empty.add_fields("ethnicity");
  EXPECT_EQ(ViolatedFields(core_->UpdatePerson(zhang_, empty).status()),
            std::vector<std::string>{"fields[0]"});
  // Values and a referral together.
  pb::UpdatePersonRequest both = FromSecond(1);
  both.mutable_values()->set_name("王晓明");
  EXPECT_EQ(ViolatedFields(core_->UpdatePerson(zhang_, both).status()),
            std::vector<std::string>{"values"});
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(MustGetPerson(zhang_).version(), 1);
}

TEST_F(PersonDetailsTest, OnlyCaseworkersOfAProcuratorateNamingThePersonMayUpdate) {
  SubmitTwice();
  const TableCounts before = Snapshot();
  // Another procuratorate's caseworker and head: the same answer as for an unknown person.
  for (const Principal& who : {xs_worker_, xs_head_}) {
    auto refused = core_->UpdatePerson(who, [&] {
      pb::UpdatePersonRequest req = FromSecond(1);
      req.clear_from_referral_id();
      req.mutable_values()->set_name("王晓明");
      req.mutable_values()->set_phone("13812345678");
      return req;
    }());
    EXPECT_TRUE(absl::IsNotFound(refused.status())) << refused.status();
  }
  pb::UpdatePersonRequest unknown = FromSecond(1);
  unknown.clear_from_referral_id();
  unknown.mutable_values()->set_name("王晓明");
  unknown.mutable_values()->set_phone("13812345678");
  unknown.set_person_id("per-does-not-exist");
  auto absent = core_->UpdatePerson(xs_worker_, unknown);
  EXPECT_TRUE(absl::IsNotFound(absent.status())) << absent.status();
  // Their procuratorate's referral id is refused from the id alone.
  EXPECT_TRUE(absl::IsPermissionDenied(core_->UpdatePerson(xs_worker_, FromSecond(1)).status()));
  // Roles without access to person records.
  for (const Principal& who : {edu_, police_, analyst_, admin_user_, deputy_}) {
    EXPECT_TRUE(absl::IsPermissionDenied(core_->UpdatePerson(who, FromSecond(1)).status()));
  }
  EXPECT_EQ(Snapshot(), before);
  // The history is read in GetPerson's scope.
  pb::ListPersonHistoryRequest list;
  list.set_person_id(person_);
  EXPECT_TRUE(absl::IsNotFound(core_->ListPersonHistory(xs_worker_, list).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(core_->ListPersonHistory(edu_, list).status()));
  // Once the person is named in a referral to Xishui, its staff may correct the record.
  MustSubmit(edu_xishui_, Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
                                     PersonWithIdNumber("王小明", minor_id_)));
  pb::UpdatePersonRequest allowed = unknown;
  allowed.set_person_id(person_);
  auto done = core_->UpdatePerson(xs_worker_, allowed);
  EXPECT_TRUE(done.ok()) << done.status();
}

}  // namespace
}  // namespace shouhu::testing
