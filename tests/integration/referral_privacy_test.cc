// Privacy at rest: what a database dump shows after the normal flows, and the backfill
// that encrypts rows written in clear before migration 0005 (services/referral/backfill.h).
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/base/file.h"
#include "common/crypto/name_key.h"
#include "common/db/mutation.h"
#include "integration/referral_fixture.h"
#include "referral/backfill.h"
#include "support/temp_dir.h"

namespace shouhu::testing {
namespace {

const char kChildName[] = "张思琪";
const char kGuardianName[] = "李秀英";
const char kPhone[] = "13987654321";
const char kAddress[] = "贵州省仁怀市茅台镇酒都路66号";
const char kFacts[] =
    "八年级学生张思琪（13岁）在仁怀市第三中学就读，父母外出务工，长期由祖母照看。";
const char kQuestion[] = "请补充张思琪祖母的联系方式。";
const char kSupplement[] = "祖母王桂兰，住茅台镇，电话已补充。";
const char kDeclineNote[] = "经核实刘小红已由民政部门安置，不予受理。";
const char kCloseNote[] = "张思琪已返校，监护人接受家庭教育指导。";
const char kTransferReason[] = "张思琪随祖母迁居习水县。";

// The forms a value may take in a dump: its UTF-8 bytes and their hex (--hex-blob).
std::vector<std::string> Forms(const std::string& value) {
  const std::string hex = HexEncode(value);
  return {value, hex, absl::AsciiStrToUpper(hex)};
}

class ReferralPrivacyTest : public ReferralCoreFixture {
 protected:
  // mariadb-dump of this test's database into a file; its contents.
  std::string Dump(bool hex_blob) {
    TempDir dir("dump");
    const std::string out = dir.File("dump.sql");
    const db::DbOptions o = HarnessOptions(db_name_);
    const std::string cmd = absl::StrCat(
        "mariadb-dump --host=", o.host, " --port=", o.port, " --user=", o.user,
        " --password=", o.password, hex_blob ? " --hex-blob" : "", " --skip-extended-insert",
        " --result-file=", out, " ", db_name_, " 2>", dir.File("dump.err"));
    const int rc = std::system(cmd.c_str());
    EXPECT_EQ(rc, 0) << ReadFile(dir.File("dump.err")).value_or("");
    absl::StatusOr<std::string> dump = ReadFile(out);
    EXPECT_TRUE(dump.ok()) << dump.status();
    return dump.ok() ? *dump : "";
  }
};

TEST_F(ReferralPrivacyTest, DumpAfterTheNormalFlowsShowsNoPersonalData) {
  // Submit with people (the child by ID number, the guardian by birth date with phone and
  // address), request information, supplement, accept, close the case, offer a transfer
  // of another; decline another referral with a note.
  const std::string child_id = IdNumber(absl::CivilDay(2012, 5, 1), 2, kRenhuai);
  pb::SubmitReferralRequest req =
      Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, Person(kChildName, {}, child_id));
  req.set_facts(kFacts);
  cpb::PersonInput* guardian = req.mutable_people(1)->mutable_person();
  guardian->set_name(kGuardianName);
  guardian->set_phone(kPhone);
  guardian->set_address(kAddress);
  const pb::Referral r = MustSubmit(edu_, req);
  ASSERT_FALSE(r.referral_id().empty());

  pb::RequestInformationRequest info;
  info.set_request_id(Rid());
  info.set_referral_id(r.referral_id());
  info.set_version(1);
  info.set_question(kQuestion);
  auto asked = core_->RequestInformation(head_, info);
  ASSERT_TRUE(asked.ok()) << asked.status();
  pb::SupplementReferralRequest supplement;
  supplement.set_request_id(Rid());
  supplement.set_referral_id(r.referral_id());
  supplement.set_version(asked->version());
  supplement.set_supplement(kSupplement);
  auto supplemented = core_->Supplement(edu_, supplement);
  ASSERT_TRUE(supplemented.ok()) << supplemented.status();
  auto accepted = Accept(head_, r.referral_id(), supplemented->version());
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  auto c = GetCase(head_, accepted->case_id());
  ASSERT_TRUE(c.ok()) << c.status();
  pb::CloseCaseRequest close;
  close.set_request_id(Rid());
  close.set_case_id(c->case_id());
  close.set_version(c->version());
  close.set_reason(pb::CLOSE_REASON_RESOLVED);
  close.set_note(kCloseNote);
  auto closed = core_->CloseCase(head_, close);
  ASSERT_TRUE(closed.ok()) << closed.status();

