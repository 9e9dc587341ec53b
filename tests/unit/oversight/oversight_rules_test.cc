// The oversight service without I/O: the deadline catalogue and its rendering in
// docs/oversight.md, what an event means (highest sequence wins), statuses and notice
// timing at the China-day boundaries, the ledger's arithmetic and suppression, and the
// access table (every RPC covered, roles per RPC, docs/access-policy.md its rendering).
#include <gtest/gtest.h>

#include <set>

#include "common/base/dates.h"
#include "common/base/text.h"
#include "oversight/access_policy.h"
#include "oversight/catalogue.h"
#include "oversight/notifier.h"
#include "oversight/rules.h"
#include "support/generated_doc.h"
#include "support/principals.h"

namespace shouhu::oversight {
namespace {

using ::shouhu::testing::Agency;
using ::shouhu::testing::Service;
using ::shouhu::testing::User;

// 2026-03-10 00:00 China time is 2026-03-09 16:00 UTC.
absl::Time China(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss), ChinaTime());
}
int64_t Ms(absl::Time t) { return absl::ToUnixMillis(t); }

TEST(CatalogueTest, OneEntryPerKindInEnumOrder) {
  const auto* e = v1::DeadlineKind_descriptor();
  std::set<int> seen;
  int previous = 0;
  for (const DeadlineKindInfo& k : DeadlineCatalogue()) {
    EXPECT_GT(static_cast<int>(k.kind), previous);
    previous = k.kind;
    EXPECT_TRUE(seen.insert(k.kind).second);
    EXPECT_EQ(k.code, v1::DeadlineKind_Name(k.kind));
    EXPECT_FALSE(k.name_zh.empty());
    EXPECT_FALSE(k.name_en.empty());
    EXPECT_TRUE(k.producer == "referral" || k.producer == "aid" || k.producer == "guardianship" ||
                k.producer == "visit")
        << k.code;
    EXPECT_FALSE(k.starts.empty());
    EXPECT_FALSE(k.ends.empty());
  }
  EXPECT_EQ(static_cast<int>(seen.size()), e->value_count() - 1);
  EXPECT_EQ(FindDeadlineKind(v1::DEADLINE_KIND_UNSPECIFIED), nullptr);
  EXPECT_EQ(FindDeadlineKind(99), nullptr);
  ASSERT_NE(FindDeadlineKind(v1::AID_DECISION), nullptr);
  EXPECT_EQ(FindDeadlineKind(v1::AID_DECISION)->producer, "aid");
}

// docs/oversight.md's catalogue is the rendering of the code's (re-render with
// SHOUHU_UPDATE_OVERSIGHT_DOC=1).
TEST(CatalogueTest, DocsAreTheRenderedCatalogue) {
  if (!testing::ExpectGeneratedSection("docs/oversight.md",
                                       "<!-- BEGIN GENERATED: deadline catalogue -->\n",
                                       "<!-- END GENERATED: deadline catalogue -->",
                                       CatalogueMarkdown(), "SHOUHU_UPDATE_OVERSIGHT_DOC")) {
    GTEST_SKIP() << "SHOUHU_SOURCE_DIR is not set";
  }
}

v1::DeadlineChanged Change() {
  v1::DeadlineChanged e;
  e.set_item_key("AID_DECISION:aid-520382-1");
  e.set_kind(v1::AID_DECISION);
  e.set_procuratorate_code("520382");
  e.set_case_id("case-520382-1");
  e.set_record_id("aid-520382-1");
  e.set_assigned_to("person:u-zhang");
  e.set_department("未成年人检察部");
  e.mutable_started_at()->set_unix_millis(Ms(China(2026, 3, 1, 9)));
  e.mutable_due_at()->set_unix_millis(Ms(China(2026, 3, 13, 18)));
  e.set_state(v1::DEADLINE_OPEN);
  e.set_sequence(3);
  return e;
}

