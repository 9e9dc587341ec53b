#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/client.h"
#include "gmock/gmock.h"
#include "grpcpp/test/client_context_test_peer.h"
#include "grpcpp/test/mock_stream.h"
#include "gtest/gtest.h"
#include "shouhu/referral/v1/referral_mock.grpc.pb.h"
#include "support/temp_dir.h"

namespace shouhu::cli {
namespace {

using ::testing::_;
using ::testing::DoAll;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Return;
using ::testing::SetArgPointee;

namespace rv1 = ::shouhu::referral::v1;

class RunnerTest : public ::testing::Test {
 protected:
  int Run(std::vector<std::string> args, const std::string& token = "") {
    ParseResult parsed = ParseArgs(args, [](const char*) { return std::nullopt; });
    EXPECT_TRUE(parsed.ok()) << parsed.error;
    invocation_ = parsed.invocation;
    Stubs stubs{&referral_, &cases_, &people_, &registry_};
    Runner runner(invocation_, stubs, token, out_, err_);
    request_id_ = runner.request_id();
    return runner.Run();
  }

  rv1::Referral Referral(const std::string& id, int64_t version) {
    rv1::Referral r;
    r.set_referral_id(id);
    r.set_version(version);
    r.set_status(rv1::REFERRAL_STATUS_UNDER_REVIEW);
    r.set_kind(rv1::REFERRAL_KIND_JUDICIAL_AID);
    return r;
  }

  rv1::MockReferralServiceStub referral_;
  rv1::MockCaseServiceStub cases_;
  rv1::MockPersonServiceStub people_;
  rv1::MockRegistryServiceStub registry_;
  Invocation invocation_;
  std::ostringstream out_, err_;
  std::string request_id_;
};

TEST_F(RunnerTest, AcceptReadsTheVersionFirst) {
  rv1::GetReferralRequest got;
  rv1::AcceptReferralRequest accepted;
  EXPECT_CALL(referral_, GetReferral(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { got = req; }),
                      SetArgPointee<2>(Referral("ref-1", 7)), Return(grpc::Status::OK)));
  rv1::Referral result = Referral("ref-1", 8);
  result.set_status(rv1::REFERRAL_STATUS_ACCEPTED);
  result.set_case_id("case-520382-q");
  EXPECT_CALL(referral_, AcceptReferral(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { accepted = req; }),
                      SetArgPointee<2>(result), Return(grpc::Status::OK)));

  EXPECT_EQ(Run({"accept", "ref-1", "--message=已立案办理", "--link_case=case-520382-q"}), kExitOk);
  EXPECT_EQ(got.referral_id(), "ref-1");
  EXPECT_EQ(accepted.referral_id(), "ref-1");
  EXPECT_EQ(accepted.version(), 7);
  EXPECT_EQ(accepted.message_to_agency(), "已立案办理");
  EXPECT_EQ(accepted.link_case_id(), "case-520382-q");
  EXPECT_EQ(accepted.request_id().size(), 24u);
  EXPECT_EQ(accepted.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("线索已受理"));
  EXPECT_THAT(out_.str(), HasSubstr("已受理"));
  EXPECT_THAT(out_.str(), HasSubstr("case-520382-q"));
}