  const pb::Referral other = SubmitAndAccept(police_, Person("赵一鸣", Date(2013, 2, 2)));
  auto other_case = GetCase(head_, other.case_id());
  ASSERT_TRUE(other_case.ok()) << other_case.status();
  pb::TransferCaseRequest transfer;
  transfer.set_request_id(Rid());
  transfer.set_case_id(other_case->case_id());
  transfer.set_version(other_case->version());
  transfer.set_to_procuratorate_code(kXishui);
  transfer.set_reason(kTransferReason);
  auto transferred = core_->TransferCase(head_, transfer);
  ASSERT_TRUE(transferred.ok()) << transferred.status();

  pb::SubmitReferralRequest declined_req =
      Submission(pb::REFERRAL_KIND_SPECIAL_MINOR, Person("刘小红", Date(2014, 5, 5)));
  const pb::Referral declined = MustSubmit(edu_, declined_req);
  pb::DeclineReferralRequest decline;
  decline.set_request_id(Rid());
  decline.set_referral_id(declined.referral_id());
  decline.set_version(declined.version());
  decline.set_reason(pb::DECLINE_REASON_NOT_ELIGIBLE);
  decline.set_message_to_agency(kDeclineNote);
  auto declined_now = core_->Decline(head_, decline);
  ASSERT_TRUE(declined_now.ok()) << declined_now.status();

  // Everything reads back through the service.
  const pb::Referral seen = MustGet(head_, r.referral_id());
  EXPECT_TRUE(absl::StrContains(seen.facts(), kFacts));
  EXPECT_TRUE(absl::StrContains(seen.facts(), kSupplement));
  EXPECT_EQ(MustGet(head_, declined.referral_id()).message_to_agency(), kDeclineNote);
  EXPECT_EQ(GetCase(head_, c->case_id())->close_note(), kCloseNote);
  EXPECT_EQ(GetCase(head_, other_case->case_id())->transfer_reason(), kTransferReason);
  bool question_seen = false;
  pb::GetTimelineRequest timeline;
  timeline.set_referral_id(r.referral_id());
  auto entries = core_->Timeline(edu_, timeline);
  ASSERT_TRUE(entries.ok()) << entries.status();
  for (const auto& e : entries->entries()) question_seen |= e.message() == kQuestion;
  EXPECT_TRUE(question_seen);

  const std::vector<std::string> secrets = {
      kChildName, child_id,     kGuardianName,    kPhone,        kAddress,        kFacts,
      kQuestion,  kSupplement,  kDeclineNote,     kCloseNote,    kTransferReason, "赵一鸣",
      "刘小红",   "八年级学生", "仁怀市第三中学", "茅台镇酒都路"};
  for (bool hex_blob : {false, true}) {
    const std::string dump = Dump(hex_blob);
    ASSERT_TRUE(absl::StrContains(dump, "CREATE TABLE `persons`"));
    ASSERT_TRUE(absl::StrContains(dump, r.referral_id()));  // the rows are there
    // Text that is not personal data is there in UTF-8: the search below can find text.
    ASSERT_TRUE(absl::StrContains(dump, "仁怀市教育局"));
    for (const std::string& secret : secrets) {
      for (const std::string& form : Forms(secret)) {
        EXPECT_FALSE(absl::StrContains(dump, form))
            << "the dump (hex_blob=" << hex_blob << ") contains " << secret;
      }
    }
  }
}

TEST_F(ReferralPrivacyTest, FactsMovedToAnotherReferralDoNotDecrypt) {
  const pb::Referral a = MustSubmit(edu_, Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN));
  const pb::Referral b = MustSubmit(
      police_, Submission(pb::REFERRAL_KIND_SPECIAL_MINOR, Person("赵一鸣", Date(2013, 2, 2))));
  // Someone with write access copies a's ciphertext over b's (same key, other row).
  Exec(absl::StrCat("UPDATE referrals dst JOIN referrals src ON src.id = '", a.referral_id(),
                    "' SET dst.facts_enc = src.facts_enc WHERE dst.id = '", b.referral_id(), "'"));
  auto read = Get(head_, b.referral_id());
  EXPECT_TRUE(absl::IsDataLoss(read.status())) << read.status();
  EXPECT_TRUE(absl::StrContains(read.status().message(), "facts")) << read.status();
  EXPECT_TRUE(Get(head_, a.referral_id()).ok());
  // Lists containing it fail too rather than show a placeholder.
  auto list = core_->List(head_, {});
  EXPECT_TRUE(absl::IsDataLoss(list.status())) << list.status();
}

// Ids as the service issues them ("<prefix>-<procuratorate>-<digits>").
std::string LegacyReferralId(int i) { return absl::StrFormat("ref-520382-9%015d", i); }
std::string LegacyCaseId(int i) { return absl::StrFormat("case-520382-9%015d", i); }