TEST(RulesTest, ItemFromEvent) {
  auto item = ItemFromEvent(Change());
  ASSERT_TRUE(item.ok()) << item.status();
  EXPECT_EQ(item->assignee, "u-zhang");
  EXPECT_EQ(item->ended_at_ms, 0);
  EXPECT_EQ(AssigneeOf("user:u-wang"), "u-wang");
  EXPECT_EQ(AssigneeOf("u-wang"), "u-wang");
  EXPECT_EQ(AssigneeOf(""), "");

  v1::DeadlineChanged bad = Change();
  bad.set_kind(static_cast<v1::DeadlineKind>(42));
  bad.set_procuratorate_code("5203");
  bad.clear_due_at();
  bad.set_sequence(0);
  bad.set_assigned_to("person:有空格 的");
  auto refused = ItemFromEvent(bad);
  ASSERT_TRUE(absl::IsInvalidArgument(refused.status()));
  std::set<std::string> fields;
  for (const auto& [f, d] : FieldViolationsOf(refused.status())) fields.insert(f);
  EXPECT_EQ(fields, (std::set<std::string>{"kind", "procuratorate_code", "due_at", "sequence",
                                           "assigned_to"}));
  v1::DeadlineChanged met = Change();
  met.set_state(v1::DEADLINE_MET);
  EXPECT_TRUE(absl::IsInvalidArgument(ItemFromEvent(met).status()));  // no ended_at
  met.mutable_ended_at()->set_unix_millis(Ms(China(2026, 3, 12)));
  EXPECT_TRUE(ItemFromEvent(met).ok());
  v1::DeadlineChanged unknown_state = Change();
  unknown_state.set_state(v1::DEADLINE_STATE_UNSPECIFIED);
  EXPECT_TRUE(absl::IsInvalidArgument(ItemFromEvent(unknown_state).status()));
}

TEST(RulesTest, HighestSequenceWins) {
  EXPECT_EQ(Decide(std::nullopt, 1), Apply::kInsert);
  EXPECT_EQ(Decide(std::nullopt, 7), Apply::kInsert);  // a later change arriving first
  EXPECT_EQ(Decide(3, 4), Apply::kUpdate);
  EXPECT_EQ(Decide(3, 3), Apply::kIgnore);  // a redelivery
  EXPECT_EQ(Decide(7, 4), Apply::kIgnore);  // an older change arriving late
}

TEST(RulesTest, StatusAndNoticeTimingAtTheChinaDayBoundaries) {
  Item item = *ItemFromEvent(Change());  // due 2026-03-13 18:00 China time
  const NoticeTiming on_the_day;
  // The day before, one second before China midnight: running, no notice.
  EXPECT_EQ(StatusAt(item, China(2026, 3, 12, 23, 59, 59), on_the_day), v1::STATUS_RUNNING);
  EXPECT_FALSE(DueNoticeDue(item, China(2026, 3, 12, 23, 59, 59), on_the_day));
  // China midnight of the due day (16:00 UTC the day before): due.
  EXPECT_EQ(StatusAt(item, China(2026, 3, 13), on_the_day), v1::STATUS_DUE);
  EXPECT_TRUE(DueNoticeDue(item, China(2026, 3, 13), on_the_day));
  EXPECT_FALSE(OverdueNoticeDue(item, China(2026, 3, 13)));
  // At the due instant still due; one millisecond later overdue.
  EXPECT_EQ(StatusAt(item, China(2026, 3, 13, 18), on_the_day), v1::STATUS_DUE);
  EXPECT_FALSE(OverdueNoticeDue(item, China(2026, 3, 13, 18)));
  const absl::Time after = China(2026, 3, 13, 18) + absl::Milliseconds(1);
  EXPECT_EQ(StatusAt(item, after, on_the_day), v1::STATUS_OVERDUE);
  EXPECT_TRUE(OverdueNoticeDue(item, after));
  EXPECT_FALSE(DueNoticeDue(item, after, on_the_day));  // overdue: the OVERDUE notice only
  // A lead of two days: due from China midnight two days before the due day.
  const NoticeTiming two_days{.lead_days = 2};
  EXPECT_EQ(StatusAt(item, China(2026, 3, 10, 23, 59, 59), two_days), v1::STATUS_RUNNING);
  EXPECT_EQ(StatusAt(item, China(2026, 3, 11), two_days), v1::STATUS_DUE);
  EXPECT_EQ(DueHorizon(China(2026, 3, 11, 8), two_days), China(2026, 3, 14));
  // Unassigned items get no notice; ended items none either.
  Item unassigned = item;
  unassigned.assignee.clear();
  EXPECT_FALSE(DueNoticeDue(unassigned, China(2026, 3, 13), on_the_day));
  EXPECT_FALSE(OverdueNoticeDue(unassigned, after));
  Item met = item;
  met.state = v1::DEADLINE_MET;
  met.ended_at_ms = Ms(China(2026, 3, 13, 17));
  EXPECT_EQ(StatusAt(met, after, on_the_day), v1::STATUS_MET);
  EXPECT_FALSE(OverdueNoticeDue(met, after));
  EXPECT_TRUE(ToDeadline(met, after, on_the_day).on_time());
  met.ended_at_ms = Ms(after);
  EXPECT_FALSE(ToDeadline(met, after, on_the_day).on_time());
}

