// The oversight service on a real MariaDB: events in through the service's inbox become
// items (out of order and repeated deliveries included), the lists read them, the notice
// job raises DUE and OVERDUE notices with a fake clock and delivers them (log notifier,
// and a webhook to a loopback server that fails and then recovers: nothing lost, nothing
// sent twice, a restarted job included), notices are acknowledged, the monthly ledger
// adds up by department and caseworker, the access matrix (role x RPC x tenant) follows
// the table, and EXPLAIN of every statement at 100,000 items shows no full scan.
#include <httplib.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/base/dates.h"
#include "common/server/events.h"
#include "integration/db_fixture.h"
#include "oversight/access_policy.h"
#include "oversight/notice_job.h"
#include "oversight/oversight_sql.h"
#include "oversight/store.h"
#include "oversight/watch_core.h"
#include "oversight/watch_grpc.h"
#include "support/access_matrix.h"
#include "support/explain_check.h"
#include "support/principals.h"

namespace shouhu::testing {
namespace {

namespace ov = ::shouhu::oversight;
namespace v1 = ::shouhu::oversight::v1;
namespace cpb = ::shouhu::common::v1;

constexpr char kRenhuai[] = "520382";
constexpr char kXishui[] = "520330";
constexpr char kMinors[] = "未成年人检察部";
constexpr char kCriminal[] = "刑事检察部";

absl::Time China(int y, int m, int d, int hh = 0, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), ChinaTime());
}
int64_t Ms(absl::Time t) { return absl::ToUnixMillis(t); }

// Notices a notifier was handed, in order.
class RecordingNotifier : public ov::Notifier {
 public:
  absl::Status Deliver(const v1::Notice& n) override {
    absl::MutexLock l(&mu_);
    ids_.push_back(n.notice_id());
    return absl::OkStatus();
  }
  std::string name() const override { return "recording"; }
  std::vector<std::string> ids() {
    absl::MutexLock l(&mu_);
    return ids_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> ids_;
};

class OversightTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    deps_.pool = pool_.get();
    deps_.clock = &clock_;
    deps_.ids = &ids_;
    core_ = std::make_unique<ov::WatchCore>(deps_);
    inbox_ = std::make_unique<InboxReceiver>(
        "oversight", pool_.get(), /*env=*/nullptr,
        [this](db::Tx& tx, const cpb::Event& e) { return core_->ReactToEvent(tx, e); });
    table_ = std::make_unique<MethodTable>(ov::DeadlineWatchMethods(core_.get()));
  }

  v1::DeadlineChanged Change(const std::string& record, v1::DeadlineKind kind, int64_t sequence,
                             absl::Time due, const std::string& assignee = "u-zhang",
                             const std::string& department = kMinors,
                             const std::string& proc = kRenhuai) {
    v1::DeadlineChanged c;
    c.set_item_key(absl::StrCat(v1::DeadlineKind_Name(kind), ":", record));
    c.set_kind(kind);
    c.set_procuratorate_code(proc);
    c.set_case_id(absl::StrCat("case-", proc, "-1"));
    c.set_record_id(record);
    if (!assignee.empty()) c.set_assigned_to(absl::StrCat("person:", assignee));
    c.set_department(department);
    c.mutable_started_at()->set_unix_millis(Ms(due - absl::Hours(24 * 10)));
    c.mutable_due_at()->set_unix_millis(Ms(due));
    c.set_state(v1::DEADLINE_OPEN);
    c.set_sequence(sequence);
    return c;
  }
  static v1::DeadlineChanged Ended(v1::DeadlineChanged c, v1::DeadlineState state, absl::Time at,
                                   int64_t sequence) {
    c.set_state(state);
    c.mutable_ended_at()->set_unix_millis(Ms(at));
    c.set_sequence(sequence);
    return c;
  }

  // Delivers `c` as event `event_id`; whether it was a duplicate.
  bool Deliver(const v1::DeadlineChanged& c, const std::string& event_id = "") {
    cpb::Event e;
    e.set_event_id(event_id.empty() ? absl::StrCat("evt-", ++events_) : event_id);
    e.set_topic(ov::kTopicDeadlineChanged);
    e.set_procuratorate_code(c.procuratorate_code());
    *e.mutable_occurred_at() = ToTimestamp(clock_.Now());
    e.mutable_payload()->PackFrom(c);
    auto r = inbox_->Deliver(Service("referral"), e);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() && r->duplicate();
  }

  std::vector<std::string> Keys(const v1::ListDeadlinesResponse& r) {
    std::vector<std::string> out;
    for (const auto& d : r.deadlines()) out.push_back(d.item_key());
    return out;
  }

  FakeClock clock_{China(2026, 3, 10, 9)};
  SequentialIdGenerator ids_;
  ov::OversightDeps deps_;
  std::unique_ptr<ov::WatchCore> core_;
  std::unique_ptr<InboxReceiver> inbox_;
  std::unique_ptr<MethodTable> table_;
  int events_ = 0;
  const Principal zhang_ = User("u-zhang", kRenhuai, {Role::kCaseworker});
  const Principal wang_ = User("u-wang", kRenhuai, {Role::kCaseworker});
  const Principal head_ = User("u-head", kRenhuai, {Role::kDepartmentHead});
  const Principal chief_ = User("u-chief", kRenhuai, {Role::kChief}, "chief_procurator");
  const Principal analyst_ = User("u-analyst", kRenhuai, {Role::kAnalyst});
};

