// The workload of shouhu-bench: the requests (people drawn from fixed universes) and each
// client's closed loop.
#include <deque>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/bench.h"
#include "referral/core.h"
#include "support/builders.h"

namespace shouhu::bench {
namespace {

constexpr const char* kRegions[] = {"520382", "520381", "520330", "520302", "520303",
                                    "520304", "520321", "520322", "520323", "520324"};
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                     "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                  "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
                                  "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "辉", "宇"};
constexpr const char* kTowns[] = {"中枢街道", "盐津街道", "茅台镇", "坛厂街道", "苍龙街道",
                                  "鲁班街道", "长岗镇",   "五马镇", "高大坪镇", "喜头镇"};
constexpr const char* kFacts[] = {
    "学校班主任在日常家访中发现该学生长期独自在家，身上有多处新旧伤痕，学生自述被家人殴打。",
    "该生近两周未到校上课，经老师多次联系监护人未果，邻居反映孩子夜间在外游荡。",
    "被害人在案件中受重伤，侵权人无赔偿能力，家庭失去主要收入来源，生活陷入困难。",
    "当事人因交通事故致残，肇事方逃逸，医疗费用无力承担，申请司法救助。",
    "学校心理老师反映该生情绪异常，自述遭受同学欺凌并被索要财物，家长未予重视。"};

// Runs one operation, records it if it started inside the window.
template <typename Fn>
auto Timed(Stats& stats, const Window& w, int op, Fn fn) -> decltype(fn()) {
  const auto t0 = SteadyClock::now();
  auto result = fn();
  const auto t1 = SteadyClock::now();
  if (w.Inside(t0)) {
    if (result.ok()) {
      stats.latency_us[op].push_back(static_cast<uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
    } else {
      ++stats.error_count;
      ++stats.errors[absl::StrCat(OpName(op), ":",
                                  absl::StatusCodeToString(result.status().code()))];
    }
  }
  return result;
}

pb::AssignReferralRequest AssignRequest(Generator& gen, const Seeded& s, int client) {
  pb::AssignReferralRequest req;
  req.set_request_id(gen.RequestId());
  req.set_referral_id(s.referral_id);
  req.set_version(s.version);
  req.set_caseworker(absl::StrCat("u-bench-cw-", client % 4));
  return req;
}

pb::AcceptReferralRequest AcceptRequest(Generator& gen, const Seeded& s) {
  pb::AcceptReferralRequest req;
  req.set_request_id(gen.RequestId());
  req.set_referral_id(s.referral_id);
  req.set_version(s.version);
  req.set_message_to_agency("已受理，将依法处理。");
  return req;
}

}  // namespace

Generator::Generator(uint64_t salt, int client)
    : salt_(salt), client_(client), rng_(salt * 1000003u + static_cast<uint64_t>(client)) {
  today_ = absl::ToCivilDay(absl::Now(), referral::ChinaTime());
}

std::string Generator::RequestId() {
  return absl::StrFormat("bench-%08x-%d-%d", static_cast<uint32_t>(salt_), client_, ++counter_);
}

pb::SubmitReferralRequest Generator::SubmitRequest() {
  pb::SubmitReferralRequest req;
  req.set_request_id(RequestId());
  const bool report = Uniform(2) == 0;
  const int64_t people = absl::GetFlag(FLAGS_people);
  const uint64_t k1 = Uniform(people);
  uint64_t k2 = Uniform(people);
  if (report) {
    req.set_kind(pb::REFERRAL_KIND_MANDATORY_REPORT);
    AddDistinct(req.mutable_situations(), 9);
    AddPerson(req, pb::PERSON_ROLE_SUBJECT, "", Person(k1, /*minor=*/true));
    AddPerson(req, pb::PERSON_ROLE_GUARDIAN, Uniform(2) == 0 ? "母亲" : "父亲",
              Person(k2, /*minor=*/false));
  } else {
    req.set_kind(pb::REFERRAL_KIND_JUDICIAL_AID);
    AddDistinct(req.mutable_aid_grounds(), 10);
    req.set_urgent(Uniform(10) == 0);
    if (k2 == k1) k2 = (k1 + 1) % people;
    AddPerson(req, pb::PERSON_ROLE_SUBJECT, "", Person(k1, /*minor=*/false));
    AddPerson(req, pb::PERSON_ROLE_RELATIVE, Uniform(2) == 0 ? "配偶" : "子女",
              Person(k2, /*minor=*/false));
  }
  req.set_facts(absl::StrCat(kFacts[Uniform(std::size(kFacts))], "（压测编号 ", client_, "-",
                             counter_, "）"));
  *req.mutable_occurred_on() = referral::FromCivilDay(today_ - static_cast<int>(Uniform(30)));
  return req;
}

void Generator::AddDistinct(google::protobuf::RepeatedField<int>* out, int max) {
  const int a = static_cast<int>(Uniform(max)) + 1;
  out->Add(a);
  if (Uniform(2) == 0) {
    const int b = a % max + 1;
    out->Add(b);
  }
}

void Generator::AddPerson(pb::SubmitReferralRequest& req, pb::PersonRole role,
                          const std::string& relation, cpb::PersonInput person) {
  pb::ReferralPersonInput* rp = req.add_people();
  rp->set_role(role);
  rp->set_relation(relation);
  *rp->mutable_person() = std::move(person);
}

// Person `k` of this run's universe of minors (ages about 7-16) or adults (30-60).
// Birth date, region and sequence number follow from the index one to one, so the same
// index is always the same ID number, name and birth date, and different indexes are
// different ID numbers. Birth dates spread over the whole age range, so that people who
// share a name and a birth date (possible duplicates) stay rare, as in real intake.
cpb::PersonInput Generator::Person(uint64_t k, bool minor) const {
  const uint64_t n = (salt_ % 1000) * static_cast<uint64_t>(absl::GetFlag(FLAGS_people)) + k;
  const uint64_t span = minor ? 9 * 365 : 30 * 365;
  const absl::CivilDay first = minor ? absl::CivilDay(today_.year() - 17, today_.month(), 1) + 60
                                     : absl::CivilDay(today_.year() - 60, today_.month(), 1);
  const absl::CivilDay birth = first + static_cast<int64_t>(n % span);
  const char* region = kRegions[(n / span) % std::size(kRegions)];
  const int seq = static_cast<int>((n / span / std::size(kRegions)) % 1000);
  const std::string id_number = testing::IdNumber(birth, seq, region);
  cpb::PersonInput p;
  const uint64_t h = (n * 2654435761u) >> 7;  // name from a scrambled index
  const uint64_t g2 = (h / 600) % (std::size(kGiven) + 1);
  p.set_name(absl::StrCat(kSurnames[h % std::size(kSurnames)], kGiven[(h / 20) % std::size(kGiven)],
                          g2 == std::size(kGiven) ? "" : kGiven[g2]));
  p.set_sex(seq % 2 == 1 ? cpb::SEX_MALE : cpb::SEX_FEMALE);
  p.set_id_number(id_number);
  p.set_phone(absl::StrFormat("1%02d%08d", 30 + n % 60, n % 100000000));
  p.set_address(
      absl::StrCat("贵州省仁怀市", kTowns[(h / 7) % std::size(kTowns)], h % 300 + 1, "号"));
  p.set_ethnicity(h % 5 == 0 ? "仡佬族" : "汉族");
  return p;
}

void RunClient(Client& client, Generator& gen, const std::string& workload, int index,
               const Window& w, TriagePool& pool, Stats& stats) {
  std::deque<Seeded> submitted;  // mixed: own submissions waiting for triage
  std::optional<Seeded> assigned;
  int64_t step = 0;
  while (SteadyClock::now() < w.end) {
    if (workload == "intake") {
      (void)Timed(stats, w, kSubmit, [&] { return client.Submit(gen.SubmitRequest()); });
    } else if (workload == "triage") {
      Seeded s;
      if (!pool.Take(&s)) {
        stats.exhausted = true;
        return;
      }
      auto a =
          Timed(stats, w, kAssign, [&] { return client.Assign(AssignRequest(gen, s, index)); });
      if (!a.ok() || SteadyClock::now() >= w.end) continue;
      s.version = a->version();
      (void)Timed(stats, w, kAccept, [&] { return client.Accept(AcceptRequest(gen, s)); });
    } else {  // mixed: submit, submit, assign, accept
      const int phase = static_cast<int>(step++ % 4);
      if (phase == 2 && !submitted.empty()) {
        Seeded s = submitted.front();
        submitted.pop_front();
        auto a =
            Timed(stats, w, kAssign, [&] { return client.Assign(AssignRequest(gen, s, index)); });
        if (a.ok()) assigned = Seeded{s.referral_id, a->version()};
      } else if (phase == 3 && assigned.has_value()) {
        Seeded s = *assigned;
        assigned.reset();
        (void)Timed(stats, w, kAccept, [&] { return client.Accept(AcceptRequest(gen, s)); });
      } else {
        auto r = Timed(stats, w, kSubmit, [&] { return client.Submit(gen.SubmitRequest()); });
        if (r.ok()) submitted.push_back(Seeded{r->referral_id(), r->version()});
      }
    }
  }
}

}  // namespace shouhu::bench