TEST_F(RunnerTest, GivenVersionAndRequestIdAreUsedAsIs) {
  rv1::DeclineReferralRequest declined;
  EXPECT_CALL(referral_, GetReferral(_, _, _)).Times(0);
  EXPECT_CALL(referral_, DeclineReferral(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { declined = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(
      Run({"decline", "ref-2", "not-eligible", "--version=3", "--request_id=retry-0000000001"}),
      kExitOk);
  EXPECT_EQ(declined.version(), 3);
  EXPECT_EQ(declined.reason(), rv1::DECLINE_REASON_NOT_ELIGIBLE);
  EXPECT_EQ(declined.request_id(), "retry-0000000001");
}

TEST_F(RunnerTest, SendsBearerTokenAndDeadline) {
  std::multimap<std::string, std::string> sent;
  std::chrono::system_clock::time_point deadline;
  EXPECT_CALL(referral_, GetReferral(_, _, _))
      .WillOnce(DoAll(Invoke([&](grpc::ClientContext* ctx, const auto&, auto*) {
                        sent = grpc::testing::ClientContextTestPeer(ctx).GetSendInitialMetadata();
                        deadline = ctx->deadline();
                      }),
                      Return(grpc::Status::OK)));
  auto before = std::chrono::system_clock::now();
  EXPECT_EQ(Run({"show", "ref-3"}, "tok.en-123"), kExitOk);
  ASSERT_EQ(sent.count("authorization"), 1u);
  EXPECT_EQ(sent.find("authorization")->second, "Bearer tok.en-123");
  EXPECT_GE(deadline, before + std::chrono::seconds(9));
  EXPECT_LE(deadline, before + std::chrono::seconds(11));
}

TEST_F(RunnerTest, NoTokenNoAuthorizationHeader) {
  std::multimap<std::string, std::string> sent;
  EXPECT_CALL(referral_, GetTimeline(_, _, _))
      .WillOnce(DoAll(Invoke([&](grpc::ClientContext* ctx, const auto&, auto*) {
                        sent = grpc::testing::ClientContextTestPeer(ctx).GetSendInitialMetadata();
                      }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"timeline", "ref-3"}), kExitOk);
  EXPECT_EQ(sent.count("authorization"), 0u);
  EXPECT_THAT(out_.str(), HasSubstr("没有记录"));
}

TEST_F(RunnerTest, StaleVersionIsReportedInChinese) {
  EXPECT_CALL(referral_, GetReferral(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(Referral("ref-4", 2)), Return(grpc::Status::OK)));
  EXPECT_CALL(referral_, AssignReferral(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::ABORTED, "version 2 is stale")));
  EXPECT_EQ(Run({"assign", "ref-4", "u-zhang"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("记录已被他人修改，请刷新后重试（ABORTED）"));
  EXPECT_THAT(err_.str(), HasSubstr("version 2 is stale"));
  EXPECT_THAT(err_.str(), Not(HasSubstr("--request_id")));  // The outcome is known.
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(RunnerTest, UncertainUpdateSuggestsRetryWithSameRequestId) {
  EXPECT_CALL(referral_, WithdrawReferral(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "")));
  EXPECT_EQ(Run({"--lang=en", "withdraw", "ref-5", "duplicate", "--version=1"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("(DEADLINE_EXCEEDED)"));
  EXPECT_THAT(err_.str(), HasSubstr("--request_id=" + request_id_));
}

TEST_F(RunnerTest, FailedVersionReadStopsTheUpdate) {
  EXPECT_CALL(referral_, GetReferral(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::NOT_FOUND, "no referral ref-9")));
  EXPECT_CALL(referral_, SupplementReferral(_, _, _)).Times(0);
  EXPECT_EQ(Run({"supplement", "ref-9", "补充：已联系监护人"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("NOT_FOUND"));
}

TEST_F(RunnerTest, ListAllFollowsPageTokens) {
  std::vector<rv1::ListReferralsRequest> requests;
  rv1::ListReferralsResponse page1, page2;
  *page1.add_referrals() = Referral("ref-a", 1);
  page1.set_next_page_token("p2");
  *page2.add_referrals() = Referral("ref-b", 1);
  EXPECT_CALL(referral_, ListReferrals(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { requests.push_back(req); }),
                      SetArgPointee<2>(page1), Return(grpc::Status::OK)))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { requests.push_back(req); }),
                      SetArgPointee<2>(page2), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"list", "--all", "--status=审查中", "--overdue", "--page_size=1"}), kExitOk);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].status(), rv1::REFERRAL_STATUS_UNDER_REVIEW);
  EXPECT_TRUE(requests[0].overdue_only());
  EXPECT_EQ(requests[0].page_size(), 1);
  EXPECT_EQ(requests[0].page_token(), "");
  EXPECT_EQ(requests[1].page_token(), "p2");
  EXPECT_THAT(out_.str(), HasSubstr("ref-a"));
  EXPECT_THAT(out_.str(), HasSubstr("ref-b"));
  EXPECT_THAT(out_.str(), HasSubstr("共 2 条"));
  EXPECT_THAT(out_.str(), HasSubstr("司法救助线索"));
}

