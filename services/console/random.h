// Where the console's secrets come from: session ids and CSRF tokens. Injected so that
// tests can make them predictable; production uses the operating system's CSPRNG
// through OpenSSL.
#ifndef SHOUHU_CONSOLE_RANDOM_H_
#define SHOUHU_CONSOLE_RANDOM_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace shouhu::console {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills `out` with `n` random bytes; an error when the source cannot (then nothing
  // secret may be made from `out`).
  [[nodiscard]] virtual absl::Status Fill(unsigned char* out, size_t n) = 0;
  // OpenSSL's RAND_bytes (seeded from the kernel). Thread-safe.
  static RandomSource& Secure();
};

// `bytes` random bytes as unpadded base64url (32 bytes: 43 characters).
absl::StatusOr<std::string> RandomToken(RandomSource& random, size_t bytes);

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_RANDOM_H_