TEST_F(OversightTest, EventsBecomeItemsHighestSequenceWins) {
  const absl::Time due = China(2026, 3, 20, 18);
  v1::DeadlineChanged first = Change("aid-520382-1", v1::AID_DECISION, 1, due);
  v1::DeadlineChanged moved = Change("aid-520382-1", v1::AID_DECISION, 2, due + absl::Hours(48));
  v1::DeadlineChanged met = Ended(moved, v1::DEADLINE_MET, China(2026, 3, 21), 3);
  // Out of order: the move arrives first, the met change, then the start late.
  EXPECT_FALSE(Deliver(moved, "evt-moved"));
  EXPECT_EQ(Int("SELECT sequence FROM oversight_items"), 2);
  EXPECT_FALSE(Deliver(first, "evt-first"));  // older: recorded, ignored
  EXPECT_EQ(Int("SELECT sequence FROM oversight_items"), 2);
  EXPECT_EQ(Int("SELECT due_at_ms FROM oversight_items"), Ms(due + absl::Hours(48)));
  EXPECT_TRUE(Deliver(moved, "evt-moved"));  // the same event again: a duplicate
  EXPECT_FALSE(Deliver(met, "evt-met"));
  EXPECT_FALSE(Deliver(moved, "evt-moved-resent-under-another-id"));  // older: ignored
  EXPECT_EQ(Count("oversight_items"), 1);
  EXPECT_EQ(Int("SELECT state FROM oversight_items"), v1::DEADLINE_MET);
  EXPECT_EQ(Int("SELECT sequence FROM oversight_items"), 3);
  EXPECT_EQ(Count("inbox_events", "receiver = 'oversight'"), 4);

  // Invalid payloads and other topics are recorded and change nothing.
  v1::DeadlineChanged bad = Change("aid-520382-2", v1::AID_DECISION, 1, due);
  bad.set_procuratorate_code("52");
  EXPECT_FALSE(Deliver(bad));
  EXPECT_EQ(Count("oversight_items"), 1);

  auto ended = core_->ListMyDeadlines(zhang_, [] {
    v1::ListMyDeadlinesRequest r;
    r.set_filter(v1::FILTER_ENDED);
    return r;
  }());
  ASSERT_TRUE(ended.ok()) << ended.status();
  ASSERT_EQ(ended->deadlines_size(), 1);
  EXPECT_EQ(ended->deadlines(0).status(), v1::STATUS_MET);
  EXPECT_TRUE(ended->deadlines(0).on_time());
  EXPECT_EQ(ended->deadlines(0).assigned_to(), "u-zhang");
}