// Rows as written before migration 0005: names, facts and notes in clear columns.
class ReferralBackfillTest : public ReferralCoreFixture {
 protected:
  void InsertLegacyRows(int first, int n) {
    for (int i = first; i < first + n; ++i) {
      const std::string p = absl::StrCat("p-legacy-", i);
      const std::string ref = LegacyReferralId(i);
      const std::string cs = LegacyCaseId(i);
      Exec(
          absl::StrCat("INSERT INTO persons (id, name, sex, birth_date, ethnicity, created_at_ms,"
                       " updated_at_ms) VALUES ('",
                       p, "', '旧名", i, "', 1, '2013-04-0", 1 + i % 9, "', '', 1, 1)"));
      Exec(absl::StrCat(
          "INSERT INTO referrals (id, procuratorate_code, agency_code, kind, status, urgent,"
          " facts, occurred_on, subject_person_id, submitted_at_ms, case_id, decline_reason,"
          " message_to_agency, version, updated_at_ms) VALUES ('",
          ref, "', '520382', 'edu-renhuai', 1, 4, 0, '旧事实", i,
          "：学生长期缺课', '2025-03-01', '", p, "', 1, '", cs, "', 0, ",
          i % 2 == 0 ? absl::StrCat("'旧回复", i, "'") : "''", ", 3, 1)"));
      Exec(
          absl::StrCat("INSERT INTO referral_people (referral_id, ord, person_id, role, relation,"
                       " matched_existing, possible_duplicate) VALUES ('",
                       ref, "', 1, '", p, "', 1, '', 0, 0)"));
      for (int seq : {1, 2}) {
        Exec(
            absl::StrCat("INSERT INTO referral_events (referral_id, seq, at_ms, status, step,"
                         " message, actor, actor_name) VALUES ('",
                         ref, "', ", seq, ", ", seq, ", 1, 'submitted', '",
                         seq == 1 ? std::string("") : absl::StrCat("旧留言", i),
                         "', 'agency:edu-renhuai', '仁怀市教育局')"));
      }
      Exec(absl::StrCat(
          "INSERT INTO cases (id, procuratorate_code, status, subject_person_id, kind,"
          " assigned_to, opened_at_ms, closed_at_ms, close_reason, close_note, transfer_reason,"
          " open_subject_key, version, updated_at_ms) VALUES ('",
          cs, "', '520382', 3, '", p, "', 1, 'u-zhang', 1, 2, 1, '旧结案", i, "', ",
          i % 3 == 0 ? absl::StrCat("'旧移送", i, "'") : "NULL", ", NULL, 2, 1)"));
    }
  }

  void ExpectNoClearValues() {
    EXPECT_EQ(Count("persons", "name IS NOT NULL"), 0);
    EXPECT_EQ(Count("referrals", "facts IS NOT NULL OR message_to_agency IS NOT NULL"), 0);
    EXPECT_EQ(Count("referral_events", "message IS NOT NULL"), 0);
    EXPECT_EQ(Count("cases", "close_note IS NOT NULL OR transfer_reason IS NOT NULL"), 0);
    EXPECT_EQ(Count("idempotency_keys", "response <> '' AND LEFT(response, 1) <> X'01'"), 0);
  }

  void ExpectReadsBack(int first, int n) {
    for (int i = first; i < first + n; ++i) {
      const pb::Referral r = MustGet(head_, LegacyReferralId(i));
      EXPECT_EQ(r.facts(), absl::StrCat("旧事实", i, "：学生长期缺课"));
      EXPECT_EQ(r.message_to_agency(), i % 2 == 0 ? absl::StrCat("旧回复", i) : "");
      ASSERT_EQ(r.people_size(), 1);
      // Shown masked, from the decrypted name.
      referral::PersonRow row;
      row.name = absl::StrCat("旧名", i);
      EXPECT_EQ(r.people(0).person().name(),
                referral::PersonView(row, referral::Disclosure::kMasked).name());
      pb::GetPersonRequest get;
      get.set_person_id(absl::StrCat("p-legacy-", i));
      get.set_unmask(true);
      get.set_purpose("核实迁移数据");
      auto person = core_->GetPerson(head_, get);
      ASSERT_TRUE(person.ok()) << person.status();
      EXPECT_EQ(person->name(), absl::StrCat("旧名", i));
      pb::GetTimelineRequest timeline;
      timeline.set_referral_id(r.referral_id());
      auto entries = core_->Timeline(head_, timeline);
      ASSERT_TRUE(entries.ok()) << entries.status();
      ASSERT_EQ(entries->entries_size(), 2);
      EXPECT_EQ(entries->entries(0).message(), "");
      EXPECT_EQ(entries->entries(1).message(), absl::StrCat("旧留言", i));
      auto c = GetCase(head_, LegacyCaseId(i));
      ASSERT_TRUE(c.ok()) << c.status();
      EXPECT_EQ(c->close_note(), absl::StrCat("旧结案", i));
      EXPECT_EQ(c->transfer_reason(), i % 3 == 0 ? absl::StrCat("旧移送", i) : "");
    }
  }
};

