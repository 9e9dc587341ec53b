// End-to-end: one caller cannot take the platform down. The real shouhu-referral binary
// runs with small per-caller limits for agencies (3 open streams, 2 requests per second
// after a burst of 30); over them one agency gets RESOURCE_EXHAUSTED naming the limit,
// counted per caller on /metrics, while another agency submits and a caseworker reads.
// See docs/architecture.md "Per-caller limits".
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {
namespace {

const ::testing::Environment* const kPlatform = RegisterPlatform(
    {.referral_flags = {"--agency_max_streams=3", "--agency_rate=2", "--agency_burst=30"}});

using RS = pb::ReferralService::Stub;
using ::testing::HasSubstr;

// One WatchReferral call of `caller`, read up to its first entry.
struct Watch {
  std::unique_ptr<grpc::ClientContext> ctx;
  std::unique_ptr<RS> stub;
  std::unique_ptr<grpc::ClientReader<pb::TimelineEntry>> reader;
  bool got_entry = false;

  Watch(const Caller& caller, const std::string& referral_id) {
    ctx = std::make_unique<grpc::ClientContext>();
    caller.Prepare(ctx.get(), absl::Seconds(60));
    stub = std::make_unique<RS>(caller.channel());
    pb::WatchReferralRequest req;
    req.set_referral_id(referral_id);
    reader = stub->WatchReferral(ctx.get(), req);
    pb::TimelineEntry e;
    got_entry = reader->Read(&e);  // the submission entry, at once, when admitted
  }
  grpc::Status Close() {
    ctx->TryCancel();
    pb::TimelineEntry e;
    while (reader->Read(&e)) {
    }
    return reader->Finish();
  }
};

class CallerLimitsTest : public PlatformTest {
 protected:
  std::string Metrics() { return HttpGet(P().referral().admin_port, "/metrics").second; }
};

TEST_F(CallerLimitsTest, AnAgencyOverItsStreamsDoesNotStopOthers) {
  const Caller school = P().Agency("school-renhuai-1");
  const pb::Referral mine = MustSubmit(school, MandatoryReport(NewRequestId("lim-own")));

  std::vector<std::unique_ptr<Watch>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<Watch>(school, mine.referral_id()));
    ASSERT_TRUE(open.back()->got_entry) << "stream " << i << " was not admitted";
  }
  Watch extra(school, mine.referral_id());
  EXPECT_FALSE(extra.got_entry);
  grpc::Status st = extra.reader->Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << StatusText(st);
  EXPECT_THAT(st.error_message(), HasSubstr("\"streams\""));
  EXPECT_THAT(st.error_message(), HasSubstr("at most 3 open streams per agency"));

  // While the school holds every stream it may: another agency submits and watches, a
  // caseworker reads and lists.
  const Caller edu = P().Agency("edu-renhuai");
  const pb::Referral other = MustSubmit(edu, MandatoryReport(NewRequestId("lim-other")));
  Watch edu_watch(edu, other.referral_id());
  EXPECT_TRUE(edu_watch.got_entry);
  const Caller caseworker = P().UserCaller(kCaseworker);
  pb::GetReferralRequest get;
  get.set_referral_id(other.referral_id());
  pb::Referral got;
  st = caseworker.Call(&RS::GetReferral, get, &got);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(got.referral_id(), other.referral_id());
  pb::ListReferralsResponse listed;
  st = caseworker.Call(&RS::ListReferrals, pb::ListReferralsRequest(), &listed);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_GT(listed.referrals_size(), 0);
  edu_watch.Close();

  const std::string metrics = Metrics();
  EXPECT_THAT(metrics, HasSubstr("shouhu_caller_limited_total{caller=\"agency:school-renhuai-1\","
                                 "limit=\"streams\"} 1"));
  EXPECT_THAT(metrics, ::testing::Not(HasSubstr("caller=\"agency:edu-renhuai\"")));

  // Once the school closes its streams it may open new ones (the slots come back when the
  // server is done with each call: retry briefly).
  for (auto& w : open) EXPECT_EQ(w->Close().error_code(), grpc::StatusCode::CANCELLED);
  open.clear();
  const absl::Time until = absl::Now() + absl::Seconds(10);
  while (absl::Now() < until) {
    auto w = std::make_unique<Watch>(school, mine.referral_id());
    if (!w->got_entry) {
      w->reader->Finish();
      absl::SleepFor(absl::Milliseconds(50));
      continue;
    }
    open.push_back(std::move(w));
    if (open.size() == 3) break;
  }
  EXPECT_EQ(open.size(), 3u) << "the closed streams did not give their slots back";
  for (auto& w : open) w->Close();
}

TEST_F(CallerLimitsTest, AnAgencyOverItsRateDoesNotStopOthers) {
  const Caller police = P().Agency("police-renhuai");
  pb::ListReferralsRequest list;
  list.set_page_size(1);
  // Burst 30, then 2 a second: a tight loop runs out within a few dozen calls.
  grpc::Status st;
  int served = 0;
  for (int i = 0; i < 200; ++i) {
    pb::ListReferralsResponse out;
    st = police.Call(&RS::ListReferrals, list, &out);
    if (!st.ok()) break;
    ++served;
  }
  ASSERT_EQ(st.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << StatusText(st);
  EXPECT_THAT(st.error_message(), HasSubstr("\"rate\""));
  EXPECT_GE(served, 30);
  EXPECT_LT(served, 60);

  // The others are served meanwhile: another agency submits, a caseworker reads.
  const Caller edu = P().Agency("edu-renhuai");
  const pb::Referral r = MustSubmit(edu, MandatoryReport(NewRequestId("lim-rate")));
  pb::GetReferralRequest get;
  get.set_referral_id(r.referral_id());
  pb::Referral got;
  st = P().UserCaller(kCaseworker).Call(&RS::GetReferral, get, &got);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  pb::ListReferralsResponse out;
  st = P().UserCaller(kCaseworker).Call(&RS::ListReferrals, list, &out);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  EXPECT_THAT(Metrics(), HasSubstr("shouhu_caller_limited_total{caller=\"agency:police-renhuai\","
                                   "limit=\"rate\"} 1"));

  // The police's bucket refills at 2 a second.
  absl::SleepFor(absl::Seconds(1));
  st = police.Call(&RS::ListReferrals, list, &out);
  EXPECT_TRUE(st.ok()) << StatusText(st);
}

}  // namespace
}  // namespace shouhu::e2e
