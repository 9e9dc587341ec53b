#include "common/base/clock.h"

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace shouhu {
namespace {

class RealClock : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

class RandomIdGenerator : public IdGenerator {
 public:
  std::string NewId(absl::string_view prefix) override {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string out(prefix);
    out.push_back('-');
    absl::MutexLock lock(&mu_);
    for (int i = 0; i < 16; ++i) out.push_back(kAlphabet[absl::Uniform(bitgen_, 0, 32)]);
    return out;
  }

 private:
  absl::Mutex mu_;
  absl::BitGen bitgen_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

const Clock& Clock::Real() {
  static const RealClock* clock = new RealClock();
  return *clock;
}

std::string IdGenerator::NewTenantId(absl::string_view prefix, absl::string_view tenant) {
  return NewId(absl::StrCat(prefix, "-", tenant));
}

IdGenerator& IdGenerator::Random() {
  static RandomIdGenerator* gen = new RandomIdGenerator();
  return *gen;
}

std::string SequentialIdGenerator::NewId(absl::string_view prefix) {
  return absl::StrFormat("%s-%016d", prefix, next_.fetch_add(1));
}

}  // namespace shouhu
