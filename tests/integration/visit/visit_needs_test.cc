// Needs on a real MariaDB: listed per case (status filter, newest first, paged), withdrawn
// (OPEN or SUGGESTED only; visit.need_withdrawn published), and followed through the aid
// service's aid.suggestion_changed: SUGGESTED, then MET or NOT_MET; redelivery and a late
// event change nothing more.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "integration/visit/record_fixture.h"
#include "shouhu/aid/v1/events.pb.h"

namespace shouhu::testing {
namespace {

namespace apb = ::shouhu::aid::v1;

class VisitNeedsTest : public RecordFixture {
 protected:
  // A visit with `n` needs; their ids in order.
  std::vector<std::string> NeedsRecorded(int n, const Principal& by) {
    vpb::RecordVisitRequest req = Visit();
    for (int i = 0; i < n; ++i) {
      *req.add_needs() = NeedOf(apb::MEASURE_KIND_SCHOOLING, absl::StrCat("需求", i));
    }
    auto v = visits_->RecordVisit(by, req);
    EXPECT_TRUE(v.ok()) << v.status();
    std::vector<std::string> ids;
    if (v.ok()) {
      for (const auto& need : v->needs()) ids.push_back(need.need_id());
    }
    return ids;
  }

  absl::Status Changed(const std::string& need_id, apb::SuggestionStatus status,
                       const std::string& event_id) {
    apb::SuggestionChanged c;
    c.set_suggestion_id("sugg-520382-0001");
    c.set_source_need_id(need_id);
    c.set_case_id(kCase);
    c.set_procuratorate_code(kRenhuai);
    c.set_status(status);
    cpb::Event e;
    e.set_event_id(event_id);
    e.set_topic(visit::kTopicSuggestionChanged);
    e.set_procuratorate_code(kRenhuai);
    e.mutable_payload()->PackFrom(c);
    return db::RunInTransaction(*pool_, [&](db::Tx& tx) { return visits_->ReactToEvent(tx, e); });
  }

  vpb::ListNeedsResponse Needs(vpb::NeedStatus status, int page_size = 0,
                               const std::string& token = "") {
    vpb::ListNeedsRequest req;
    req.set_case_id(kCase);
    req.set_status(status);
    req.set_page_size(page_size);
    req.set_page_token(token);
    auto r = Call<vpb::ListNeedsResponse>(*vtable_, zhang_, "ListNeeds", req);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : vpb::ListNeedsResponse();
  }
};

TEST_F(VisitNeedsTest, ListedNewestFirstPagedAndFiltered) {
  const auto ids = NeedsRecorded(3, zhang_);
  ASSERT_EQ(ids.size(), 3u);
  const auto first = Needs(vpb::NEED_STATUS_UNSPECIFIED, 2);
  ASSERT_EQ(first.needs_size(), 2);
  EXPECT_EQ(first.needs(0).need_id(), ids[2]);
  EXPECT_EQ(first.needs(0).description(), "需求2");
  ASSERT_FALSE(first.next_page_token().empty());
  const auto second = Needs(vpb::NEED_STATUS_UNSPECIFIED, 2, first.next_page_token());
  ASSERT_EQ(second.needs_size(), 1);
  EXPECT_EQ(second.needs(0).need_id(), ids[0]);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_EQ(Needs(vpb::NEED_STATUS_MET).needs_size(), 0);
  vpb::ListNeedsRequest foreign;
  foreign.set_case_id(kXsCase);
  EXPECT_EQ(visits_->ListNeeds(zhang_, foreign).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(VisitNeedsTest, SuggestionChangesMoveTheNeedForwardOnly) {
  const auto ids = NeedsRecorded(2, zhang_);
  ASSERT_TRUE(Changed(ids[0], apb::SUGGESTION_STATUS_DRAFT, "ev-1").ok());
  auto suggested = Needs(vpb::NEED_STATUS_SUGGESTED);
  ASSERT_EQ(suggested.needs_size(), 1);
  EXPECT_EQ(suggested.needs(0).suggestion_id(), "sugg-520382-0001");
  ASSERT_TRUE(Changed(ids[0], apb::SUGGESTION_STATUS_COMPLETED, "ev-2").ok());
  EXPECT_EQ(Needs(vpb::NEED_STATUS_MET).needs_size(), 1);
  // A late or redelivered DRAFT does not move it back.
  ASSERT_TRUE(Changed(ids[0], apb::SUGGESTION_STATUS_DRAFT, "ev-1").ok());
  EXPECT_EQ(Needs(vpb::NEED_STATUS_MET).needs_size(), 1);
  ASSERT_TRUE(Changed(ids[1], apb::SUGGESTION_STATUS_DECLINED, "ev-3").ok());
  EXPECT_EQ(Needs(vpb::NEED_STATUS_NOT_MET).needs_size(), 1);
  // Unknown needs are ignored.
  EXPECT_TRUE(Changed("need-520382-nope", apb::SUGGESTION_STATUS_DRAFT, "ev-4").ok());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM audit_log WHERE action = 'visit.need.status'"), 3);
}

TEST_F(VisitNeedsTest, WithdrawnByTheRecorderOrAHeadOnly) {
  const auto ids = NeedsRecorded(2, zhang_);
  vpb::WithdrawNeedRequest req;
  req.set_request_id(VRid());
  req.set_need_id(ids[0]);
  req.set_reason("");
  EXPECT_TRUE(HasField(visits_->WithdrawNeed(zhang_, req).status(), "reason"));
  req.set_reason("家长已自行解决");
  EXPECT_EQ(Call<vpb::Need>(*vtable_, wang_, "WithdrawNeed", req).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto w = Call<vpb::Need>(*vtable_, zhang_, "WithdrawNeed", req);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->status(), vpb::NEED_STATUS_WITHDRAWN);
  EXPECT_EQ(Events("visit.need_withdrawn"), 1);
  // Replayed: the same answer, one event.
  ASSERT_TRUE(visits_->WithdrawNeed(zhang_, req).ok());
  EXPECT_EQ(Events("visit.need_withdrawn"), 1);
  // Once withdrawn, a suggestion event leaves it so; withdrawing again is refused.
  ASSERT_TRUE(Changed(ids[0], apb::SUGGESTION_STATUS_DRAFT, "ev-9").ok());
  EXPECT_EQ(Needs(vpb::NEED_STATUS_WITHDRAWN).needs_size(), 1);
  req.set_request_id(VRid());
  auto again = visits_->WithdrawNeed(zhang_, req);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  // A MET need is not withdrawn; a head may withdraw the caseworker's SUGGESTED need.
  ASSERT_TRUE(Changed(ids[1], apb::SUGGESTION_STATUS_ISSUED, "ev-10").ok());
  vpb::WithdrawNeedRequest by_head = req;
  by_head.set_request_id(VRid());
  by_head.set_need_id(ids[1]);
  auto h = visits_->WithdrawNeed(head_, by_head);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_needs WHERE withdraw_reason_enc LIKE '%解决%'"), 0);
  by_head.set_need_id("need-520382-unknown");
  by_head.set_request_id(VRid());
  EXPECT_EQ(visits_->WithdrawNeed(head_, by_head).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace shouhu::testing
