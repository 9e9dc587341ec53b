// The commands of the `shouhu` client: connection set-up and one RPC flow per command.
#ifndef SHOUHU_CLI_CLIENT_H_
#define SHOUHU_CLI_CLIENT_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "grpcpp/grpcpp.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"
#include "shouhu/oversight/v1/oversight.grpc.pb.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"
#include "shouhu/visit/v1/visit.grpc.pb.h"

namespace shouhu::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRpcError = 1;
inline constexpr int kExitUsage = 2;

// Stubs the commands call (not owned). Tests pass the generated mocks.
struct Stubs {
  shouhu::referral::v1::ReferralService::StubInterface* referral = nullptr;
  shouhu::referral::v1::CaseService::StubInterface* cases = nullptr;
  shouhu::referral::v1::PersonService::StubInterface* people = nullptr;
  shouhu::referral::v1::RegistryService::StubInterface* registry = nullptr;
  // The aid service (its own address: --aid_addr).
  shouhu::aid::v1::AidApplicationService::StubInterface* aid = nullptr;
  shouhu::aid::v1::DisbursementService::StubInterface* disbursements = nullptr;
  shouhu::aid::v1::FundService::StubInterface* fund = nullptr;
  shouhu::aid::v1::ReconciliationService::StubInterface* reconciliation = nullptr;
  shouhu::aid::v1::RecoveryService::StubInterface* recovery = nullptr;
  shouhu::aid::v1::SocialAidService::StubInterface* social = nullptr;
  shouhu::aid::v1::AidStatisticsService::StubInterface* stats = nullptr;
  shouhu::aid::v1::AidConfigService::StubInterface* config = nullptr;
  // The guardianship service (its own address: --guardianship_addr).
  shouhu::guardianship::v1::GuardianshipOrderService::StubInterface* orders = nullptr;
  shouhu::guardianship::v1::EscalationService::StubInterface* escalations = nullptr;
  shouhu::guardianship::v1::UnattendedChildService::StubInterface* unattended = nullptr;
  shouhu::guardianship::v1::GuardianshipConfigService::StubInterface* order_config = nullptr;
  // The visit service (its own address: --visit_addr).
  shouhu::visit::v1::VisitPlanService::StubInterface* visit_plans = nullptr;
  shouhu::visit::v1::VisitService::StubInterface* visits = nullptr;
  shouhu::visit::v1::VolunteerService::StubInterface* volunteers = nullptr;
  // The oversight service (its own address: --oversight_addr).
  shouhu::oversight::v1::DeadlineWatchService::StubInterface* oversight = nullptr;
  shouhu::oversight::v1::QualityReviewService::StubInterface* review = nullptr;
};

// What the global options name, read from their files.
struct Connection {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  std::string token;  // Bearer token, trimmed; empty without --token_file.
};

// Reads the TLS files and the token file. Returns a usage error message (in the chosen
// language) or "" on success. A CA file is required: there is no plaintext mode.
std::string LoadConnection(const GlobalOptions& global, Connection* connection);

// A channel to `addr` (global.addr when empty).
std::shared_ptr<grpc::Channel> MakeChannel(const GlobalOptions& global,
                                           const Connection& connection,
                                           const std::string& addr = "");

// Reads a file, or standard input for "-".
bool ReadInput(const std::string& path, std::string* content);

// A random idempotency key of 24 characters [A-Za-z0-9].
std::string GenerateRequestId();

// Runs one parsed command against the given stubs. Results go to `out`, errors and notes
// to `err`. Returns the exit code.
class Runner {
  friend class AidRunner;        // The aid commands (aid_runner.h) share the call helpers,
  friend class OrderRunner;      // and so do the order commands (order_runner.h)
  friend class VisitRunner;      // and the visit commands (visit_runner.h),
  friend class OversightRunner;  // and the oversight commands (oversight_cli.h).

 public:
  Runner(const Invocation& invocation, Stubs stubs, std::string token, std::ostream& out,
         std::ostream& err);
  int Run();
  const std::string& request_id() const { return request_id_; }
  // Where interactive commands (visit record) read answers; standard input by default.
  void set_input(std::istream* in) { in_ = in; }

 private:
  template <typename Stub, typename Req, typename Resp>
  using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Req&, Resp*);

  std::unique_ptr<grpc::ClientContext> NewContext(bool with_deadline = true) const;
  template <typename Stub, typename Req, typename Resp>
  bool Call(Stub* stub, Method<Stub, Req, Resp> method, const Req& req, Resp* resp, bool update);
  // Calls a list RPC, following next_page_token with --all; pages are merged into `out`.
  template <typename Stub, typename Req, typename Resp>
  bool Page(Stub* stub, Method<Stub, Req, Resp> method, Req req, Resp* out);
  void ReportError(const grpc::Status& status, const grpc::ClientContext& context, bool update);

  // Reads a JSON file ("-": standard input) into `message`; unknown fields are refused.
  // On failure prints why (file and parse error) and returns false.
  bool ReadJson(const std::string& path, google::protobuf::Message* message);
  void PrintJson(const google::protobuf::Message& message);
  // The one output branch of every command: the message as JSON with --json, else the
  // text `render` produces. Returns kExitOk.
  int Emit(const google::protobuf::Message& message, const std::function<std::string()>& render);
  // Prints an updated record: JSON, or the confirmation line and the record.
  template <typename M>
  int Done(const M& record, const Text& confirmation);

  std::optional<int64_t> ReferralVersion(const std::string& referral_id);
  std::optional<int64_t> CaseVersion(const std::string& case_id);
  std::optional<int64_t> TransferVersion(const std::string& case_id);

  int Submit();
  int List();
  int Show();
  int Timeline();
  int Watch();
  int Assign();
  int Accept();
  int Decline();
  int RequestInfo();
  int Supplement();
  int Withdraw();
  int Cases();
  int ShowCase();
  int AssignCase();
  int CloseCase();
  int Transfer();
  int Transfers();
  int DecideTransfer(bool accept);
  int ShowPerson();
  int UpdatePerson();
  int PersonHistory();
  int Duplicates();
  int ResolveDuplicate();
  int UpsertProcuratorate();
  int RegisterAgency();
  int ListAgencies();
  int ReferralStats();  // referral_stats.cc

  const Invocation& inv_;
  const Lang lang_;
  Stubs stubs_;
  std::string token_;
  std::ostream& out_;
  std::ostream& err_;
  std::istream* in_;
  std::string request_id_;
};

// The whole client: parse, connect, run. `args` excludes the program name.
int RunCli(const std::vector<std::string>& args, const EnvLookup& env, std::ostream& out,
           std::ostream& err);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_CLIENT_H_