TEST_F(OversightTest, ListsByFilterScopeAndPage) {
  // Now: 2026-03-10 09:00 China time.
  Deliver(Change("aid-520382-1", v1::AID_DECISION, 1, China(2026, 3, 9, 18)));       // overdue
  Deliver(Change("aid-520382-2", v1::AID_NOTIFICATION, 1, China(2026, 3, 10, 17)));  // due
  Deliver(Change("vslot-520382-3", v1::VISIT_WINDOW, 1, China(2026, 3, 11, 0)));     // running
  Deliver(Change("gord-520382-4", v1::ORDER_EVALUATION, 1, China(2026, 3, 12), "u-wang"));
  Deliver(Change("ref-520382-5", v1::REFERRAL_ANSWER, 1, China(2026, 3, 9), "", kCriminal));
  Deliver(
      Change("aid-520330-6", v1::AID_DECISION, 1, China(2026, 3, 9), "u-zhang", kMinors, kXishui));
  auto mine = [&](v1::DeadlineFilter f, int size = 0, const std::string& token = "") {
    v1::ListMyDeadlinesRequest r;
    r.set_filter(f);
    r.set_page_size(size);
    r.set_page_token(token);
    auto out = core_->ListMyDeadlines(zhang_, r);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : v1::ListDeadlinesResponse();
  };
  EXPECT_EQ(Keys(mine(v1::DEADLINE_FILTER_UNSPECIFIED)),
            (std::vector<std::string>{"AID_DECISION:aid-520382-1", "AID_NOTIFICATION:aid-520382-2",
                                      "VISIT_WINDOW:vslot-520382-3"}));
  EXPECT_EQ(Keys(mine(v1::FILTER_OVERDUE)),
            (std::vector<std::string>{"AID_DECISION:aid-520382-1"}));
  EXPECT_EQ(Keys(mine(v1::FILTER_DUE)),
            (std::vector<std::string>{"AID_NOTIFICATION:aid-520382-2"}));
  const v1::ListDeadlinesResponse open = mine(v1::FILTER_OPEN);
  ASSERT_EQ(open.deadlines_size(), 3);
  EXPECT_EQ(open.deadlines(0).status(), v1::STATUS_OVERDUE);
  EXPECT_EQ(open.deadlines(1).status(), v1::STATUS_DUE);
  EXPECT_EQ(open.deadlines(2).status(), v1::STATUS_RUNNING);
  // Pages of two.
  const v1::ListDeadlinesResponse p1 = mine(v1::FILTER_OPEN, 2);
  ASSERT_EQ(p1.deadlines_size(), 2);
  ASSERT_FALSE(p1.next_page_token().empty());
  const v1::ListDeadlinesResponse p2 = mine(v1::FILTER_OPEN, 2, p1.next_page_token());
  EXPECT_EQ(Keys(p2), (std::vector<std::string>{"VISIT_WINDOW:vslot-520382-3"}));
  EXPECT_TRUE(p2.next_page_token().empty());
  v1::ListMyDeadlinesRequest bad_token;
  bad_token.set_page_token("@@");
  EXPECT_TRUE(absl::IsInvalidArgument(core_->ListMyDeadlines(zhang_, bad_token).status()));

  // The department head: the department's items, unassigned ones included; another
  // department is refused. The chief: the whole procuratorate.
  v1::ListDepartmentDeadlinesRequest dept;
  auto heads = core_->ListDepartmentDeadlines(head_, dept);
  ASSERT_TRUE(heads.ok()) << heads.status();
  EXPECT_EQ(heads->deadlines_size(), 4);
  dept.set_department(kCriminal);
  EXPECT_TRUE(absl::IsPermissionDenied(core_->ListDepartmentDeadlines(head_, dept).status()));
  auto criminal = core_->ListDepartmentDeadlines(chief_, dept);
  ASSERT_TRUE(criminal.ok());
  ASSERT_EQ(criminal->deadlines_size(), 1);
  EXPECT_EQ(criminal->deadlines(0).assigned_to(), "");
  auto all = core_->ListDepartmentDeadlines(chief_, v1::ListDepartmentDeadlinesRequest());
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->deadlines_size(), 5);
}

