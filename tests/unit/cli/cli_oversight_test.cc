// The `shouhu oversight` commands against the generated mocks of DeadlineWatchService.
#include <string>
#include <vector>

#include "shouhu/oversight/v1/oversight_mock.grpc.pb.h"
#include "unit/cli/command_fixture.h"

namespace shouhu::cli {
namespace {

namespace ov1 = ::shouhu::oversight::v1;

class OversightCommandTest : public CommandTest {
 protected:
  void Wire(Stubs* s) override { s->oversight = &watch_; }
  // The client refuses the arguments before calling (exit code 2).
  static bool Refused(const std::vector<std::string>& args) {
    return !ParseArgs(args, [](const char*) { return std::nullopt; }).ok();
  }
  ov1::MockDeadlineWatchServiceStub watch_;
};

TEST_F(OversightCommandTest, MineSendsTheFilterAndListsTheItems) {
  ov1::ListDeadlinesResponse resp;
  ov1::Deadline* d = resp.add_deadlines();
  d->set_kind(ov1::AID_DECISION);
  d->set_record_id("aid-520382-1");
  d->set_assigned_to("u-zhang");
  d->set_status(ov1::STATUS_OVERDUE);
  d->mutable_due_at()->set_unix_millis(1773396000000);  // 2026-03-13 18:00 China time
  ov1::ListMyDeadlinesRequest sent;
  EXPECT_CALL(watch_, ListMyDeadlines(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "mine", "--filter=overdue"}), kExitOk);
  EXPECT_EQ(sent.filter(), ov1::FILTER_OVERDUE);
  EXPECT_THAT(out_.str(), HasSubstr("超期"));
  EXPECT_THAT(out_.str(), HasSubstr("救助审批决定"));
  EXPECT_THAT(out_.str(), HasSubstr("aid-520382-1"));
  EXPECT_TRUE(Refused({"oversight", "mine", "--filter=soon"}));
}

TEST_F(OversightCommandTest, LedgerAsCsvByCaseworker) {
  ov1::MonthlyLedger l;
  l.set_year(2026);
  l.set_month(3);
  l.set_grouping(ov1::BY_CASEWORKER);
  ov1::LedgerRow* row = l.add_rows();
  row->set_key("u-zhang");
  row->set_handled(12);
  row->set_on_time(10);
  row->set_late(2);
  row->set_open_at_month_end(5);
  row->set_overdue_at_month_end(1);
  ov1::LedgerRow* hidden = l.add_rows();
  hidden->set_key("u-wang");
  hidden->set_suppressed(true);
  l.mutable_total()->set_key("total");
  l.mutable_total()->set_handled(14);
  ov1::GetMonthlyLedgerRequest sent;
  EXPECT_CALL(watch_, GetMonthlyLedger(_, _, _))
      .WillRepeatedly(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                            SetArgPointee<2>(l), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "ledger", "--month=2026-03", "--by=caseworker", "--csv"}), kExitOk);
  EXPECT_EQ(sent.year(), 2026);
  EXPECT_EQ(sent.month(), 3);
  EXPECT_EQ(sent.grouping(), ov1::BY_CASEWORKER);
  EXPECT_EQ(out_.str(),
            "month,key,handled,on_time,late,open_at_month_end,overdue_at_month_end,suppressed\n"
            "2026-03,u-zhang,12,10,2,5,1,false\n"
            "2026-03,u-wang,-,-,-,-,-,true\n"
            "2026-03,total,14,0,0,0,0,false\n");
  EXPECT_EQ(Run({"oversight", "ledger", "--month=2026-03", "--lang=en"}), kExitOk);
  EXPECT_EQ(sent.grouping(), ov1::BY_DEPARTMENT);
  EXPECT_THAT(out_.str(), HasSubstr("Monthly ledger 2026-03"));
  EXPECT_THAT(out_.str(), HasSubstr("small counts withheld"));
  EXPECT_TRUE(Refused({"oversight", "ledger", "--month=2026-13"}));
  EXPECT_TRUE(Refused({"oversight", "ledger"}));
  EXPECT_TRUE(Refused({"oversight", "ledger", "--month=2026-03", "--by=team"}));
  EXPECT_TRUE(Refused({"oversight", "nothing"}));
}

TEST_F(OversightCommandTest, AckReadsTheVersionFromTheNotices) {
  ov1::ListNoticesResponse notices;
  ov1::Notice* n = notices.add_notices();
  n->set_notice_id("ntc-520382-1");
  n->set_version(3);
  ov1::Notice acked = *n;
  acked.set_acknowledged(true);
  acked.set_version(4);
  ov1::AcknowledgeNoticeRequest sent;
  EXPECT_CALL(watch_, ListNotices(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(notices), Return(grpc::Status::OK)));
  EXPECT_CALL(watch_, AcknowledgeNotice(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(acked), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "ack", "ntc-520382-1"}), kExitOk);
  EXPECT_EQ(sent.notice_id(), "ntc-520382-1");
  EXPECT_EQ(sent.version(), 3);
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("已确认提醒"));
}

}  // namespace
}  // namespace shouhu::cli
