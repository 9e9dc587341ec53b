// Server-side sessions of the console. The browser holds only a random id (256 bits,
// base64url) in an HttpOnly cookie; the user's token stays here and is forwarded to the
// services with every call.
//
// A session ends when it was idle for `idle_timeout`, when the token it holds expires
// (it never outlives the token), or on logout. The store holds at most `max_sessions`:
// when a new one would not fit, expired sessions are dropped first, then the least
// recently used one. Ids and CSRF tokens come from the injected random source, times
// from the injected clock. Thread-safe.
#ifndef SHOUHU_CONSOLE_SESSION_STORE_H_
#define SHOUHU_CONSOLE_SESSION_STORE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "console/random.h"

namespace shouhu::console {

// Who is signed in, as the verified token says (shown by /api/session).
struct SessionUser {
  std::string id;
  std::string name;
  std::vector<std::string> roles;
  std::string procuratorate;
  std::string department;
  std::string title;
  std::string agency;  // agency staff: the agency code; empty for procuratorate staff
};

struct Session {
  std::string id;    // the cookie value
  std::string csrf;  // the X-CSRF-Token every write must carry
  std::string token;
  SessionUser user;
  absl::Time token_expires;
  absl::Time last_seen;
  // When the session ends unless used again: the earlier of idle expiry and the token's.
  absl::Time expires_at;
};

// Compares in time independent of where the strings differ (their lengths may leak).
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

class SessionStore {
 public:
  struct Options {
    absl::Duration idle_timeout = absl::Minutes(30);
    size_t max_sessions = 10000;
  };
  // Bytes of randomness in a session id and a CSRF token.
  static constexpr size_t kSecretBytes = 32;

  SessionStore(Options options, const Clock* clock, RandomSource* random);

  // A new session for a verified token. UNAVAILABLE when the random source fails;
  // UNAUTHENTICATED when the token has already expired.
  absl::StatusOr<Session> Create(std::string token, SessionUser user, absl::Time token_expires);

  // The live session `id`, its idle time restarted. UNAUTHENTICATED when there is none or
  // it has expired (an expired session is removed).
  absl::StatusOr<Session> Touch(absl::string_view id);

  // The same without restarting the idle time (for "who is signed in" questions, which a
  // page may ask repeatedly without the user doing anything).
  absl::StatusOr<Session> Peek(absl::string_view id);

  // Ends session `id`; false when there was none.
  bool End(absl::string_view id);

  size_t size() const;

 private:
  absl::StatusOr<Session> Find(absl::string_view id, bool touch);
  bool Expired(const Session& s, absl::Time now) const;
  absl::Time ExpiryOf(const Session& s) const;
  // Makes room for one more session (mu_ held).
  void MakeRoom(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;
  const Clock* clock_;
  RandomSource* random_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Session> sessions_ ABSL_GUARDED_BY(mu_);
};

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_SESSION_STORE_H_