TEST_F(OversightTest, NoticesAtDueAndOverdueOnceEachThenAcknowledged) {
  RecordingNotifier notifier;
  ov::NoticeJob job(deps_, &notifier);
  const absl::Time due = China(2026, 3, 12, 18);
  Deliver(Change("aid-520382-1", v1::AID_DECISION, 1, due));
  Deliver(Change("ref-520382-2", v1::REFERRAL_ANSWER, 1, due, ""));  // unassigned
  // The day before: nothing.
  clock_.Set(China(2026, 3, 11, 23, 59));
  auto run = job.RunOnce();
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->raised_due + run->raised_overdue, 0);
  // China midnight of the due day: the DUE notice, once.
  clock_.Set(China(2026, 3, 12));
  run = job.RunOnce();
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->raised_due, 1);
  EXPECT_EQ(run->delivered, 1);
  run = job.RunOnce();
  EXPECT_EQ(run->raised_due + run->raised_overdue + run->delivered, 0);
  // At the due instant still not overdue; a minute later the OVERDUE notice, once.
  clock_.Set(due);
  EXPECT_EQ(job.RunOnce()->raised_overdue, 0);
  clock_.Set(due + absl::Minutes(1));
  run = job.RunOnce();
  EXPECT_EQ(run->raised_overdue, 1);
  EXPECT_EQ(job.RunOnce()->raised_overdue, 0);
  EXPECT_EQ(Count("oversight_notices"), 2);
  EXPECT_EQ(notifier.ids().size(), 2u);
  // The unassigned item got none; once assigned (already overdue), one OVERDUE notice only.
  Deliver(Change("ref-520382-2", v1::REFERRAL_ANSWER, 2, due, "u-wang"));
  run = job.RunOnce();
  EXPECT_EQ(run->raised_overdue, 1);
  EXPECT_EQ(run->raised_due, 0);
  // A met item gets nothing more.
  Deliver(Change("aid-520382-9", v1::AID_DECISION, 1, China(2026, 3, 13, 18)));
  Deliver(Ended(Change("aid-520382-9", v1::AID_DECISION, 1, China(2026, 3, 13, 18)),
                v1::DEADLINE_MET, clock_.Now(), 2));
  clock_.Set(China(2026, 3, 14));
  EXPECT_EQ(job.RunOnce()->raised_overdue, 0);

  // u-zhang's notices: newest first, unacknowledged first.
  auto notices = core_->ListNotices(zhang_, v1::ListNoticesRequest());
  ASSERT_TRUE(notices.ok()) << notices.status();
  ASSERT_EQ(notices->notices_size(), 2);
  EXPECT_EQ(notices->notices(0).kind(), v1::NOTICE_OVERDUE);
  EXPECT_EQ(notices->notices(1).kind(), v1::NOTICE_DUE);
  EXPECT_TRUE(notices->notices(0).delivered());
  const v1::Notice due_notice = notices->notices(1);
  EXPECT_EQ(due_notice.recipient(), "u-zhang");
  EXPECT_EQ(due_notice.due_at().unix_millis(), Ms(due));

  v1::AcknowledgeNoticeRequest ack;
  ack.set_request_id("ack-request-0001");
  ack.set_notice_id(due_notice.notice_id());
  ack.set_version(due_notice.version());
  EXPECT_TRUE(absl::IsPermissionDenied(core_->AcknowledgeNotice(wang_, ack).status()));
  auto acked = core_->AcknowledgeNotice(zhang_, ack);
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_TRUE(acked->acknowledged());
  EXPECT_EQ(acked->version(), due_notice.version() + 1);
  auto replay = core_->AcknowledgeNotice(zhang_, ack);  // the same request: the same answer
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->version(), acked->version());
  ack.set_request_id("ack-request-0002");  // a new request on the old version: stale
  EXPECT_TRUE(absl::IsAborted(core_->AcknowledgeNotice(zhang_, ack).status()));
  EXPECT_EQ(Count("audit_log", "action = 'oversight.notice_acknowledged'"), 1);
  ack.set_notice_id("ntc-520382-nosuchnotice");
  EXPECT_TRUE(absl::IsNotFound(core_->AcknowledgeNotice(zhang_, ack).status()));
  ack.set_notice_id("ntc-520330-0000000000000001");
  EXPECT_TRUE(absl::IsPermissionDenied(core_->AcknowledgeNotice(zhang_, ack).status()));
  ack.set_notice_id("");
  EXPECT_TRUE(absl::IsInvalidArgument(core_->AcknowledgeNotice(zhang_, ack).status()));

  v1::ListNoticesRequest open_only;
  open_only.set_unacknowledged_only(true);
  auto unacked = core_->ListNotices(zhang_, open_only);
  ASSERT_TRUE(unacked.ok());
  ASSERT_EQ(unacked->notices_size(), 1);
  EXPECT_EQ(unacked->notices(0).kind(), v1::NOTICE_OVERDUE);
  // Unacknowledged first, in pages of one.
  v1::ListNoticesRequest paged;
  paged.set_page_size(1);
  auto page1 = core_->ListNotices(zhang_, paged);
  ASSERT_TRUE(page1.ok());
  EXPECT_FALSE(page1->notices(0).acknowledged());
  paged.set_page_token(page1->next_page_token());
  auto page2 = core_->ListNotices(zhang_, paged);
  ASSERT_TRUE(page2.ok()) << page2.status();
  ASSERT_EQ(page2->notices_size(), 1);
  EXPECT_TRUE(page2->notices(0).acknowledged());
  EXPECT_TRUE(page2->next_page_token().empty());
}

