// No full scans at a realistic size: 100,000 referrals (with their cases, persons, people
// and timelines) filled directly in SQL, then EXPLAIN of every named statement of the
// referral repository (services/referral/repository_sql.h, list queries assembled from its
// fragments as the repository does). Also prints the read-path latencies of GetCase and
// ListCases through ReferralCore at that size (measured, not asserted).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "integration/referral_fixture.h"
#include "referral/backfill_sql.h"
#include "referral/repository.h"
#include "referral/repository_sql.h"
#include "support/explain_check.h"

namespace shouhu::testing {
namespace {

using namespace ::shouhu::referral;  // NOLINT: the statement constants

constexpr int kReferrals = 100000;  // two per case
constexpr int kCases = kReferrals / 2;
constexpr int64_t kBaseMs = 1735689600000;  // 1 January 2025

// Case k (1..kCases) belongs to Renhuai when k is even, else to Xishui; its subject is
// person "p-<k>", the guardian "p-<kCases + k>". Referrals 2k-1 and 2k are about case k's
// subject; they are linked to the case unless k is a multiple of 5 (still under review).
const char kProcOfK[] = "IF(k % 2 = 0, '520382', '520330')";

std::string CaseIdSql() {
  return absl::StrCat("CONCAT('case-', ", kProcOfK, ", '-', LPAD(k, 16, '0'))");
}

std::string CaseId(const std::string& proc, int k) {
  return absl::StrCat("case-", proc, "-", std::string(16 - std::to_string(k).size(), '0'), k);
}
std::string ReferralId(const std::string& proc, int n) {
  return absl::StrCat("ref-", proc, "-", std::string(16 - std::to_string(n).size(), '0'), n);
}

class ReferralExplainTest : public ReferralCoreFixture {
 protected:
  void Fill() {
    const auto start = std::chrono::steady_clock::now();
    const std::string k_of_n = "((seq + 1) DIV 2)";
    ExecRaw(*pool_,
            "INSERT INTO persons (id, name_key, sex, birth_date, id_number_hmac, ethnicity,"
            " created_at_ms, updated_at_ms)"
            " SELECT CONCAT('p-', seq), SHA2(CONCAT('name-birth-', seq % 90000), 256), 1 + seq % "
            "2, DATE '2008-01-01' + INTERVAL (seq % 4000) DAY,"
            " SHA2(CONCAT('id-number-', seq), 256), '汉族', 1735689600000 + seq,"
            " 1735689600000 + seq FROM seq_1_to_100000");
    ExecRaw(
        *pool_,
        absl::StrCat("INSERT INTO cases (id, procuratorate_code, status, subject_person_id, kind,"
                     " assigned_to, opened_at_ms, closed_at_ms, close_reason, open_subject_key,"
                     " version, updated_at_ms)"
                     " SELECT ",
                     CaseIdSql(), ", ", kProcOfK,
                     ", IF(k % 3 = 0, 3, 1), CONCAT('p-', k), 1 + k % 3,"
                     " IF(k % 4 = 0, 'u-wang', 'u-zhang'), ",
                     kBaseMs, " + k * 1000, IF(k % 3 = 0, ", kBaseMs,
                     " + k * 1000 + 86400000, NULL), IF(k % 3 = 0, 1, 0),"
                     " IF(k % 3 = 0, NULL, CONCAT(",
                     kProcOfK, ", ':p-', k)), 2, ", kBaseMs,
                     " + k * 1000 FROM (SELECT seq AS k FROM seq_1_to_", kCases, ") s"));
    ExecRaw(
        *pool_,
        absl::StrCat(
            "INSERT INTO referrals (id, procuratorate_code, agency_code, kind, status, urgent,"
            " facts, occurred_on, situations, subject_person_id, submitted_at_ms,"
            " response_due_at_ms, assigned_to, case_id, version, updated_at_ms)"
            " SELECT CONCAT('ref-', ",
            kProcOfK, ", '-', LPAD(n, 16, '0')), ", kProcOfK,
            ", IF(k % 2 = 0, IF(n % 2 = 0, 'edu-renhuai', 'police-renhuai'), 'edu-xishui'),"
            " 1 + k % 3, IF(k % 5 = 0, 2, 4), n % 7 = 0,"
            " CONCAT('八年级学生（13岁）长期无人照看，父母外出务工，第', n, '号线索。'),"
            " DATE '2025-01-01' + INTERVAL (n % 60) DAY, '1,3', CONCAT('p-', k), ",
            kBaseMs, " + n * 1000, ", kBaseMs,
            " + n * 1000 + 259200000, IF(k % 4 = 0, 'u-wang', 'u-zhang'),"
            " IF(k % 5 = 0, NULL, ",
            CaseIdSql(), "), IF(k % 5 = 0, 2, 3), ", kBaseMs, " + n * 1000 FROM (SELECT seq AS n, ",
            k_of_n, " AS k FROM seq_1_to_", kReferrals, ") s"));
    ExecRaw(*pool_,
            absl::StrCat("INSERT INTO referral_people (referral_id, ord, person_id, role, relation,"
                         " matched_existing, possible_duplicate)"
                         " SELECT r.id, o.seq, IF(o.seq = 1, r.subject_person_id,"
                         " CONCAT('p-', ",
                         kCases,
                         " + SUBSTRING(r.subject_person_id, 3))), o.seq,"
                         " IF(o.seq = 1, '', '母亲'), r.seq % 2 = 0, 0"
                         " FROM referrals r JOIN seq_1_to_2 o"));
    ExecRaw(*pool_,
            "INSERT INTO referral_events (referral_id, seq, at_ms, status, step, message, actor,"
            " actor_name)"
            " SELECT r.id, o.seq, r.submitted_at_ms + (o.seq - 1) * 3600000,"
            " IF(o.seq = 1, 1, r.status), IF(o.seq = 1, 'submitted', 'accepted'),"
            " IF(o.seq = 1, '线索已登记', '已受理，将依法开展监护干预。'),"
            " IF(o.seq = 1, r.agency_code, 'u-head'), IF(o.seq = 1, '仁怀市教育局', '检察官')"
            " FROM referrals r JOIN seq_1_to_2 o");
    ExecRaw(*pool_,
            absl::StrCat("INSERT INTO duplicate_candidates (id, procuratorate_code, referral_id,"
                         " existing_person_id, incoming_person_id, state)"
                         " SELECT CONCAT('dup-', LPAD(seq, 12, '0')), IF(seq % 2 = 0, '520382',"
                         " '520330'), CONCAT('ref-', IF(seq % 2 = 0, '520382', '520330'), '-',"
                         " LPAD(seq * 4, 16, '0')), CONCAT('p-', seq), CONCAT('p-', ",
                         kCases, " + seq), seq % 3 = 0 FROM seq_1_to_2000"));
    for (const char* t : {"persons", "cases", "referrals", "referral_people", "referral_events",
                          "duplicate_candidates", "agencies", "procuratorates"}) {
      (void)QueryStrings(*pool_, absl::StrCat("ANALYZE TABLE ", t));
    }
    fill_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  double fill_seconds_ = 0;
};

// Every named statement with representative values (rows that exist at this size).
std::vector<NamedStatement> Statements() {
  const std::string rh = "520382";
  const std::string case_id = CaseId(rh, 1000);
  const std::string ref_id = ReferralId(rh, 1999);
  const std::string person = "p-1000";
  const std::string hmac(64, 'a');
  const int64_t now = kBaseMs + 400000000;
  const int64_t max = INT64_MAX;
  std::vector<NamedStatement> s = {
      {"kUpsertProcuratorate", kUpsertProcuratorate, {rh, "仁怀市人民检察院", now, now}},
      {"kProcuratorateExists", kProcuratorateExists, {rh}},
      {"kUpsertAgency",
       kUpsertAgency,
       {"edu-renhuai", "仁怀市教育局", int64_t{1}, rh, rh, int64_t{1}, now, now}},
      {"kAgencyCols+kWhereCode", absl::StrCat(kAgencyCols, kWhereCode), {"edu-renhuai"}},
      {"kAgencyCols+kAgenciesAll", absl::StrCat(kAgencyCols, kAgenciesAll), {"", int64_t{51}}},
      {"kAgencyCols+kAgenciesOf", absl::StrCat(kAgencyCols, kAgenciesOf), {rh, "", int64_t{51}}},
      {"kPersonByHmac", kPersonByHmac, {hmac}},
      {"kInsertPerson",
       kInsertPerson,
       {"p-new", "enc", hmac, int64_t{1}, "2015-06-01", "enc", hmac, "enc", "enc", "汉族", now,
        now}},
      {"kPersonByNameBirth", kPersonByNameBirth, {hmac, "p-new"}},
      {"kGetPerson", kGetPerson, {person}},
      {"kPersonVisible", kPersonVisible, {person, rh, person, rh}},
      {"kInsertCandidate", kInsertCandidate, {"dup-new", rh, ref_id, person, "p-51000"}},
      {"kCandidateCols+kWhereId", absl::StrCat(kCandidateCols, kWhereId), {"dup-000000000010"}},
      {"kCandidateCols+kWhereId+kForUpdate",
       absl::StrCat(kCandidateCols, kWhereId, kForUpdate),
       {"dup-000000000010"}},
      {"kCandidateCols+kPendingCandidates",
       absl::StrCat(kCandidateCols, kPendingCandidates),
       {rh, max, int64_t{51}}},
      {"kResolveCandidate", kResolveCandidate, {int64_t{1}, "u-head", now, "dup-000000000010"}},
      {"kMergeMark", kMergeMark, {"p-1000", now, "p-1002"}},
      {"kMergePeople", kMergePeople, {"p-1000", "p-1002"}},
      {"kMergeReferrals", kMergeReferrals, {"p-1000", "p-1002"}},
      {"kMergeCases", kMergeCases, {"p-1000", "p-1000", "p-1002"}},
      {"kClearIdNumber", kClearIdNumber, {person}},
      {"kSetIdNumber", kSetIdNumber, {"enc", hmac, person}},
      {"kHasIdNumber", kHasIdNumber, {person}},
      {"kInsertReferral",
       kInsertReferral,
       {"ref-new",  rh,         "edu-renhuai", int64_t{3}, int64_t{1},
        int64_t{0}, "事实",     "2025-03-01",  "1",        "",
        "",         person,     now,           now,        nullptr,
        nullptr,    int64_t{0}, nullptr,       int64_t{1}, now}},
      {"kReferralCols+kWhereId", absl::StrCat(kReferralCols, kWhereId), {ref_id}},
      {"kReferralCols+kWhereId+kForUpdate",
       absl::StrCat(kReferralCols, kWhereId, kForUpdate),
       {ref_id}},
      {"kUpdateReferral",
       kUpdateReferral,
       {int64_t{4}, "事实", now, "u-zhang", case_id, int64_t{0}, "已受理", int64_t{1}, "第九检察部",
        now, now, now, now, ref_id, int64_t{3}}},
      {"kReferralAnswerFacts", kReferralAnswerFacts, {ref_id}},
      {"kSetCaseDepartment", kSetCaseDepartment, {"第九检察部", case_id}},
      {"kReferralPeople", kReferralPeople, {ref_id}},
      {"kSubmittedPeople", kSubmittedPeople, {ref_id}},
      {"kUpdatePersonFields",
       kUpdatePersonFields,
       {"enc", "key", int64_t{1}, "2015-06-01", "enc", "enc", "汉族", now, person, int64_t{1}}},
      {"kInsertPersonHistory",
       kInsertPersonHistory,
       {person, int64_t{2}, "name,phone", "enc", "enc", "enc", "user:u-zhang", "张检察官", rh,
        "req-explain-1", ref_id, now}},
      {"kPersonHistory", kPersonHistory, {person, max, int64_t{51}}},
      {"kInsertEvent",
       kInsertEvent,
       {ref_id, now, int64_t{4}, "accepted", "已受理", "u-head", "检察官", ref_id}},
      {"kTimeline", kTimeline, {ref_id, int64_t{0}}},
      {"kInsertCase",
       kInsertCase,
       {"case-new", rh, int64_t{1}, person, int64_t{3}, "u-zhang", now, nullptr, "520382:p-new",
        int64_t{1}, now, ref_id, "第九检察部"}},
      {"kCaseCols+kWhereId", absl::StrCat(kCaseCols, kWhereId), {case_id}},
      {"kCaseCols+kWhereId+kForUpdate", absl::StrCat(kCaseCols, kWhereId, kForUpdate), {case_id}},
      {"kOpenCase", kOpenCase, {"520382:p-1000"}},
      {"kOpenCaseForUpdate", kOpenCaseForUpdate, {"520382:p-1000"}},
      {"kUpdateCase",
       kUpdateCase,
       {int64_t{3}, "u-zhang", now, int64_t{1}, "结案", nullptr, nullptr, nullptr, nullptr, now,
        case_id, int64_t{2}}},
      {"kCaseReferrals", kCaseReferrals, {case_id}},
      // GetCaseFacts: the case, then its referrals (at most kCaseFactsMaxReferrals) with
      // their people.
      {"kCaseFactsCase", kCaseFactsCase, {case_id}},
      {"kCaseFactsReferrals", kCaseFactsReferrals, {case_id, int64_t{kCaseFactsMaxReferrals}}},
  };
  // The referrals of a page of cases (ListCases), at the largest page.
  {
    NamedStatement in{
        "kCasesReferrals+kInListPlaceholder+kInListSeparator+kCasesReferralsEnd (256 ids)",
        CasesReferralsSql(256),
        {}};
    for (int k = 2; in.params.size() < 256; k += 2) in.params.emplace_back(CaseId(rh, k));
    s.push_back(std::move(in));
  }
  // The people of a referral (Submit), two of them.
  s.push_back(
      {"kInsertReferralPeople+kReferralPersonRow+kInListSeparator+kReferralPersonRow (2 people)",
       ReferralPeopleInsertSql(2),
       {ref_id,     int64_t{3},   person,       int64_t{3}, "祖母",     int64_t{0}, int64_t{0},
        "enc",      int64_t{2},   "1960-01-01", "enc",      "enc",      "汉族",     ref_id,
        int64_t{4}, "p-1001",     int64_t{1},   "",         int64_t{0}, int64_t{0}, "enc",
        int64_t{0}, "2015-06-01", "enc",        "enc",      ""}});
  // ListReferrals and ListCases: each filter alone and all together, as the repository
  // assembles them, for a page in the middle of the list.
  auto page = [](std::vector<SqlValue> p) {
    p.emplace_back(int64_t{30000});
    p.emplace_back(int64_t{51});
    return p;
  };
  const SqlFragment refs = SQL_FRAGMENT(kReferralCols);
  const SqlFragment refs_hint = SQL_FRAGMENT(kReferralsByProcuratorateIndex);
  const SqlFragment cases = SQL_FRAGMENT(kCaseCols);
  const SqlFragment cases_hint = SQL_FRAGMENT(kCasesByProcuratorateIndex);
  const SqlFragment by_proc = SQL_FRAGMENT(kByProcuratorate);
  const SqlFragment status = SQL_FRAGMENT(kAndStatus);
  const SqlFragment kind = SQL_FRAGMENT(kAndKind);
  const SqlFragment assigned = SQL_FRAGMENT(kAndAssignedTo);
  const SqlFragment paged = SQL_FRAGMENT(kPageBySeq);
  const std::vector<NamedStatement> lists = {
      Compose({refs, refs_hint, by_proc, paged}, page({rh})),
      Compose({refs, SQL_FRAGMENT(kReferralsByAgencyIndex), SQL_FRAGMENT(kByAgency), paged},
              page({"edu-renhuai"})),
      Compose({refs, refs_hint, by_proc, status, paged}, page({rh, int64_t{2}})),
      Compose({refs, refs_hint, by_proc, kind, paged}, page({rh, int64_t{3}})),
      Compose({refs, refs_hint, by_proc, assigned, paged}, page({rh, "u-zhang"})),
      // The overdue list has no hint.
      Compose({refs, by_proc, SQL_FRAGMENT(kAndOverdue), paged}, page({rh, now})),
      Compose(
          {refs, SQL_FRAGMENT(kByAgency), status, kind, assigned, SQL_FRAGMENT(kAndOverdue), paged},
          page({"edu-renhuai", int64_t{2}, int64_t{3}, "u-zhang", now})),
      Compose({cases, cases_hint, by_proc, paged}, page({rh})),
      Compose({cases, SQL_FRAGMENT(kIncomingTransfers), paged}, page({rh})),
      Compose({cases, cases_hint, by_proc, status, paged}, page({rh, int64_t{1}})),
      Compose({cases, cases_hint, by_proc, kind, paged}, page({rh, int64_t{3}})),
      Compose({cases, cases_hint, by_proc, assigned, paged}, page({rh, "u-wang"})),
      Compose({cases, cases_hint, by_proc, SQL_FRAGMENT(kAndSubject), paged}, page({rh, "p-1000"})),
      Compose(
          {cases, cases_hint, by_proc, status, kind, assigned, SQL_FRAGMENT(kAndSubject), paged},
          page({rh, int64_t{1}, int64_t{3}, "u-zhang", "p-1000"})),
  };
  s.insert(s.end(), lists.begin(), lists.end());
  return s;
}

struct Latency {
  double median_ms = 0;
  double p95_ms = 0;
};

Latency Summarize(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  if (ms.empty()) return {};
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]};
}

TEST_F(ReferralExplainTest, NoNamedStatementScansALargeTable) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_EQ(CountRows(*pool_, "referrals"), kReferrals);
  std::cout << "fill: " << kReferrals << " referrals, " << kCases << " cases in " << fill_seconds_
            << " s\n";

