// The end-to-end support that is not the platform itself: health probes over HTTP, the
// callers' per-call context and trailers, and the test data the e2e tests submit.
#include <grpcpp/generic/generic_stub.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/server/grpc_status.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {

// ---------------------------------------------------------------------------------------
// Health probes
// ---------------------------------------------------------------------------------------

// GET http://127.0.0.1:<port><path>: the status (-1 when there is no answer) and body.
std::pair<int, std::string> HttpGet(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(2, 0);
  client.set_write_timeout(2, 0);
  auto res = client.Get(path.c_str());
  if (!res) return {-1, ""};
  return {res->status, res->body};
}

// grpc.health.v1.Health/Check without the health proto (grpc++ 1.51 ships no public
// client for it), through the generic stub:
//   HealthCheckRequest  { string service = 1; }     -> empty bytes for service ""
//   HealthCheckResponse { ServingStatus status = 1; } -> 0x08 <varint>
//   ServingStatus: 0 UNKNOWN, 1 SERVING, 2 NOT_SERVING, 3 SERVICE_UNKNOWN
// Returns the status, or -1 with `rpc_status` set when the call itself failed.

int GrpcHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
               grpc::Status* rpc_status, absl::Duration deadline) {
  std::string body;
  if (!service.empty()) {
    body.push_back(0x0A);                               // field 1, length-delimited
    body.push_back(static_cast<char>(service.size()));  // names used here are < 128 bytes
    body += service;
  }
  grpc::Slice slice(body);
  grpc::ByteBuffer request(&slice, 1);
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline));
  auto call = stub.PrepareUnaryCall(&ctx, "/grpc.health.v1.Health/Check", request, &cq);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  if (rpc_status != nullptr) *rpc_status = status;
  if (!status.ok()) return -1;
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return -1;
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  // Walk the fields; only varint field 1 matters (proto3 omits a 0 value).
  int value = 0;
  size_t i = 0;
  while (i < bytes.size()) {
    const uint8_t key = static_cast<uint8_t>(bytes[i++]);
    if ((key & 7) != 0) return -1;  // not a varint: unexpected for this message
    uint64_t v = 0;
    int shift = 0;
    while (i < bytes.size()) {
      const uint8_t b = static_cast<uint8_t>(bytes[i++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      shift += 7;
      if ((b & 0x80) == 0) break;
    }
    if ((key >> 3) == 1) value = static_cast<int>(v);
  }
  return value;
}
// ---------------------------------------------------------------------------------------
// Callers
// ---------------------------------------------------------------------------------------

void Caller::Prepare(grpc::ClientContext* ctx, absl::Duration deadline) const {
  ctx->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline));
  if (!token_.empty()) ctx->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
}

void Caller::CopyTrailers(const grpc::ClientContext& ctx, Trailers* trailers) {
  trailers->clear();
  for (const auto& [k, v] : ctx.GetServerTrailingMetadata()) {
    trailers->emplace(std::string(k.data(), k.size()), std::string(v.data(), v.size()));
  }
}

std::string StatusText(const grpc::Status& st) {
  return absl::StrCat("code ", static_cast<int>(st.error_code()), ": ", st.error_message());
}

// ---------------------------------------------------------------------------------------
// Test data
// ---------------------------------------------------------------------------------------

int NextSerial() {
  static std::atomic<int> serial{0};
  return ++serial;
}

std::string NewRequestId(absl::string_view tag) {
  return absl::StrCat("e2e-", tag, "-", ::getpid(), "-", NextSerial());
}

std::string MakeIdNumber(int age_years, int serial, bool female) {
  return testing::IdNumberOfAge(age_years, TodayInChina(), serial, female);
}

pb::SubmitReferralRequest MandatoryReport(const std::string& request_id) {
  const int serial = NextSerial();
  testing::SubmissionSpec spec;
  spec.request_id = request_id;
  spec.kind = pb::REFERRAL_KIND_MANDATORY_REPORT;
  spec.occurred_on = TodayInChina() - 1;
  spec.facts = absl::StrCat("学生在校发现手臂多处淤青，疑似遭受家庭暴力。编号", serial);
  spec.subject = testing::PersonWithIdNumber("王小明", MakeIdNumber(12, serial, false));
  return testing::ValidSubmission(spec);
}

pb::SubmitReferralRequest JudicialAidLead(const std::string& request_id) {
  const int serial = NextSerial();
  testing::SubmissionSpec spec;
  spec.request_id = request_id;
  spec.kind = pb::REFERRAL_KIND_JUDICIAL_AID;
  spec.occurred_on = TodayInChina() - 30;
  spec.facts = absl::StrCat("交通事故受害人重伤，肇事方无赔偿能力，家庭生活困难。编号", serial);
  spec.subject = testing::PersonWithIdNumber("李秀英", MakeIdNumber(35, serial, true));
  spec.with_guardian = false;
  pb::SubmitReferralRequest req = testing::ValidSubmission(spec);
  req.clear_aid_grounds();
  req.add_aid_grounds(pb::AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED);
  return req;
}

}  // namespace shouhu::e2e