TEST_F(OversightTest, WebhookFailsThenRecoversNothingSentTwice) {
  httplib::Server server;
  absl::Mutex mu;
  int failures_left = 3;
  std::map<std::string, int> accepted;  // notice id -> 2xx answers
  int requests = 0;
  server.Post("/notices", [&](const httplib::Request& req, httplib::Response& res) {
    absl::MutexLock l(&mu);
    ++requests;
    if (failures_left > 0) {
      --failures_left;
      res.status = 503;
      return;
    }
    EXPECT_NE(req.body.find("\"kind\":\"DUE\""), std::string::npos) << req.body;
    ++accepted[req.get_header_value("Idempotency-Key")];
    res.status = 204;
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread serving([&] { server.listen_after_bind(); });
  while (!server.is_running()) absl::SleepFor(absl::Milliseconds(5));

  auto webhook = ov::WebhookNotifier::Create(
      {.url = absl::StrCat("http://127.0.0.1:", port, "/notices"), .timeout = absl::Seconds(2)});
  ASSERT_TRUE(webhook.ok()) << webhook.status();
  const absl::Time due = China(2026, 3, 10, 18);
  Deliver(Change("aid-520382-1", v1::AID_DECISION, 1, due));
  Deliver(Change("aid-520382-2", v1::AID_NOTIFICATION, 1, due));
  {
    ov::NoticeJob job(deps_, webhook->get());
    auto run = job.RunOnce();  // both raised, both refused (503)
    ASSERT_TRUE(run.ok()) << run.status();
    EXPECT_EQ(run->raised_due, 2);
    EXPECT_EQ(run->failed, 2);
    clock_.Advance(absl::Seconds(10));  // before the backoff: no attempt
    EXPECT_EQ(job.RunOnce()->failed + job.RunOnce()->delivered, 0);
    clock_.Advance(absl::Seconds(25));  // one more refusal, one accepted
    run = job.RunOnce();
    EXPECT_EQ(run->failed, 1);
    EXPECT_EQ(run->delivered, 1);
  }
  // A restarted job: only the one not yet delivered is sent, after its backoff.
  ov::NoticeJob restarted(deps_, webhook->get());
  EXPECT_EQ(restarted.RunOnce()->delivered, 0);
  clock_.Advance(absl::Seconds(61));
  EXPECT_EQ(restarted.RunOnce()->delivered, 1);
  EXPECT_EQ(restarted.RunOnce()->delivered, 0);
  clock_.Advance(absl::Hours(2));
  EXPECT_EQ(restarted.RunOnce()->delivered, 0);
  server.stop();
  serving.join();
  absl::MutexLock l(&mu);
  EXPECT_EQ(requests, 5);
  ASSERT_EQ(accepted.size(), 2u);
  for (const auto& [id, n] : accepted) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ(Count("oversight_notices", "delivery_pending = 0 AND delivered_at_ms > 0"), 2);
  EXPECT_EQ(Int("SELECT SUM(delivery_attempts) FROM oversight_notices"), 5);
}

TEST_F(OversightTest, AClaimedDeliveryIsNotSentByASecondJob) {
  RecordingNotifier first;
  RecordingNotifier second;
  Deliver(Change("aid-520382-1", v1::AID_DECISION, 1, China(2026, 3, 10, 18)));
  ov::NoticeJob a(deps_, &first);
  ov::NoticeRun run;
  ASSERT_TRUE(a.Raise(clock_.Now(), &run).ok());
  // Another instance claimed it (its lease runs) and has not recorded the outcome yet.
  ASSERT_TRUE(db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
                auto pending = ov::PendingDeliveries(tx, clock_.Now(), 10);
                EXPECT_EQ(pending->size(), 1u);
                auto claimed = ov::ClaimDelivery(tx, (*pending)[0].notice.notice_id(),
                                                 (*pending)[0].next_attempt_ms,
                                                 clock_.Now() + absl::Minutes(2));
                EXPECT_TRUE(*claimed);
                return absl::OkStatus();
              }).ok());
  ov::NoticeJob b(deps_, &second);
  EXPECT_EQ(b.RunOnce()->delivered, 0);
  EXPECT_TRUE(second.ids().empty());
  // The lease ran out (the claimer died): the next run sends it.
  clock_.Advance(absl::Minutes(3));
  EXPECT_EQ(b.RunOnce()->delivered, 1);
  EXPECT_EQ(second.ids().size(), 1u);
}

