#include "console/session_store.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <utility>

namespace shouhu::console {

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SessionStore::SessionStore(Options options, const Clock* clock, RandomSource* random)
    : options_(options), clock_(clock), random_(random) {}

absl::Time SessionStore::ExpiryOf(const Session& s) const {
  return std::min(s.last_seen + options_.idle_timeout, s.token_expires);
}

bool SessionStore::Expired(const Session& s, absl::Time now) const { return now >= ExpiryOf(s); }

absl::StatusOr<Session> SessionStore::Create(std::string token, SessionUser user,
                                             absl::Time token_expires) {
  const absl::Time now = clock_->Now();
  if (now >= token_expires) return absl::UnauthenticatedError("the token has expired");
  absl::StatusOr<std::string> csrf = RandomToken(*random_, kSecretBytes);
  if (!csrf.ok()) return csrf.status();
  Session s;
  s.csrf = *std::move(csrf);
  s.token = std::move(token);
  s.user = std::move(user);
  s.token_expires = token_expires;
  s.last_seen = now;
  s.expires_at = ExpiryOf(s);

  absl::MutexLock lock(&mu_);
  // A repeated id would mean a broken random source: try again, then refuse.
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<std::string> id = RandomToken(*random_, kSecretBytes);
    if (!id.ok()) return id.status();
    if (sessions_.contains(*id)) continue;
    s.id = *std::move(id);
    MakeRoom(now);
    sessions_.emplace(s.id, s);
    return s;
  }
  return absl::UnavailableError("the random source repeats itself");
}

void SessionStore::MakeRoom(absl::Time now) {
  if (sessions_.size() < options_.max_sessions) return;
  absl::erase_if(sessions_, [&](const auto& kv) { return Expired(kv.second, now); });
  while (!sessions_.empty() && sessions_.size() >= options_.max_sessions) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.last_seen < oldest->second.last_seen) oldest = it;
    }
    sessions_.erase(oldest);
  }
}

absl::StatusOr<Session> SessionStore::Touch(absl::string_view id) { return Find(id, true); }

absl::StatusOr<Session> SessionStore::Peek(absl::string_view id) { return Find(id, false); }

absl::StatusOr<Session> SessionStore::Find(absl::string_view id, bool touch) {
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return absl::UnauthenticatedError("not signed in");
  if (Expired(it->second, now)) {
    sessions_.erase(it);
    return absl::UnauthenticatedError("the session has expired");
  }
  if (touch) {
    it->second.last_seen = now;
    it->second.expires_at = ExpiryOf(it->second);
  }
  return it->second;
}

bool SessionStore::End(absl::string_view id) {
  absl::MutexLock lock(&mu_);
  return sessions_.erase(id) > 0;
}

size_t SessionStore::size() const {
  absl::MutexLock lock(&mu_);
  return sessions_.size();
}

}  // namespace shouhu::console
