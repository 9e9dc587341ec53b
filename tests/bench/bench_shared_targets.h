// What the targets of every workload share (bench_targets.cc, bench_aid_targets.cc): the
// principal the authenticator builds from token claims, the token issuer, channels
// connected before timing, one unary call with the bench's deadline, and the database,
// data keys and calendar of the in-process baseline.
#ifndef SHOUHU_TESTS_BENCH_BENCH_SHARED_TARGETS_H_
#define SHOUHU_TESTS_BENCH_BENCH_SHARED_TARGETS_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "bench/bench.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/db/pool.h"
#include "common/server/grpc_status.h"
#include "common/server/principal.h"
#include "common/token/token.h"

namespace shouhu::bench {

// A user's claims in --procuratorate, valid for 12 hours from `now`.
Claims BenchUserClaims(const std::string& subject, const std::string& name,
                       const std::string& department, const std::string& role,
                       const std::string& title, absl::Time now);

// As the authenticator builds a user from a verified token (common/server/auth.cc).
Principal PrincipalFromClaims(const Claims& c);

// The issuer of --jwt_signing_key (dies when unreadable).
std::unique_ptr<TokenIssuer> LoadTokenIssuer();
// A token of `c` (dies on failure).
std::string IssueToken(const TokenIssuer& issuer, const Claims& c);

// The mTLS credentials of a client certificate and key under --ca (dies when unreadable).
std::shared_ptr<grpc::ChannelCredentials> BenchCredentials(const std::string& cert,
                                                           const std::string& key,
                                                           const std::string& what);

// A channel to --addr of its own (own subchannel pool, so its own TCP+TLS connection),
// connected before timing starts (dies after 10 s).
std::shared_ptr<grpc::Channel> ConnectedChannel(
    const std::shared_ptr<grpc::ChannelCredentials>& creds);

// The database of the in-process baseline, `size` connections (dies when unreachable).
std::unique_ptr<db::ConnectionPool> OpenBenchPool(int size);

// The data keys (--data_key_file, --hmac_key_file) and the calendar (--calendar_dir) of
// the in-process baseline (dies when unreadable).
struct BenchData {
  std::unique_ptr<FieldCipher> cipher;
  std::unique_ptr<WorkingCalendar> calendar;
};
BenchData LoadBenchData();

// One call with the bench's deadline (--deadline_ms) and, for people, the bearer
// authorization `auth` ("" for none).
template <typename Resp, typename Stub, typename Req>
absl::StatusOr<Resp> CallUnary(
    Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
    const Req& req, const std::string& auth, std::chrono::milliseconds deadline) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + deadline);
  if (!auth.empty()) ctx.AddMetadata("authorization", auth);
  Resp out;
  absl::Status st = FromGrpcStatus((stub.*method)(&ctx, req, &out));
  if (!st.ok()) return st;
  return out;
}

}  // namespace shouhu::bench

#endif  // SHOUHU_TESTS_BENCH_BENCH_SHARED_TARGETS_H_