TEST_F(ReferralBackfillTest, EncryptsLegacyRowsIdempotentlyAndResumes) {
  InsertLegacyRows(1, 7);
  // A response stored in clear by an earlier version: replayed before and after.
  db::MutationRunner plain(
      {.pool = pool_.get(), .clock = &clock_, .ids = &ids_, .service = "referral"});
  pb::UpsertProcuratorateRequest upsert;
  upsert.set_request_id("req-legacy-response");
  upsert.mutable_procuratorate()->set_procuratorate_code(kRenhuai);
  upsert.mutable_procuratorate()->set_name("仁怀市人民检察院");
  auto stored = plain.Run<pb::Procuratorate>(
      {.actor = admin_user_.Name(), .method = "UpsertProcuratorate", .request_id = "req-legacy-1"},
      upsert,
      [&](db::Mutation&) -> absl::StatusOr<pb::Procuratorate> { return upsert.procuratorate(); });
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(Count("idempotency_keys", "response <> '' AND LEFT(response, 1) <> X'01'"), 1);

  // Legacy rows read as they are before the backfill too (the service may be upgraded
  // with rows not yet backfilled, e.g. after a crash of the backfill).
  ExpectReadsBack(1, 2);

  // A run cut short after one batch of 3 rows per table (as if the service stopped):
  // those rows are sealed and committed, the others still clear, and all read back.
  auto cut = referral::SealClearPersonalData(*pool_, *cipher_, 3, /*max_batches=*/1);
  ASSERT_TRUE(cut.ok()) << cut.status();
  EXPECT_EQ(cut->persons, 3);
  EXPECT_EQ(cut->events, 3);
  EXPECT_EQ(Count("persons", "name IS NOT NULL"), 4);
  EXPECT_EQ(Count("persons", "name_enc IS NOT NULL AND name_key IS NOT NULL"), 3);
  EXPECT_EQ(Count("referrals", "facts IS NOT NULL"), 4);
  EXPECT_EQ(Count("referral_events", "message IS NOT NULL"), 11);
  ExpectReadsBack(1, 7);

  // The next run resumes with what is left, in batches of 3 (several transactions).
  auto first = referral::SealClearPersonalData(*pool_, *cipher_, 3);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->persons, 4);
  EXPECT_EQ(first->referrals, 4);
  EXPECT_EQ(first->events, 11);
  EXPECT_EQ(first->cases, 4);
  EXPECT_EQ(first->responses, 1);
  ExpectNoClearValues();
  ExpectReadsBack(1, 7);

  // The stored response still replays, now decrypted.
  db::MutationRunner sealed({.pool = pool_.get(),
                             .clock = &clock_,
                             .ids = &ids_,
                             .service = "referral",
                             .cipher = cipher_.get()});
  bool replayed = false;
  auto again = sealed.Run<pb::Procuratorate>(
      {.actor = admin_user_.Name(), .method = "UpsertProcuratorate", .request_id = "req-legacy-1"},
      upsert,
      [&](db::Mutation&) -> absl::StatusOr<pb::Procuratorate> {
        return absl::InternalError("must not run again");
      },
      &replayed);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(replayed);
  EXPECT_EQ(again->name(), "仁怀市人民检察院");

  // The name hash is the one new submissions are matched with: a new referral naming the
  // same child (the name written with a full-width space) is flagged a possible duplicate.
  EXPECT_EQ(Strings("SELECT name_key FROM persons WHERE id = 'p-legacy-2'"),
            std::vector<std::string>{NameBirthKey(*cipher_, "旧名2", "2013-04-03")});
  pb::SubmitReferralRequest dup =
      Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, Person("旧\u3000名2", Date(2013, 4, 3)));
  dup.mutable_people()->RemoveLast();
  const pb::Referral submitted = MustSubmit(edu_, dup);
  EXPECT_TRUE(MustGet(head_, submitted.referral_id()).people(0).possible_duplicate());

  // A second run changes nothing; rows written in clear later (or left by a run that
  // stopped midway) are sealed by the next run, and only they.
  auto second = referral::SealClearPersonalData(*pool_, *cipher_, 3);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->total(), 0);
  InsertLegacyRows(8, 2);
  auto third = referral::SealClearPersonalData(*pool_, *cipher_, 1);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->persons, 2);
  EXPECT_EQ(third->referrals, 2);
  EXPECT_EQ(third->events, 4);
  EXPECT_EQ(third->cases, 2);
  EXPECT_EQ(third->responses, 0);
  ExpectNoClearValues();
  ExpectReadsBack(1, 9);
}

}  // namespace
}  // namespace shouhu::testing