TEST_F(RunnerTest, ListWithoutAllMentionsTheNextPage) {
  rv1::ListReferralsResponse page;
  *page.add_referrals() = Referral("ref-a", 1);
  page.set_next_page_token("tok2");
  EXPECT_CALL(referral_, ListReferrals(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(page), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"list"}), kExitOk);
  EXPECT_THAT(err_.str(), HasSubstr("--page_token=tok2"));
}

TEST_F(RunnerTest, JsonOutputUsesProtoFieldNames) {
  EXPECT_CALL(referral_, GetReferral(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(Referral("ref-j", 5)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"show", "ref-j", "--json"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("\"referral_id\":\"ref-j\""));
  EXPECT_THAT(out_.str(), HasSubstr("\"status\":\"REFERRAL_STATUS_UNDER_REVIEW\""));
}

TEST_F(RunnerTest, SubmitReadsJsonAndFillsTheRequestId) {
  shouhu::testing::TempDir dir("cli-submit");
  const std::string path = dir.File("submit.json");
  {
    std::ofstream f(path);
    f << R"({"kind": "REFERRAL_KIND_GUARDIANSHIP_CONCERN", "facts": "长期无人照料",
             "occurredOn": {"year": 2026, "month": 10, "day": 12},
             "people": [{"role": "PERSON_ROLE_SUBJECT",
                         "person": {"name": "测试", "birth_date": {"year": 2014, "month": 1, "day": 2}}}]})";
  }
  rv1::SubmitReferralRequest sent;
  EXPECT_CALL(referral_, SubmitReferral(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Referral("ref-new", 1)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"submit", path}), kExitOk);
  EXPECT_EQ(sent.kind(), rv1::REFERRAL_KIND_GUARDIANSHIP_CONCERN);
  EXPECT_EQ(sent.occurred_on().day(), 12);
  ASSERT_EQ(sent.people_size(), 1);
  EXPECT_EQ(sent.people(0).person().birth_date().year(), 2014);
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("线索已登记"));
}

