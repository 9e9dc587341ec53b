// AidConfigService on a real MariaDB, called through its handlers (so the access table
// admits or refuses first): the wage table with its history, the policy with its version,
// bad input writing nothing, replay by request id, stale versions and admin-only writes;
// and LoadWage / LoadPolicy, which the application operations call.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "aid/config_grpc.h"
#include "aid/config_repository.h"
#include "aid/policy.h"
#include "common/base/clock.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/db/audit.h"
#include "integration/db_fixture.h"
#include "support/builders.h"
#include "support/explain_check.h"
#include "support/field_violations.h"
#include "support/principals.h"
#include "support/table_counts.h"

namespace shouhu::aid {
namespace {

using ::shouhu::testing::kRenhuai;
using ::shouhu::testing::kXishui;
using ::shouhu::testing::User;

bool HasField(const absl::Status& s, const std::string& field) {
  for (const auto& f : ::shouhu::testing::ViolatedFields(s)) {
    if (f == field) return true;
  }
  return false;
}

class AidConfigTest : public ::shouhu::testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto cipher = FieldCipher::Create(std::string(32, 'E'), std::string(32, 'H'));
    ASSERT_TRUE(cipher.ok()) << cipher.status();
    cipher_ = *std::move(cipher);
    deps_ = {.pool = pool_.get(),
             .clock = &clock_,
             .ids = &ids_,
             .cipher = cipher_.get(),
             .calendar = &calendar_};
    core_ = std::make_unique<ConfigCore>(deps_);
    table_ = std::make_unique<MethodTable>(AidConfigMethods(core_.get()));
    ASSERT_TRUE(table_->status().ok()) << table_->status();
  }

  void TearDown() override {
    if (core_ != nullptr && !HasFailure()) {
      auto report = db::VerifyAudit(*pool_);
      ASSERT_TRUE(report.ok()) << report.status();
      EXPECT_TRUE(report->ok());
    }
    table_.reset();
    core_.reset();
    DbTest::TearDown();
  }

  // Calls `method` through its handler, as the server would.
  template <typename Resp>
  absl::StatusOr<Resp> Call(const Principal& p, const std::string& method,
                            const google::protobuf::Message& req) {
    for (const auto& e : table_->entries()) {
      if (e.method->name() != method) continue;
      if (!e.unary) return absl::UnimplementedError(method);
      auto r = e.unary(p, req);
      if (!r.ok()) return r.status();
      return static_cast<const Resp&>(**r);
    }
    return absl::UnimplementedError(method);
  }

  pb::UpsertWageEntryRequest Wage(const std::string& province, int year, int64_t fen) {
    pb::UpsertWageEntryRequest req;
    req.set_request_id(absl::StrCat("req-wage-", next_++));
    req.mutable_entry()->set_province_code(province);
    req.mutable_entry()->set_year(year);
    req.mutable_entry()->set_monthly_wage_fen(fen);
    req.mutable_entry()->set_source("贵州省统计局统计公报");
    req.mutable_entry()->set_basis("城镇非私营单位在岗职工");
    return req;
  }

  absl::StatusOr<pb::WageEntry> Upsert(const pb::UpsertWageEntryRequest& req,
                                       const Principal* p = nullptr) {
    return Call<pb::WageEntry>(p ? *p : admin_, "UpsertWageEntry", req);
  }

  absl::StatusOr<pb::AidPolicy> GetPolicy(const Principal& p, const std::string& code = "") {
    pb::GetAidPolicyRequest req;
    req.set_procuratorate_code(code);
    return Call<pb::AidPolicy>(p, "GetAidPolicy", req);
  }

  absl::StatusOr<pb::AidPolicy> UpdatePolicy(const pb::AidPolicy& policy,
                                             const std::string& rid = "",
                                             const Principal* p = nullptr) {
    pb::UpdateAidPolicyRequest req;
    req.set_request_id(rid.empty() ? absl::StrCat("req-policy-", next_++) : rid);
    *req.mutable_policy() = policy;
    return Call<pb::AidPolicy>(p ? *p : admin_, "UpdateAidPolicy", req);
  }

