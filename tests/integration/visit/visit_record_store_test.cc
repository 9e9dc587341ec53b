// The needs and amendments storage on a real MariaDB: a need is stored sealed and
// published once (visit.need_found) in the mutation's transaction; amendments append with
// the record before and the reason sealed, and list oldest first.
#include <gtest/gtest.h>

#include "common/base/dates.h"
#include "integration/visit/visit_fixture.h"
#include "visit/amendment_store.h"
#include "visit/need_store.h"

namespace shouhu::testing {
namespace {

using absl::CivilDay;

class VisitStoreTest : public VisitFixture {};

TEST_F(VisitStoreTest, NeedsAreSealedPublishedAndReadBack) {
  visit::NeedStore store(cipher_.get(), &ids_);
  db::MutationRunner runner(vdeps_.Mutations());
  visit::NeedOrigin o;
  o.procuratorate = kRenhuai;
  o.case_id = kCase;
  o.visit_id = "visit-520382-x1";
  o.person_id = kMinor;
  o.assigned_to = "u-zhang";
  o.raised_by = visit::ActorOf(zhang_);
  o.found_on = CivilDay(2025, 3, 9);
  vpb::Need n;
  n.set_kind(::shouhu::aid::v1::MEASURE_KIND_COUNSELLING);
  n.set_description("孩子需要课后辅导");
  n.set_urgent(true);
  vpb::GetVisitRequest payload;
  auto out = runner.Run<vpb::Need>({.actor = zhang_.Name(), .method = "T", .request_id = VRid()},
                                   payload, [&](db::Mutation& m) -> absl::StatusOr<vpb::Need> {
                                     auto a = store.Add(m, o, n);
                                     if (!a.ok()) return a.status();
                                     return store.Add(m, o, n);
                                   });
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->status(), vpb::NEED_STATUS_OPEN);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM outbox_events WHERE topic = 'visit.need_found'"), 2);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_needs WHERE description_enc LIKE '%辅导%'"), 0);
  absl::Status st = db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
    auto needs = store.OfVisit(tx, "visit-520382-x1");
    EXPECT_TRUE(needs.ok());
    EXPECT_EQ(needs->size(), 2u);
    EXPECT_EQ((*needs)[0].description(), "孩子需要课后辅导");
    EXPECT_TRUE((*needs)[0].urgent());
    EXPECT_EQ(DateString((*needs)[0].status_on()), "2025-03-09");
    auto none = store.OfReport(tx, "vrep-520382-x");
    EXPECT_TRUE(none->empty());
    auto of_case = store.OfCase(tx, kCase, vpb::NEED_STATUS_OPEN, 0, 10);
    EXPECT_EQ(of_case->size(), 2u);
    EXPECT_EQ((*of_case)[0].need.need_id(), out->need_id());  // newest first
    return absl::OkStatus();
  });
  EXPECT_TRUE(st.ok()) << st;
}

TEST_F(VisitStoreTest, AmendmentsAppendInOrderWithTheRecordBefore) {
  visit::AmendmentStore store(cipher_.get());
  absl::Status st = db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
    for (int i = 1; i <= 3; ++i) {
      vpb::Amendment a;
      a.set_record_id("visit-520382-a1");
      *a.mutable_amended_by() = visit::ActorOf(zhang_);
      a.mutable_amended_at()->set_unix_millis(1000 * i);
      a.set_reason(absl::StrCat("更正第", i, "次"));
      a.add_changed_fields("summary");
      a.add_changed_fields("needs");
      a.mutable_visit_before()->set_summary(absl::StrCat("版本", i));
      auto seq = store.Append(tx, kRenhuai, a);
      EXPECT_TRUE(seq.ok());
      EXPECT_EQ(*seq, i);
    }
    auto page = store.List(tx, "visit-520382-a1", 1, 10);
    EXPECT_TRUE(page.ok());
    EXPECT_EQ(page->size(), 2u);
    EXPECT_EQ((*page)[0].sequence(), 2);
    EXPECT_EQ((*page)[0].reason(), "更正第2次");
    EXPECT_EQ((*page)[0].visit_before().summary(), "版本2");
    EXPECT_EQ((*page)[0].changed_fields_size(), 2);
    EXPECT_EQ((*page)[1].amended_at().unix_millis(), 3000);
    return absl::OkStatus();
  });
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_amendments WHERE reason_enc LIKE '%更正%'"), 0);
}

}  // namespace
}  // namespace shouhu::testing