  const std::vector<NamedStatement> statements = Statements();
  // Every constant of repository_sql.h is explained (fragments through the list queries).
  ExpectEveryConstantExplained(SourceDir() + "/services/referral/repository_sql.h", statements);
  ExplainOptions options;
  options.max_rows = 5000;
  options.small_tables = {"procuratorates", "agencies"};
  EXPECT_EQ(ExpectNoFullScans(*pool_, statements, options), 0);
}

TEST_F(ReferralExplainTest, ReadPathLatencyAtOneHundredThousandReferrals) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  constexpr int kCalls = 300;

  std::vector<double> get_ms;
  for (int i = 0; i < kCalls; ++i) {
    const int k = 2 + 2 * ((i * 7919) % (kCases / 2));  // Renhuai's cases: even k
    const auto start = std::chrono::steady_clock::now();
    auto c = GetCase(head_, CaseId(kRenhuai, k));
    get_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    ASSERT_TRUE(c.ok()) << c.status();
    ASSERT_EQ(c->referral_ids_size(), k % 5 == 0 ? 0 : 2) << c->case_id();
  }

  // ListCases, pages of 50: the first page again and again, then a walk through the list
  // (page tokens deeper and deeper).
  std::vector<double> first_ms;
  std::vector<double> walk_ms;
  std::string token;
  for (int i = 0; i < 2 * kCalls; ++i) {
    const bool walk = i >= kCalls;
    pb::ListCasesRequest req;
    req.set_page_size(50);
    req.set_page_token(walk ? token : "");
    const auto start = std::chrono::steady_clock::now();
    auto page = core_->ListCases(head_, req);
    (walk ? walk_ms : first_ms)
        .push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->cases_size(), 50);
    // The page's referrals, loaded in one statement, are those GetCase reads one by one.
    if (walk && i % 50 == 0) {
      for (const pb::Case& c : page->cases()) {
        auto one = GetCase(head_, c.case_id());
        ASSERT_TRUE(one.ok()) << one.status();
        EXPECT_THAT(c.referral_ids(), ::testing::ElementsAreArray(one->referral_ids()))
            << c.case_id();
      }
    }
    if (walk) token = page->next_page_token();
  }

  const Latency get = Summarize(get_ms);
  const Latency first = Summarize(first_ms);
  const Latency deep = Summarize(walk_ms);
  std::cout << "GetCase at " << kReferrals << " referrals: median " << get.median_ms << " ms, p95 "
            << get.p95_ms << " ms (" << kCalls << " calls)\n"
            << "ListCases first page of 50: median " << first.median_ms << " ms, p95 "
            << first.p95_ms << " ms (" << kCalls << " calls)\n"
            << "ListCases walking " << kCalls << " pages of 50: median " << deep.median_ms
            << " ms, p95 " << deep.p95_ms << " ms\n";
  RecordProperty("get_case_median_ms", absl::StrCat(get.median_ms));
  RecordProperty("get_case_p95_ms", absl::StrCat(get.p95_ms));
  RecordProperty("list_cases_first_median_ms", absl::StrCat(first.median_ms));
  RecordProperty("list_cases_first_p95_ms", absl::StrCat(first.p95_ms));
  RecordProperty("list_cases_walk_median_ms", absl::StrCat(deep.median_ms));
  RecordProperty("list_cases_walk_p95_ms", absl::StrCat(deep.p95_ms));
}