  absl::StatusOr<std::optional<WageFigure>> LoadWageOf(const std::string& province, int year) {
    absl::StatusOr<std::optional<WageFigure>> out;
    absl::Status s = db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
      out = LoadWage(tx, province, year);
      return out.status();
    });
    if (!s.ok()) return s;
    return out;
  }

  ::shouhu::testing::TableCounts Counts() {
    auto c = ::shouhu::testing::CountEveryTable(*pool_);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *c : ::shouhu::testing::TableCounts();
  }

  FakeClock clock_{
      absl::FromCivil(absl::CivilSecond(2026, 3, 10, 10, 0, 0), WorkingCalendar::ChinaTimeZone())};
  SequentialIdGenerator ids_;
  std::unique_ptr<FieldCipher> cipher_;
  WorkingCalendar calendar_;
  AidDeps deps_;
  std::unique_ptr<ConfigCore> core_;
  std::unique_ptr<MethodTable> table_;
  int next_ = 1;

  const Principal admin_ = User("u-admin", kRenhuai, {Role::kAdmin});
  const Principal caseworker_ = User("u-zhang", kRenhuai, {Role::kCaseworker});
  const Principal chief_ = User("u-chief", kRenhuai, {Role::kChief});
  const Principal xishui_head_ = User("u-xi", kXishui, {Role::kDepartmentHead});
  const Principal volunteer_ = User("u-vol", kRenhuai, {Role::kVolunteer});
};