TEST_F(OversightTest, MonthlyLedgerByDepartmentAndCaseworker) {
  clock_.Set(China(2026, 4, 5));
  // March 2026: u-zhang (minors) meets two on time and one late; u-wang (minors) meets
  // one late; u-li (criminal) meets one on time. Open at the end of March: one of
  // u-zhang's (overdue), one of u-li's (not yet due), one met on 2 April (was open, and
  // overdue, at the month's end), and one cancelled on 2 April (open then, not overdue).
  int n = 0;
  auto met = [&](const std::string& who, const std::string& dept, absl::Time due, absl::Time done) {
    const std::string id = absl::StrCat("aid-520382-", ++n);
    Deliver(Ended(Change(id, v1::AID_DECISION, 1, due, who, dept), v1::DEADLINE_MET, done, 2));
  };
  met("u-zhang", kMinors, China(2026, 3, 10), China(2026, 3, 9));
  met("u-zhang", kMinors, China(2026, 3, 20), China(2026, 3, 20));
  met("u-zhang", kMinors, China(2026, 3, 20), China(2026, 3, 25));
  met("u-wang", kMinors, China(2026, 3, 1), China(2026, 3, 3));
  met("u-li", kCriminal, China(2026, 3, 30), China(2026, 3, 29));
  met("u-li", kCriminal, China(2026, 2, 20), China(2026, 2, 25));  // February: not March's
  met("u-zhang", kMinors, China(2026, 3, 25), China(2026, 4, 2));  // open (overdue) on 31 March
  Deliver(Change("aid-520382-20", v1::AID_DECISION, 1, China(2026, 3, 28)));  // open, overdue
  Deliver(Change("aid-520382-21", v1::AID_DECISION, 1, China(2026, 4, 10), "u-li", kCriminal));
  Deliver(Ended(Change("aid-520382-22", v1::AID_DECISION, 1, China(2026, 4, 3), "u-li", kCriminal),
                v1::DEADLINE_CANCELLED, China(2026, 4, 2), 2));
  // Started after the month: not open at its end.
  v1::DeadlineChanged later = Change("aid-520382-23", v1::AID_DECISION, 1, China(2026, 4, 20));
  later.mutable_started_at()->set_unix_millis(Ms(China(2026, 4, 1, 8)));
  Deliver(later);

  v1::GetMonthlyLedgerRequest r;
  r.set_year(2026);
  r.set_month(3);
  auto by_dept = core_->GetMonthlyLedger(chief_, r);
  ASSERT_TRUE(by_dept.ok()) << by_dept.status();
  ASSERT_EQ(by_dept->rows_size(), 2);
  const v1::LedgerRow& criminal = by_dept->rows(0);  // 刑 sorts before 未 in UTF-8
  const v1::LedgerRow& minors = by_dept->rows(1);
  EXPECT_EQ(criminal.key(), kCriminal);
  EXPECT_EQ(criminal.handled(), 1);
  EXPECT_EQ(criminal.on_time(), 1);
  EXPECT_EQ(criminal.open_at_month_end(), 2);
  EXPECT_EQ(criminal.overdue_at_month_end(), 0);
  EXPECT_EQ(minors.key(), kMinors);
  EXPECT_EQ(minors.handled(), 4);
  EXPECT_EQ(minors.on_time(), 2);
  EXPECT_EQ(minors.late(), 2);
  EXPECT_EQ(minors.open_at_month_end(), 2);
  EXPECT_EQ(minors.overdue_at_month_end(), 2);
  EXPECT_EQ(by_dept->total().handled(), 5);
  EXPECT_EQ(by_dept->total().open_at_month_end(), 4);

  r.set_grouping(v1::BY_CASEWORKER);
  auto by_worker = core_->GetMonthlyLedger(head_, r);  // the head: the minors' department only
  ASSERT_TRUE(by_worker.ok()) << by_worker.status();
  ASSERT_EQ(by_worker->rows_size(), 2);
  EXPECT_EQ(by_worker->rows(0).key(), "u-wang");
  EXPECT_EQ(by_worker->rows(0).handled(), 1);
  EXPECT_EQ(by_worker->rows(0).late(), 1);
  EXPECT_EQ(by_worker->rows(1).key(), "u-zhang");
  EXPECT_EQ(by_worker->rows(1).handled(), 3);
  EXPECT_EQ(by_worker->rows(1).on_time(), 2);
  EXPECT_EQ(by_worker->rows(1).open_at_month_end(), 2);

  // Analysts: every figure here is small, so every row (and the total) is suppressed.
  auto analysts = core_->GetMonthlyLedger(analyst_, r);
  ASSERT_TRUE(analysts.ok());
  for (const auto& row : analysts->rows()) {
    EXPECT_TRUE(row.suppressed()) << row.key();
    EXPECT_EQ(row.handled(), 0);
  }
  EXPECT_TRUE(analysts->total().suppressed());

  r.set_month(5);  // not begun
  EXPECT_TRUE(absl::IsInvalidArgument(core_->GetMonthlyLedger(chief_, r).status()));
}

// Role x RPC x tenant: each caller on a record of its own and of another procuratorate,
// through the bound method table, gets what the access table says.
class OversightAccessMatrixTest : public OversightTest,
                                  public ::testing::WithParamInterface<std::string> {};

TEST_P(OversightAccessMatrixTest, FollowsTheTable) {
  const std::string key = GetParam();
  std::vector<Caller> callers = StaffCallers(kRenhuai);
  callers.push_back({"agency", Agency("fl-renhuai", kRenhuai)});
  callers.push_back({"service", Service("referral")});
  int n = 0;
  // The other procuratorate's record carries a marker a list must never show.
  auto seed = [&](bool other, const std::string& assignee, const std::string& dept) {
    const std::string proc = other ? kXishui : kRenhuai;
    const std::string record = absl::StrCat("aid-", proc, "-m", ++n);
    v1::DeadlineChanged c = Change(record, v1::AID_DECISION, 1, clock_.Now() + absl::Hours(2),
                                   assignee, other ? "marker-dept" : dept, proc);
    Deliver(c);
    return c;
  };
  auto prepare = [&](bool other, bool assigned) -> Target {
    Target t;
    t.other = other;
    t.facts.procuratorate = kRenhuai;
    const std::string method = key.substr(key.rfind('/') + 1);
    if (method == "AcknowledgeNotice") {
      // A notice of the record's procuratorate, to u-zhang or to somebody else.
      v1::DeadlineChanged c = seed(other, assigned ? "u-zhang" : "u-other", kMinors);
      ov::Item item = *ov::ItemFromEvent(c);
      const std::string id = ids_.NewTenantId("ntc", c.procuratorate_code());
      EXPECT_TRUE(db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
                    return ov::RaiseNotice(tx, item, v1::NOTICE_DUE, id, clock_.Now()).status();
                  }).ok());
      t.facts.procuratorate = c.procuratorate_code();
      t.facts.assigned_to = item.assignee;
      auto req = std::make_unique<v1::AcknowledgeNoticeRequest>();
      req->set_request_id(absl::StrCat("ack-matrix-", n));
      req->set_notice_id(id);
      req->set_version(1);
      t.request = std::move(req);
      return t;
    }
    t.is_list = true;
    const v1::DeadlineChanged c = seed(true, "u-zhang", "");
    t.marker = c.record_id();
    if (method == "ListNotices") {
      ov::Item item = *ov::ItemFromEvent(c);
      const std::string id = ids_.NewTenantId("ntc", kXishui);
      EXPECT_TRUE(db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
                    return ov::RaiseNotice(tx, item, v1::NOTICE_DUE, id, clock_.Now()).status();
                  }).ok());
      t.marker = id;
      t.request = std::make_unique<v1::ListNoticesRequest>();
    } else if (method == "ListMyDeadlines") {
      t.request = std::make_unique<v1::ListMyDeadlinesRequest>();
    } else if (method == "ListDepartmentDeadlines") {
      // The callers' department, or another one.
      t.facts.department = assigned ? kMinors : kCriminal;
      auto req = std::make_unique<v1::ListDepartmentDeadlinesRequest>();
      req->set_department(t.facts.department);
      t.request = std::move(req);
    } else if (method == "GetMonthlyLedger") {
      t.marker = "marker-dept";
      auto req = std::make_unique<v1::GetMonthlyLedgerRequest>();
      req->set_year(2026);
      req->set_month(3);
      t.request = std::move(req);
    }
    return t;
  };
  WalkMatrix(ov::OversightAccessPolicy(), key, callers, prepare,
             [&](const Principal& p, const google::protobuf::Message& req) {
               return CallThrough({*table_}, key, p, req);
             });
}