// The backfill of clear values (services/referral/backfill_sql.h) pages by primary key:
// at 100,000 rows still in clear (the fill writes facts and timeline messages in clear),
// a page from the middle reads a range, never the whole table.
TEST_F(ReferralExplainTest, BackfillStatementsReadRangesOnly) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  const std::string ref_id = ReferralId(kRenhuai, 50000);
  const std::string case_id = CaseId(kRenhuai, 25000);
  const std::vector<NamedStatement> statements = {
      {"kClearPersons", kClearPersons, {"p-50000", int64_t{200}}},
      {"kSealPerson", kSealPerson, {"enc", std::string(64, 'a'), "p-50000"}},
      {"kClearReferrals", kClearReferrals, {ref_id, int64_t{200}}},
      {"kSealReferral", kSealReferral, {"enc", nullptr, ref_id}},
      {"kClearEvents", kClearEvents, {ref_id, ref_id, int64_t{1}, int64_t{200}}},
      {"kSealEvent", kSealEvent, {"enc", ref_id, int64_t{2}}},
      {"kClearCases", kClearCases, {case_id, int64_t{200}}},
      {"kSealCase", kSealCase, {"enc", nullptr, case_id}},
  };
  ExpectEveryConstantExplained(SourceDir() + "/services/referral/backfill_sql.h", statements);
  ExplainOptions options;
  options.max_rows = 5000;
  EXPECT_EQ(ExpectNoFullScans(*pool_, statements, options), 0);
}

}  // namespace
}  // namespace shouhu::testing