TEST_F(AidConfigTest, UpsertReplacesAFigureAndKeepsTheOldOneInTheHistory) {
  auto first = Upsert(Wage("520000", 2024, 700'000));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->monthly_wage_fen(), 700'000);
  EXPECT_EQ(first->recorded_by().principal(), "user:u-admin");
  ASSERT_TRUE(Upsert(Wage("520000", 2025, 800'000)).ok());
  clock_.Advance(absl::Hours(1));
  auto corrected = Upsert(Wage("520000", 2024, 710'000));
  ASSERT_TRUE(corrected.ok()) << corrected.status();
  EXPECT_EQ(corrected->monthly_wage_fen(), 710'000);

  pb::ListWageEntriesRequest list;
  auto listed = Call<pb::ListWageEntriesResponse>(caseworker_, "ListWageEntries", list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->entries_size(), 2);
  EXPECT_EQ(listed->entries(0).year(), 2025);  // newest year first
  EXPECT_EQ(listed->entries(1).monthly_wage_fen(), 710'000);
  ASSERT_EQ(listed->history_size(), 1);
  EXPECT_EQ(listed->history(0).monthly_wage_fen(), 700'000);
  EXPECT_EQ(listed->history(0).year(), 2024);
  EXPECT_TRUE(listed->history(0).has_superseded_at());
  EXPECT_EQ(Count("audit_log", "action = 'aid.wage.upsert'"), 3);

  list.set_province_code("110000");
  listed = Call<pb::ListWageEntriesResponse>(caseworker_, "ListWageEntries", list);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->entries_size(), 0);
  EXPECT_EQ(listed->history_size(), 0);
}

TEST_F(AidConfigTest, WageFiguresAndTheirHistoryArePaged) {
  // 3 provinces x 3 years, two of them corrected twice in the same millisecond.
  for (const char* province : {"520000", "510000", "530000"}) {
    for (int year : {2022, 2023, 2024}) ASSERT_TRUE(Upsert(Wage(province, year, 600'000)).ok());
  }
  for (int k = 1; k <= 2; ++k) {
    ASSERT_TRUE(Upsert(Wage("520000", 2024, 600'000 + k)).ok());
    ASSERT_TRUE(Upsert(Wage("510000", 2024, 600'000 + k)).ok());
  }
  auto all_pages = [&](pb::ListWageEntriesRequest req, bool history) {
    std::vector<std::string> keys;
    int pages = 0;
    do {
      auto r = Call<pb::ListWageEntriesResponse>(caseworker_, "ListWageEntries", req);
      EXPECT_TRUE(r.ok()) << r.status();
      if (!r.ok() || ++pages > 20) break;
      for (const pb::WageEntry& e : history ? r->history() : r->entries()) {
        keys.push_back(absl::StrCat(e.year(), "/", e.province_code(), "/", e.monthly_wage_fen()));
      }
      req.set_page_token(r->next_page_token());
    } while (!req.page_token().empty());
    return keys;
  };
  pb::ListWageEntriesRequest list;
  list.set_page_size(2);
  EXPECT_THAT(
      all_pages(list, false),
      ::testing::ElementsAre("2024/530000/600000", "2024/520000/600002", "2024/510000/600002",
                             "2023/530000/600000", "2023/520000/600000", "2023/510000/600000",
                             "2022/530000/600000", "2022/520000/600000", "2022/510000/600000"));
  list.set_province_code("520000");
  EXPECT_THAT(
      all_pages(list, false),
      ::testing::ElementsAre("2024/520000/600002", "2023/520000/600000", "2022/520000/600000"));
  list.clear_province_code();
  list.set_history(true);
  list.set_page_size(1);
  // Newest first; ties of the same millisecond by province, year and sequence, each once.
  EXPECT_THAT(all_pages(list, true),
              ::testing::ElementsAre("2024/520000/600001", "2024/520000/600000",
                                     "2024/510000/600001", "2024/510000/600000"));
  list.set_page_token("not-a-token");
  EXPECT_THAT(::shouhu::testing::ViolatedFields(
                  Call<pb::ListWageEntriesResponse>(caseworker_, "ListWageEntries", list).status()),
              ::testing::ElementsAre("page_token"));
}

TEST_F(AidConfigTest, LoadWageTakesTheWantedYearElseTheLatestBeforeItElseNone) {
  ASSERT_TRUE(Upsert(Wage("520000", 2023, 650'000)).ok());
  ASSERT_TRUE(Upsert(Wage("520000", 2024, 700'000)).ok());
  auto w = LoadWageOf("520000", 2024);
  ASSERT_TRUE(w.ok() && w->has_value()) << w.status();
  EXPECT_EQ((*w)->year, 2024);
  EXPECT_EQ((*w)->monthly_wage_fen, 700'000);
  EXPECT_EQ((*w)->basis, "城镇非私营单位在岗职工");
  w = LoadWageOf("520000", 2026);  // not published yet: the latest before it
  ASSERT_TRUE(w.ok() && w->has_value());
  EXPECT_EQ((*w)->year, 2024);
  w = LoadWageOf("520000", 2022);  // nothing at or before
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->has_value());
  w = LoadWageOf("110000", 2024);
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->has_value());
}

TEST_F(AidConfigTest, BadWageInputWritesNothingAndNamesTheField) {
  const auto before = Counts();
  struct Bad {
    pb::UpsertWageEntryRequest req;
    std::string field;
  };
  std::vector<Bad> cases;
  cases.push_back({Wage("520382", 2024, 1), "entry.province_code"});  // not a province
  cases.push_back({Wage("520000", 1989, 1), "entry.year"});
  cases.push_back({Wage("520000", 2027, 1), "entry.year"});  // after this year
  cases.push_back({Wage("520000", 2024, 0), "entry.monthly_wage_fen"});
  cases.push_back({Wage("520000", 2024, 10'000'001), "entry.monthly_wage_fen"});
  Bad no_source{Wage("520000", 2024, 1), "entry.source"};
  no_source.req.mutable_entry()->clear_source();
  cases.push_back(no_source);
  Bad no_rid{Wage("520000", 2024, 1), "request_id"};
  no_rid.req.clear_request_id();
  cases.push_back(no_rid);
  for (const Bad& b : cases) {
    auto r = Upsert(b.req);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << b.field;
    EXPECT_TRUE(HasField(r.status(), b.field)) << b.field << ": " << r.status();
  }
  EXPECT_EQ(::shouhu::testing::DescribeChange(before, Counts()), "");
}

TEST_F(AidConfigTest, UpsertReplaysByRequestId) {
  pb::UpsertWageEntryRequest req = Wage("520000", 2024, 700'000);
  auto first = Upsert(req);
  ASSERT_TRUE(first.ok());
  const auto before = Counts();
  clock_.Advance(absl::Minutes(5));
  auto again = Upsert(req);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(::shouhu::testing::DescribeChange(before, Counts()), "");
  EXPECT_EQ(Count("aid_wage_history"), 0);
  // The same key with another payload is refused.
  req.mutable_entry()->set_monthly_wage_fen(1);
  EXPECT_EQ(Upsert(req).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AidConfigTest, OnlyAdminsWrite) {
  const auto before = Counts();
  for (const Principal* p : {&caseworker_, &chief_, &xishui_head_}) {
    EXPECT_EQ(Upsert(Wage("520000", 2024, 700'000), p).status().code(),
              absl::StatusCode::kPermissionDenied)
        << p->id;
    EXPECT_EQ(UpdatePolicy(DefaultPolicy(kRenhuai), "", p).status().code(),
              absl::StatusCode::kPermissionDenied)
        << p->id;
  }
  EXPECT_EQ(
      Call<pb::ListWageEntriesResponse>(volunteer_, "ListWageEntries", pb::ListWageEntriesRequest())
          .status()
          .code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(::shouhu::testing::DescribeChange(before, Counts()), "");
}

TEST_F(AidConfigTest, PolicyDefaultsThenUpdatesWithVersions) {
  auto got = GetPolicy(caseworker_);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->procuratorate_code(), kRenhuai);
  EXPECT_EQ(got->version(), 0);
  EXPECT_EQ(got->cap_months(), 36);

  pb::AidPolicy want = *got;
  want.set_cap_months(48);
  want.set_committee_threshold_fen(2'000'000);
  want.mutable_step_actors(4)->clear_titles();  // HIGHER_LEVEL: any chief
  const std::string rid = "req-policy-first";
  auto stored = UpdatePolicy(want, rid);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->version(), 1);
  EXPECT_EQ(stored->cap_months(), 48);
  EXPECT_EQ(stored->step_actors(4).titles_size(), 0);
  EXPECT_EQ(Count("audit_log", "action = 'aid.policy.update'"), 1);

  // Replay: the stored answer, nothing written.
  const auto before = Counts();
  auto replay = UpdatePolicy(want, rid);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->version(), 1);
  EXPECT_EQ(::shouhu::testing::DescribeChange(before, Counts()), "");

  // Stale: the version 0 read before the update.
  want.set_cap_months(24);
  auto stale = UpdatePolicy(want);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  want.set_version(1);
  auto second = UpdatePolicy(want);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->version(), 2);

  auto read = GetPolicy(chief_);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->cap_months(), 24);
  EXPECT_EQ(read->committee_threshold_fen(), 2'000'000);
  // The application operations read it in their transaction.
  absl::StatusOr<pb::AidPolicy> loaded;
  ASSERT_TRUE(db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
                loaded = LoadPolicy(tx, kRenhuai);
                return loaded.status();
              }).ok());
  EXPECT_EQ(loaded->version(), 2);
  EXPECT_EQ(loaded->cap_months(), 24);
  // Another procuratorate still has the defaults.
  auto xishui = GetPolicy(xishui_head_);
  ASSERT_TRUE(xishui.ok());
  EXPECT_EQ(xishui->version(), 0);
  EXPECT_EQ(xishui->cap_months(), 36);
}

TEST_F(AidConfigTest, BadPolicyWritesNothing) {
  const auto before = Counts();
  pb::AidPolicy p = DefaultPolicy(kRenhuai);
  p.set_cap_months(0);
  auto r = UpdatePolicy(p);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasField(r.status(), "policy.cap_months")) << r.status();
  p = DefaultPolicy(kRenhuai);
  p.mutable_step_actors(0)->set_role("volunteer");
  r = UpdatePolicy(p);
  EXPECT_TRUE(HasField(r.status(), "policy.step_actors[0].role")) << r.status();
  EXPECT_EQ(::shouhu::testing::DescribeChange(before, Counts()), "");
}

TEST_F(AidConfigTest, PolicyOfAnotherProcuratorateOnlyForAdmins) {
  EXPECT_EQ(GetPolicy(caseworker_, kXishui).status().code(), absl::StatusCode::kPermissionDenied);
  auto admin = GetPolicy(admin_, kXishui);
  ASSERT_TRUE(admin.ok()) << admin.status();
  EXPECT_EQ(admin->procuratorate_code(), kXishui);
  EXPECT_EQ(GetPolicy(admin_, "5203").status().code(), absl::StatusCode::kInvalidArgument);
}

// Every statement of the configuration storage uses an index at 100,000 wage figures,
// 100,000 replaced figures and 100,000 policies (far more than 31 provinces and ~3,600
// procuratorates will ever have).
TEST_F(AidConfigTest, EveryStatementUsesAnIndex) {
  Exec(
      "INSERT INTO aid_wage_entries (province_code, year, monthly_wage_fen, source, basis,"
      " recorded_at_ms, recorded_by, recorded_by_name)"
      " SELECT LPAD(seq DIV 100, 6, '0'), 1900 + seq MOD 100, 700000, 's', 'b', seq,"
      " 'user:u-admin', 'a' FROM seq_0_to_99999");
  Exec(
      "INSERT INTO aid_wage_history (province_code, year, superseded_at_ms, seq,"
      " monthly_wage_fen, source, basis, recorded_at_ms, recorded_by, recorded_by_name)"
      " SELECT LPAD((seq MOD 9900) DIV 100 + 1, 2, '0') * 10000, 1900 + seq MOD 100, seq,"
      " seq, 1, 's', 'b', seq, 'user:u-admin', 'a' FROM seq_1_to_100000");
  Exec(
      "INSERT INTO aid_policies (procuratorate_code, committee_threshold_fen, cap_months,"
      " decision_working_days, notify_working_days, emergency_paperwork_working_days,"
      " suggestion_reply_working_days, emergency_cap_fen, step_actors_pb, updated_at_ms,"
      " version) SELECT LPAD(seq, 6, '0'), 1, 36, 10, 2, 10, 5, 1, '', 1, 1"
      " FROM seq_100000_to_199999");
  for (const char* t : {"aid_wage_entries", "aid_wage_history", "aid_policies"}) {
    (void)Strings(absl::StrCat("ANALYZE TABLE ", t));  // a result set: read it
  }
  using namespace config_sql;  // NOLINT(build/namespaces)
  using ::shouhu::testing::Compose;
  using ::shouhu::testing::NamedStatement;
  const std::vector<NamedStatement> statements = {
      {"kWageAtOrBefore", kWageAtOrBefore, {std::string("520000"), int64_t{2025}}},
      {"kWageForUpdate", kWageForUpdate, {std::string("520000"), int64_t{2025}}},
      {"kReplaceWage",
       kReplaceWage,
       {int64_t{1}, std::string("s"), std::string("b"), int64_t{1}, std::string("u"),
        std::string("n"), std::string("520000"), int64_t{2025}, int64_t{1}}},
      // ListWageEntries: first and later pages of the entries and of the history, all
      // provinces or one.
      Compose({SQL_FRAGMENT(kWageCols), SQL_FRAGMENT(kWagesByYear), SQL_FRAGMENT(kWagesOrder)},
              {int64_t{51}}),
      Compose({SQL_FRAGMENT(kWageCols), SQL_FRAGMENT(kWagesByYear), SQL_FRAGMENT(kWagesAfter),
               SQL_FRAGMENT(kWagesOrder)},
              {int64_t{1950}, int64_t{1950}, std::string("000500"), int64_t{51}}),
      Compose({SQL_FRAGMENT(kWageCols), SQL_FRAGMENT(kWagesOfProvince),
               SQL_FRAGMENT(kWagesOfProvinceOrder)},
              {std::string("000500"), int64_t{51}}),
      Compose({SQL_FRAGMENT(kWageCols), SQL_FRAGMENT(kWagesOfProvince),
               SQL_FRAGMENT(kWagesOfProvinceAfter), SQL_FRAGMENT(kWagesOfProvinceOrder)},
              {std::string("000500"), int64_t{1950}, int64_t{51}}),
      Compose({SQL_FRAGMENT(kWageHistoryCols), SQL_FRAGMENT(kWageHistoryByTime),
               SQL_FRAGMENT(kWageHistoryAll), SQL_FRAGMENT(kWageHistoryOrder)},
              {int64_t{51}}),
      Compose({SQL_FRAGMENT(kWageHistoryCols), SQL_FRAGMENT(kWageHistoryByTime),
               SQL_FRAGMENT(kWageHistoryAll), SQL_FRAGMENT(kWageHistoryAfter),
               SQL_FRAGMENT(kWageHistoryOrder)},
              {int64_t{50000}, int64_t{50000}, std::string("520000"), std::string("520000"),
               int64_t{1950}, int64_t{1950}, int64_t{50000}, int64_t{51}}),
      Compose({SQL_FRAGMENT(kWageHistoryCols), SQL_FRAGMENT(kWageHistoryOfProvince),
               SQL_FRAGMENT(kWageHistoryOrder)},
              {std::string("520000"), int64_t{51}}),
      Compose({SQL_FRAGMENT(kWageHistoryCols), SQL_FRAGMENT(kWageHistoryOfProvince),
               SQL_FRAGMENT(kWageHistoryAfter), SQL_FRAGMENT(kWageHistoryOrder)},
              {std::string("520000"), int64_t{50000}, int64_t{50000}, std::string("520000"),
               std::string("520000"), int64_t{1950}, int64_t{1950}, int64_t{50000}, int64_t{51}}),
      {"kGetPolicy", kGetPolicy, {std::string("520382")}},
      {"kUpdatePolicy",
       kUpdatePolicy,
       {int64_t{1}, int64_t{36}, int64_t{10}, int64_t{2}, int64_t{10}, int64_t{5}, int64_t{1},
        std::string(""), int64_t{1}, std::string("520382"), int64_t{1}}},
  };
  EXPECT_EQ(::shouhu::testing::ExpectNoFullScans(*pool_, statements), 0);
}

}  // namespace
}  // namespace shouhu::aid