// QualityReviewService's rows are walked by review_test.cc.
std::vector<std::string> WatchMethods() {
  std::vector<std::string> out;
  for (const std::string& m : MethodsOf(ov::OversightAccessPolicy())) {
    if (m.find("DeadlineWatchService/") != std::string::npos) out.push_back(m);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryRpc, OversightAccessMatrixTest, ::testing::ValuesIn(WatchMethods()),
                         MethodTestName);

// EXPLAIN of every statement at 100,000 items (two procuratorates, 500 caseworkers, 5
// departments, a third of the items open) and 100,000 notices.
TEST_F(OversightTest, NoFullScansAtOneHundredThousandItems) {
  Exec(
      "INSERT INTO oversight_items (item_key, kind, procuratorate_code, case_id, record_id,"
      " assignee, department, started_at_ms, due_at_ms, state, ended_at_ms, sequence, event_id,"
      " updated_at_ms, due_noticed, overdue_noticed)"
      " SELECT CONCAT('AID_DECISION:aid-', seq), 1 + seq % 9, IF(seq % 2 = 0, '520382', '520330'),"
      " CONCAT('case-', seq DIV 3), CONCAT('aid-', seq), IF(seq % 50 = 0, '', CONCAT('u-', seq % "
      "500)),"
      " CONCAT('dept-', seq % 5), 1767225600000 + seq * 60000, 1767225600000 + seq * 600000,"
      " 1 + seq % 3, IF(seq % 3 = 0, 0, 1767225600000 + seq * 590000), 1, CONCAT('evt-', seq),"
      " 0, seq % 3 = 0 AND seq % 7 = 0, 0 FROM seq_1_to_100000");
  Exec(
      "INSERT INTO oversight_notices (notice_id, item_key, notice_kind, deadline_kind,"
      " procuratorate_code, recipient, case_id, record_id, due_at_ms, raised_at_ms,"
      " acknowledged, delivery_pending, next_attempt_at_ms)"
      " SELECT CONCAT('ntc-', seq), CONCAT('AID_DECISION:aid-', seq), 1 + seq % 2, 4,"
      " IF(seq % 2 = 0, '520382', '520330'), CONCAT('u-', seq % 500), '', '', seq, seq,"
      " seq % 4 = 0, seq % 100 = 0, seq FROM seq_1_to_100000");
  ASSERT_FALSE(HasFatalFailure());
  Strings("ANALYZE TABLE oversight_items, oversight_notices");
  using namespace ::shouhu::oversight::oversight_sql;  // NOLINT: the statement constants
  const int64_t now = 1767225600000 + 50000LL * 600000;
  const std::string proc = kRenhuai;
  std::vector<NamedStatement> s = {
      {"kItemSequenceForUpdate", kItemSequenceForUpdate, {std::string("AID_DECISION:aid-7")}},
      {"kGetItem", kGetItem, {std::string("AID_DECISION:aid-7")}},
      {"kItemsOfCase", kItemsOfCase, {std::string("case-7")}},
      {"kScanOverdue", kScanOverdue, {now, int64_t{100}}},
      {"kScanDue", kScanDue, {now, int64_t{100}}},
      {"kMarkOverdueNoticed", kMarkOverdueNoticed, {std::string("k")}},
      {"kMarkDueNoticed", kMarkDueNoticed, {std::string("k")}},
      {"kGetNoticeForUpdate", kGetNoticeForUpdate, {std::string("ntc-7")}},
      {"kAcknowledgeNotice", kAcknowledgeNotice, {now, std::string("ntc-7")}},
      {"kPendingDeliveries", kPendingDeliveries, {int64_t{50000}, int64_t{100}}},
      {"kClaimDelivery", kClaimDelivery, {now, std::string("ntc-7"), int64_t{7}}},
      {"kDelivered", kDelivered, {now, std::string("ntc-7")}},
      {"kDeliveryFailed", kDeliveryFailed, {now, std::string("ntc-7")}},
      {"kInsertItem",
       kInsertItem,
       {std::string("k-new"), int64_t{4}, proc, std::string(""), std::string("aid-1"),
        std::string("u-1"), std::string("d"), now, now, int64_t{1}, int64_t{0}, int64_t{1},
        std::string("evt-new"), now}},
      {"kUpdateItem",
       kUpdateItem,
       {int64_t{4}, proc, std::string(""), std::string("aid-1"), std::string("u-1"),
        std::string("d"), now, now, int64_t{1}, int64_t{0}, int64_t{2}, std::string("evt-2"), now,
        std::string("AID_DECISION:aid-7")}},
      {"kInsertNotice",
       kInsertNotice,
       {std::string("ntc-new"), std::string("k"), int64_t{1}, int64_t{4}, proc, std::string("u-1"),
        std::string(""), std::string(""), now, now, now}},
  };
  // Every list: three scopes x four filters x first page / next page.
  const std::vector<std::pair<SqlFragment, std::vector<SqlValue>>> scopes = {
      {SQL_FRAGMENT(kItemsOfAssignee), {proc, std::string("u-42")}},
      {SQL_FRAGMENT(kItemsOfDepartment), {proc, std::string("dept-2")}},
      {SQL_FRAGMENT(kItemsOfProcuratorate), {proc}},
  };
  const std::vector<std::pair<SqlFragment, std::vector<SqlValue>>> filters = {
      {SQL_FRAGMENT(kFilterOpen), {}},
      {SQL_FRAGMENT(kFilterDue), {now, now + 86400000}},
      {SQL_FRAGMENT(kFilterOverdue), {now}},
      {SQL_FRAGMENT(kFilterEnded), {}},
  };
  for (const auto& [scope, scope_params] : scopes) {
    for (const auto& [filter, filter_params] : filters) {
      const bool ended = filter.name == "kFilterEnded";
      for (bool next : {false, true}) {
        std::vector<SqlFragment> f = {scope, filter};
        std::vector<SqlValue> params = scope_params;
        params.insert(params.end(), filter_params.begin(), filter_params.end());
        if (next) {
          f.push_back(ended ? SQL_FRAGMENT(kAfterDescending) : SQL_FRAGMENT(kAfterAscending));
          params.insert(params.end(), {now, now, std::string("AID_DECISION:aid-9")});
        }
        f.push_back(ended ? SQL_FRAGMENT(kOrderDescending) : SQL_FRAGMENT(kOrderAscending));
        params.push_back(int64_t{51});
        s.push_back(Compose(f, params));
      }
    }
  }
  for (bool unacked : {false, true}) {
    for (bool next : {false, true}) {
      std::vector<SqlFragment> f = {SQL_FRAGMENT(kNoticesOfRecipient)};
      std::vector<SqlValue> params = {proc, std::string("u-42")};
      if (unacked) f.push_back(SQL_FRAGMENT(kNoticesUnacknowledged));
      if (next) {
        f.push_back(SQL_FRAGMENT(kNoticesAfter));
        params.insert(params.end(), {int64_t{0}, int64_t{0}, int64_t{5000}});
      }
      f.push_back(SQL_FRAGMENT(kNoticesOrder));
      params.push_back(int64_t{51});
      s.push_back(Compose(f, params));
    }
  }
  const int64_t start = 1767225600000 + 10000LL * 590000;
  const int64_t end = start + 31LL * 86400000;
  for (const SqlFragment& group :
       {SQL_FRAGMENT(kLedgerByDepartment), SQL_FRAGMENT(kLedgerByAssignee)}) {
    for (bool dept : {false, true}) {
      auto with = [&](std::vector<SqlFragment> f, std::vector<SqlValue> p) {
        f.insert(f.begin(), group);
        if (dept) {
          f.push_back(SQL_FRAGMENT(kLedgerInDepartment));
          p.push_back(std::string("dept-2"));
        }
        f.push_back(SQL_FRAGMENT(kLedgerGroup));
        s.push_back(Compose(f, p));
      };
      with({SQL_FRAGMENT(kLedgerHandled)}, {proc, start, end});
      with({SQL_FRAGMENT(kLedgerOpen)}, {end, proc, end});
      with({SQL_FRAGMENT(kLedgerEndedLater)}, {end, proc, end, end});
    }
  }
  EXPECT_EQ(ExpectNoFullScans(*pool_, s), 0);
  ExpectEveryConstantExplained(
      absl::StrCat(std::getenv("SHOUHU_SOURCE_DIR"), "/services/oversight/oversight_sql.h"), s);
}

}  // namespace
}  // namespace shouhu::testing