TEST(RulesTest, LedgerMonthInChinaTime) {
  auto march = LedgerMonth(2026, 3, China(2026, 5, 1));
  ASSERT_TRUE(march.ok()) << march.status();
  EXPECT_EQ(march->start_ms, Ms(China(2026, 3, 1)));
  EXPECT_EQ(march->end_ms, Ms(China(2026, 4, 1)));
  EXPECT_EQ(march->cutoff_ms, march->end_ms);
  // The running month counts open items now.
  auto running = LedgerMonth(2026, 3, China(2026, 3, 20, 10));
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->cutoff_ms, Ms(China(2026, 3, 20, 10)));
  EXPECT_TRUE(absl::IsInvalidArgument(LedgerMonth(2026, 4, China(2026, 3, 31, 23)).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(LedgerMonth(2026, 13, China(2026, 3, 1)).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(LedgerMonth(1999, 1, China(2026, 3, 1)).status()));
}

TEST(RulesTest, LedgerArithmetic) {
  const MonthSpan m = *LedgerMonth(2026, 3, China(2026, 5, 1));
  const std::vector<LedgerPart> parts = {
      {"刑事检察部", {.handled = 10, .on_time = 7, .open = 0, .overdue = 0}},
      {"未成年人检察部", {.handled = 20, .on_time = 20, .open = 0, .overdue = 0}},
      {"刑事检察部", {.handled = 0, .on_time = 0, .open = 6, .overdue = 5}},  // open now
      {"刑事检察部", {.handled = 0, .on_time = 0, .open = 2, .overdue = 1}},  // ended later
      {"", {.handled = 0, .on_time = 0, .open = 9, .overdue = 0}},
  };
  const v1::MonthlyLedger l = BuildLedger(m, parts, /*suppress=*/false);
  ASSERT_EQ(l.rows_size(), 3);
  EXPECT_EQ(l.rows(0).key(), "");
  EXPECT_EQ(l.rows(1).key(), "刑事检察部");
  EXPECT_EQ(l.rows(1).handled(), 10);
  EXPECT_EQ(l.rows(1).on_time(), 7);
  EXPECT_EQ(l.rows(1).late(), 3);
  EXPECT_EQ(l.rows(1).open_at_month_end(), 8);
  EXPECT_EQ(l.rows(1).overdue_at_month_end(), 6);
  EXPECT_EQ(l.rows(2).late(), 0);
  EXPECT_EQ(l.total().handled(), 30);
  EXPECT_EQ(l.total().late(), 3);
  EXPECT_EQ(l.total().open_at_month_end(), 17);
  EXPECT_EQ(l.total().overdue_at_month_end(), 6);
  EXPECT_EQ(l.year(), 2026);
  EXPECT_EQ(l.month(), 3);
}

TEST(RulesTest, LedgerSuppressionForAnalysts) {
  const MonthSpan m = *LedgerMonth(2026, 3, China(2026, 5, 1));
  // "a" has a late count of 3 (small); being the only small row, the next smallest row
  // ("b") goes too; "c" stays.
  const std::vector<LedgerPart> parts = {
      {"a", {.handled = 10, .on_time = 7, .open = 0, .overdue = 0}},
      {"b", {.handled = 20, .on_time = 20, .open = 0, .overdue = 0}},
      {"c", {.handled = 50, .on_time = 50, .open = 10, .overdue = 0}},
  };
  const v1::MonthlyLedger l = BuildLedger(m, parts, /*suppress=*/true);
  ASSERT_EQ(l.rows_size(), 3);
  EXPECT_TRUE(l.rows(0).suppressed());
  EXPECT_EQ(l.rows(0).handled(), 0);
  EXPECT_EQ(l.rows(0).key(), "a");
  EXPECT_TRUE(l.rows(1).suppressed());
  EXPECT_FALSE(l.rows(2).suppressed());
  EXPECT_EQ(l.rows(2).handled(), 50);
  // The total has 3 late: it is small itself.
  EXPECT_TRUE(l.total().suppressed());
  EXPECT_EQ(l.total().late(), 0);
  const v1::MonthlyLedger plain = BuildLedger(m, parts, /*suppress=*/false);
  EXPECT_EQ(plain.total().late(), 3);
}

TEST(NotifierTest, JsonCarriesIdsKindsAndDueOnly) {
  v1::Notice n;
  n.set_notice_id("ntc-520382-1");
  n.set_kind(v1::NOTICE_OVERDUE);
  n.set_deadline_kind(v1::AID_DECISION);
  n.set_item_key("AID_DECISION:aid-520382-1");
  n.set_procuratorate_code("520382");
  n.set_recipient("u-zhang");
  n.set_record_id("aid-520382-1");
  n.mutable_due_at()->set_unix_millis(Ms(China(2026, 3, 13, 18)));
  EXPECT_EQ(NoticeJson(n),
            "{\"notice_id\":\"ntc-520382-1\",\"kind\":\"OVERDUE\",\"deadline_kind\":"
            "\"AID_DECISION\",\"item_key\":\"AID_DECISION:aid-520382-1\","
            "\"procuratorate_code\":\"520382\",\"recipient\":\"u-zhang\",\"case_id\":\"\","
            "\"record_id\":\"aid-520382-1\",\"due_at\":\"2026-03-13T10:00:00Z\","
            "\"due_at_ms\":1773396000000}");
  EXPECT_EQ(RetryBackoff(1), absl::Seconds(30));
  EXPECT_EQ(RetryBackoff(2), absl::Seconds(60));
  EXPECT_EQ(RetryBackoff(30), absl::Hours(1));
  EXPECT_FALSE(WebhookNotifier::Create({.url = "ftp://x/y"}).ok());
  EXPECT_FALSE(WebhookNotifier::Create({.url = "https:///y"}).ok());
  EXPECT_TRUE(WebhookNotifier::Create({.url = "https://partner.example/notices"}).ok());
  // Plain HTTP only to this machine.
  EXPECT_FALSE(WebhookNotifier::Create({.url = "http://partner.example/notices"}).ok());
  EXPECT_FALSE(WebhookNotifier::Create({.url = "http://127.0.0.1.partner.example/n"}).ok());
  EXPECT_FALSE(WebhookNotifier::Create({.url = "http://localhost.example:80/n"}).ok());
  EXPECT_FALSE(WebhookNotifier::Create({.url = "http://localhost:80@partner.example/n"}).ok());
  EXPECT_TRUE(WebhookNotifier::Create({.url = "http://127.0.0.1:8080/notices"}).ok());
  EXPECT_TRUE(WebhookNotifier::Create({.url = "http://localhost/notices"}).ok());
  EXPECT_TRUE(WebhookNotifier::Create({.url = "http://[::1]:9000/n"}).ok());
}

TEST(OversightAccessPolicyTest, CoversEveryMethod) {
  const auto services = OversightServices();
  ASSERT_EQ(services.size(), 2u);  // DeadlineWatchService, QualityReviewService
  for (const auto* s : services) ASSERT_NE(s, nullptr);
  EXPECT_TRUE(OversightAccessPolicy().CheckCovers(services).ok())
      << OversightAccessPolicy().CheckCovers(services);
}

TEST(OversightAccessPolicyTest, RolesPerRpc) {
  const Principal worker = User("u-zhang", "520382", {Role::kCaseworker});
  const Principal head = User("u-head", "520382", {Role::kDepartmentHead});
  const Principal chief = User("u-chief", "520382", {Role::kChief}, "chief_procurator");
  const Principal analyst = User("u-analyst", "520382", {Role::kAnalyst});
  const Principal admin = User("u-admin", "520382", {Role::kAdmin});
  EXPECT_TRUE(Admitted(worker, "ListMyDeadlines").ok());
  EXPECT_TRUE(Admitted(worker, "ListNotices").ok());
  EXPECT_TRUE(Admitted(worker, "AcknowledgeNotice").ok());
  EXPECT_FALSE(Admitted(worker, "ListDepartmentDeadlines").ok());
  EXPECT_FALSE(Admitted(worker, "GetMonthlyLedger").ok());
  EXPECT_TRUE(Admitted(head, "ListDepartmentDeadlines").ok());
  EXPECT_TRUE(Admitted(head, "GetMonthlyLedger").ok());
  EXPECT_TRUE(Admitted(chief, "ListDepartmentDeadlines").ok());
  EXPECT_TRUE(Admitted(chief, "GetMonthlyLedger").ok());
  EXPECT_TRUE(Admitted(analyst, "GetMonthlyLedger").ok());
  for (const char* m :
       {"ListMyDeadlines", "ListDepartmentDeadlines", "ListNotices", "AcknowledgeNotice"}) {
    EXPECT_FALSE(Admitted(analyst, m).ok()) << m;
    EXPECT_FALSE(Admitted(admin, m).ok()) << m;
  }
  for (const auto* s : OversightServices()) {
    for (int i = 0; i < s->method_count(); ++i) {
      EXPECT_FALSE(Admitted(Agency("fl-renhuai", "520382"), s->method(i)->name()).ok());
      EXPECT_FALSE(Admitted(Service("referral"), s->method(i)->name()).ok());
    }
  }
}

TEST(OversightAccessPolicyTest, Conditions) {
  const Principal head = User("u-head", "520382", {Role::kDepartmentHead});
  const Principal other_head = User("u-xs", "520382", {Role::kDepartmentHead}, "", "刑事检察部");
  const Principal chief = User("u-chief", "520382", {Role::kChief});
  const Principal xs_chief = User("u-chief2", "520330", {Role::kChief});
  const RecordFacts dept{
      .procuratorate = "520382", .agency = "", .assigned_to = "", .department = "未成年人检察部"};
  const RecordFacts all{
      .procuratorate = "520382", .agency = "", .assigned_to = "", .department = ""};
  EXPECT_TRUE(Require(OwnDepartmentOrChief(), head, dept, "list").ok());
  EXPECT_FALSE(Require(OwnDepartmentOrChief(), other_head, dept, "list").ok());
  EXPECT_FALSE(Require(OwnDepartmentOrChief(), head, all, "list").ok());
  EXPECT_TRUE(Require(OwnDepartmentOrChief(), chief, all, "list").ok());
  EXPECT_FALSE(Require(OwnDepartmentOrChief(), xs_chief, all, "list").ok());
  const Principal zhang = User("u-zhang", "520382", {Role::kCaseworker});
  const RecordFacts notice{.procuratorate = "520382", .agency = "", .assigned_to = "u-zhang"};
  EXPECT_TRUE(Require(NoticeRecipient(), zhang, notice, "ack").ok());
  EXPECT_FALSE(Require(NoticeRecipient(), head, notice, "ack").ok());
  EXPECT_FALSE(
      Require(NoticeRecipient(), User("u-zhang", "520330", {Role::kCaseworker}), notice, "ack")
          .ok());
}

// The oversight table of docs/access-policy.md is the rendering of this table (re-render
// with SHOUHU_UPDATE_ACCESS_DOC=1).
TEST(OversightAccessPolicyTest, DocsAreTheRenderedTable) {
  if (!testing::ExpectGeneratedSection(
          "docs/access-policy.md", "<!-- BEGIN GENERATED: oversight access policy tables -->\n",
          "<!-- END GENERATED: oversight access policy tables -->",
          OversightAccessPolicy().Markdown(), "SHOUHU_UPDATE_ACCESS_DOC")) {
    GTEST_SKIP() << "SHOUHU_SOURCE_DIR is not set";
  }
}

}  // namespace
}  // namespace shouhu::oversight
