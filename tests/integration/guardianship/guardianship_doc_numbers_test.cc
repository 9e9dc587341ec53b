// Gapless document numbers on a real MariaDB: 32 concurrent allocations in one
// procuratorate give 1..32; a rolled-back allocation gives its number back; kinds, years
// and procuratorates count separately; the first allocation of a year works without
// PrepareDocumentCounter.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "guardianship/doc_numbers.h"
#include "integration/guardianship/guardianship_fixture.h"

namespace shouhu::guardianship {
namespace {

using ::shouhu::testing::kRenhuai;
using ::shouhu::testing::kXishui;

class GuardianshipDocNumbersTest : public ::shouhu::testing::GuardianshipFixture {
 protected:
  absl::StatusOr<DocumentNumber> Allocate(const std::string& proc, int year, pb::DocumentKind kind,
                                          bool commit = true) {
    absl::StatusOr<DocumentNumber> out;
    absl::Status s = db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
      out = AllocateDocumentNumber(tx, proc, year, kind, "仁检督监令");
      if (!out.ok()) return out.status();
      return commit ? absl::OkStatus() : absl::CancelledError("rolled back on purpose");
    });
    if (!s.ok()) return s;
    return out;
  }
};

TEST_F(GuardianshipDocNumbersTest, ConcurrentAllocationsAreDistinctAndGapless) {
  auto pool = NewPool(16);
  ASSERT_TRUE(pool.ok()) << pool.status();
  ASSERT_TRUE(
      PrepareDocumentCounter(**pool, kRenhuai, 2025, pb::DOCUMENT_KIND_SUPERVISION_ORDER).ok());
  absl::Mutex mu;
  std::vector<int> got;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&] {
      absl::StatusOr<DocumentNumber> n;
      absl::Status s = db::RunInTransaction(**pool, [&](db::Tx& tx) -> absl::Status {
        n = AllocateDocumentNumber(tx, kRenhuai, 2025, pb::DOCUMENT_KIND_SUPERVISION_ORDER,
                                   "仁检督监令");
        return n.status();
      });
      absl::MutexLock lock(&mu);
      if (s.ok()) {
        got.push_back(n->seq);
      } else {
        errors.push_back(s.ToString());
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(errors.empty()) << errors.front();
  std::sort(got.begin(), got.end());
  ASSERT_EQ(got.size(), 32u);
  for (int i = 0; i < 32; ++i) EXPECT_EQ(got[i], i + 1);
}

TEST_F(GuardianshipDocNumbersTest, RollbackGivesTheNumberBack) {
  auto a = Allocate(kRenhuai, 2025, pb::DOCUMENT_KIND_SUPERVISION_ORDER);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->seq, 1);
  EXPECT_EQ(a->text, "仁检督监令〔2025〕1号");
  EXPECT_EQ(Allocate(kRenhuai, 2025, pb::DOCUMENT_KIND_SUPERVISION_ORDER, false).status().code(),
            absl::StatusCode::kCancelled);
  auto b = Allocate(kRenhuai, 2025, pb::DOCUMENT_KIND_SUPERVISION_ORDER);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->seq, 2);
}

TEST_F(GuardianshipDocNumbersTest, KindsYearsAndProcuratoratesCountSeparately) {
  ASSERT_EQ(Allocate(kRenhuai, 2025, pb::DOCUMENT_KIND_SUPERVISION_ORDER)->seq, 1);
  ASSERT_EQ(Allocate(kRenhuai, 2025, pb::DOCUMENT_KIND_SUPERVISION_ORDER)->seq, 2);
  EXPECT_EQ(Allocate(kRenhuai, 2025, pb::DOCUMENT_KIND_GUIDANCE_DIRECTIVE)->seq, 1);
  EXPECT_EQ(Allocate(kRenhuai, 2025, pb::DOCUMENT_KIND_PROCURATORIAL_SUGGESTION)->seq, 1);
  EXPECT_EQ(Allocate(kRenhuai, 2026, pb::DOCUMENT_KIND_SUPERVISION_ORDER)->seq, 1);
  EXPECT_EQ(Allocate(kXishui, 2025, pb::DOCUMENT_KIND_SUPERVISION_ORDER)->seq, 1);
  EXPECT_EQ(Allocate(kRenhuai, 2025, pb::DOCUMENT_KIND_SUPERVISION_ORDER)->seq, 3);
  EXPECT_EQ(Allocate(kRenhuai, 2025, pb::DOCUMENT_KIND_UNSPECIFIED).status().code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace shouhu::guardianship
