#include "console/random.h"

#include <openssl/rand.h>

#include <climits>
#include <vector>

#include "absl/strings/escaping.h"

namespace shouhu::console {
namespace {

class OpenSslRandom final : public RandomSource {
 public:
  absl::Status Fill(unsigned char* out, size_t n) override {
    if (n > static_cast<size_t>(INT_MAX) || RAND_bytes(out, static_cast<int>(n)) != 1) {
      return absl::UnavailableError("the random source failed");
    }
    return absl::OkStatus();
  }
};

}  // namespace

RandomSource& RandomSource::Secure() {
  static OpenSslRandom* random = new OpenSslRandom();
  return *random;
}

absl::StatusOr<std::string> RandomToken(RandomSource& random, size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (absl::Status st = random.Fill(buffer.data(), buffer.size()); !st.ok()) return st;
  // WebSafeBase64Escape writes the base64url alphabet without padding.
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

}  // namespace shouhu::console