TEST_F(RunnerTest, SubmitRejectsBadJsonAsUsageError) {
  shouhu::testing::TempDir dir("cli-submit-bad");
  const std::string path = dir.File("bad.json");
  {
    std::ofstream f(path);
    f << R"({"kind": "REFERRAL_KIND_MANDATORY_REPORT", "colour": "red"})";
  }
  EXPECT_CALL(referral_, SubmitReferral(_, _, _)).Times(0);
  EXPECT_EQ(Run({"submit", path}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("不是有效的线索 JSON"));
  EXPECT_EQ(Run({"submit", path + ".missing"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("无法读取文件"));
}

TEST_F(RunnerTest, WatchPrintsEntriesUntilTheStreamEnds) {
  auto* reader = new grpc::testing::MockClientReader<rv1::TimelineEntry>();
  rv1::TimelineEntry e1, e2;
  e1.set_sequence(1);
  e1.set_step("submitted");
  e1.set_status(rv1::REFERRAL_STATUS_SUBMITTED);
  e2.set_sequence(2);
  e2.set_step("accepted");
  e2.set_status(rv1::REFERRAL_STATUS_ACCEPTED);
  e2.set_message("已立案");
  EXPECT_CALL(*reader, Read(_))
      .WillOnce(DoAll(SetArgPointee<0>(e1), Return(true)))
      .WillOnce(DoAll(SetArgPointee<0>(e2), Return(true)))
      .WillOnce(Return(false));
  EXPECT_CALL(*reader, Finish()).WillOnce(Return(grpc::Status::OK));
  rv1::WatchReferralRequest sent;
  bool has_deadline = true;
  EXPECT_CALL(referral_, WatchReferralRaw(_, _))
      .WillOnce(DoAll(Invoke([&](grpc::ClientContext* ctx, const auto& req) {
                        sent = req;
                        has_deadline =
                            ctx->deadline() != std::chrono::system_clock::time_point::max();
                      }),
                      Return(reader)));
  EXPECT_EQ(Run({"watch", "ref-w", "--after=0"}), kExitOk);
  EXPECT_EQ(sent.referral_id(), "ref-w");
  EXPECT_FALSE(has_deadline);
  EXPECT_THAT(out_.str(), HasSubstr("#1"));
  EXPECT_THAT(out_.str(), HasSubstr("登记 → 已登记"));
  EXPECT_THAT(out_.str(), HasSubstr("受理 → 已受理"));
  EXPECT_THAT(out_.str(), HasSubstr("「已立案」"));
  EXPECT_THAT(err_.str(), HasSubstr("关注结束"));
}

TEST_F(RunnerTest, AcceptTransferFindsTheVersionInIncomingTransfers) {
  rv1::ListIncomingTransfersResponse incoming;
  rv1::Case* c = incoming.add_cases();
  c->set_case_id("case-520381-t");
  c->set_version(6);
  rv1::DecideTransferRequest decided;
  EXPECT_CALL(cases_, ListIncomingTransfers(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(incoming), Return(grpc::Status::OK)));
  EXPECT_CALL(cases_, GetCase(_, _, _)).Times(0);
  EXPECT_CALL(cases_, AcceptTransfer(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { decided = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"accept-transfer", "case-520381-t"}), kExitOk);
  EXPECT_EQ(decided.version(), 6);
  EXPECT_EQ(decided.case_id(), "case-520381-t");
}

TEST_F(RunnerTest, CloseCaseAndRegistryCommandsBuildTheirRequests) {
  rv1::CloseCaseRequest closed;
  EXPECT_CALL(cases_, GetCase(_, _, _)).WillOnce(Invoke([](auto*, const auto&, rv1::Case* out) {
    out->set_version(11);
    return grpc::Status::OK;
  }));
  EXPECT_CALL(cases_, CloseCase(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { closed = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"close-case", "case-1", "resolved", "--note=救助金已发放"}), kExitOk);
  EXPECT_EQ(closed.version(), 11);
  EXPECT_EQ(closed.reason(), rv1::CLOSE_REASON_RESOLVED);
  EXPECT_EQ(closed.note(), "救助金已发放");

  rv1::RegisterAgencyRequest registered;
  EXPECT_CALL(registry_, RegisterAgency(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { registered = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"admin", "agency", "fulian-renhuai", "仁怀市妇联", "WOMENS_FEDERATION", "520382",
                 "520382"}),
            kExitOk);
  EXPECT_EQ(registered.agency().agency_code(), "fulian-renhuai");
  EXPECT_EQ(registered.agency().type(), rv1::AGENCY_TYPE_WOMENS_FEDERATION);
  EXPECT_TRUE(registered.agency().active());

  rv1::GetPersonRequest person;
  EXPECT_CALL(people_, GetPerson(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { person = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"person", "per-1", "--unmask", "--purpose=核实监护人身份"}), kExitOk);
  EXPECT_TRUE(person.unmask());
  EXPECT_EQ(person.purpose(), "核实监护人身份");

  rv1::ResolveDuplicateRequest resolved;
  EXPECT_CALL(people_, ResolveDuplicate(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { resolved = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"resolve-duplicate", "dup-1", "different"}), kExitOk);
  EXPECT_FALSE(resolved.same_person());
  EXPECT_EQ(resolved.candidate_id(), "dup-1");
}

}  // namespace
}  // namespace shouhu::cli
