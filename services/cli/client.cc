#include "cli/client.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "cli/aid_args.h"
#include "cli/aid_runner.h"
#include "cli/format.h"
#include "cli/order_args.h"
#include "cli/order_runner.h"
#include "cli/oversight_cli.h"
#include "cli/render.h"
#include "cli/runner_impl.h"
#include "cli/visit_args.h"
#include "cli/visit_runner.h"
#include "google/protobuf/util/json_util.h"

namespace shouhu::cli {
namespace {

namespace cv1 = ::shouhu::common::v1;

}  // namespace

bool ReadInput(const std::string& path, std::string* content) {
  if (path == "-") {
    content->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  *content = buffer.str();
  return true;
}

namespace {

// Ctrl-C while watching: the handler only sets a flag; a helper thread cancels the call.
std::atomic<bool> g_interrupted{false};

void OnInterrupt(int) { g_interrupted.store(true); }

class InterruptGuard {
 public:
  explicit InterruptGuard(grpc::ClientContext* context) : context_(context) {
    g_interrupted.store(false);
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
    thread_ = std::thread([this] {
      while (!done_.load()) {
        if (g_interrupted.load()) {
          context_->TryCancel();
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  ~InterruptGuard() {
    done_.store(true);
    thread_.join();
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  bool interrupted() const { return g_interrupted.load(); }

 private:
  grpc::ClientContext* context_;
  std::atomic<bool> done_{false};
  std::thread thread_;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

bool OutcomeUnknown(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::UNKNOWN || code == grpc::StatusCode::INTERNAL ||
         code == grpc::StatusCode::CANCELLED;
}

}  // namespace

std::string LoadConnection(const GlobalOptions& g, Connection* connection) {
  const Lang lang = g.lang;
  auto read = [&](const std::string& path, std::string* content) -> std::string {
    if (ReadInput(path, content)) return "";
    return absl::Substitute(msg::kReadFailed(lang), path);
  };
  // Every Shouhu port is TLS with client certificates: there is no plaintext mode.
  if (g.ca.empty()) return std::string(msg::kCaRequired(lang));
  {
    grpc::SslCredentialsOptions options;
    if (std::string e = read(g.ca, &options.pem_root_certs); !e.empty()) return e;
    if (!g.cert.empty()) {
      if (std::string e = read(g.cert, &options.pem_cert_chain); !e.empty()) return e;
    }
    if (!g.key.empty()) {
      if (std::string e = read(g.key, &options.pem_private_key); !e.empty()) return e;
    }
    connection->credentials = grpc::SslCredentials(options);
  }
  if (!g.token_file.empty()) {
    std::string token;
    if (std::string e = read(g.token_file, &token); !e.empty()) return e;
    connection->token = std::string(absl::StripAsciiWhitespace(token));
    if (connection->token.empty()) return absl::Substitute(msg::kEmptyToken(lang), g.token_file);
  }
  return "";
}

std::shared_ptr<grpc::Channel> MakeChannel(const GlobalOptions& global,
                                           const Connection& connection, const std::string& addr) {
  grpc::ChannelArguments args;
  if (!global.server_name.empty()) args.SetSslTargetNameOverride(global.server_name);
  return grpc::CreateCustomChannel(addr.empty() ? global.addr : addr, connection.credentials, args);
}

std::string GenerateRequestId() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::uniform_int_distribution<size_t> pick(0, sizeof(kAlphabet) - 2);
  std::string id;
  for (int i = 0; i < 24; ++i) id.push_back(kAlphabet[pick(device)]);
  return id;
}

Runner::Runner(const Invocation& invocation, Stubs stubs, std::string token, std::ostream& out,
               std::ostream& err)
    : inv_(invocation),
      lang_(invocation.global.lang),
      stubs_(stubs),
      token_(std::move(token)),
      out_(out),
      err_(err),
      in_(&std::cin),
      request_id_(invocation.global.request_id.empty() ? GenerateRequestId()
                                                       : invocation.global.request_id) {}

std::unique_ptr<grpc::ClientContext> Runner::NewContext(bool with_deadline) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (with_deadline) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(inv_.global.timeout_s));
  }
  if (!token_.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
  return context;
}

void Runner::ReportError(const grpc::Status& status, const grpc::ClientContext& context,
                         bool update) {
  err_ << FormatError(status, FieldViolationsFromMetadata(context.GetServerTrailingMetadata()),
                      lang_);
  if (update && OutcomeUnknown(status.error_code())) {
    err_ << absl::Substitute(msg::kRetryHint(lang_), request_id_) << "\n";
  }
}

bool Runner::ReadJson(const std::string& path, google::protobuf::Message* message) {
  std::string text;
  if (!ReadInput(path, &text)) {
    err_ << absl::Substitute(msg::kReadFailed(lang_), path) << "\n";
    return false;
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(text, message, options);
  if (!status.ok()) {
    err_ << absl::Substitute(msg::kBadMessageJson(lang_), path, message->GetDescriptor()->name(),
                             status.message().ToString())
         << "\n";
    return false;
  }
  return true;
}

void Runner::PrintJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  google::protobuf::util::MessageToJsonString(message, &json, options);
  out_ << json << "\n";
}

int Runner::Emit(const google::protobuf::Message& message,
                 const std::function<std::string()>& render) {
  if (inv_.global.json) {
    PrintJson(message);
  } else {
    out_ << render();
  }
  return kExitOk;
}

std::optional<int64_t> Runner::ReferralVersion(const std::string& referral_id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  rv1::GetReferralRequest req;
  req.set_referral_id(referral_id);
  rv1::Referral referral;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::GetReferral, req, &referral,
            false)) {
    return std::nullopt;
  }
  return referral.version();
}

std::optional<int64_t> Runner::CaseVersion(const std::string& case_id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  rv1::GetCaseRequest req;
  req.set_case_id(case_id);
  rv1::Case c;
  if (!Call(stubs_.cases, &rv1::CaseService::StubInterface::GetCase, req, &c, false)) {
    return std::nullopt;
  }
  return c.version();
}

std::optional<int64_t> Runner::TransferVersion(const std::string& case_id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  // The receiving procuratorate sees the offer in its incoming list; the origin case itself
  // may not be readable there.
  rv1::ListIncomingTransfersRequest req;
  req.set_page_size(200);
  for (;;) {
    rv1::ListIncomingTransfersResponse page;
    if (!Call(stubs_.cases, &rv1::CaseService::StubInterface::ListIncomingTransfers, req, &page,
              false)) {
      return std::nullopt;
    }
    for (const rv1::Case& c : page.cases()) {
      if (c.case_id() == case_id) return c.version();
    }
    if (page.next_page_token().empty() || page.next_page_token() == req.page_token()) break;
    req.set_page_token(page.next_page_token());
  }
  return CaseVersion(case_id);
}

int Runner::Run() {
  const std::string name = inv_.spec->name;
  if (absl::StartsWith(name, "aid ")) return AidRunner(*this).Run();
  if (absl::StartsWith(name, "order ")) return OrderRunner(*this).Run();
  if (absl::StartsWith(name, "visit ")) return VisitRunner(*this).Run();
  if (absl::StartsWith(name, "oversight ")) return OversightRunner(*this).Run();
  if (name == "submit") return Submit();
  if (name == "list") return List();
  if (name == "show") return Show();
  if (name == "timeline") return Timeline();
  if (name == "watch") return Watch();
  if (name == "assign") return Assign();
  if (name == "accept") return Accept();
  if (name == "decline") return Decline();
  if (name == "request-info") return RequestInfo();
  if (name == "supplement") return Supplement();
  if (name == "withdraw") return Withdraw();
  if (name == "cases") return Cases();
  if (name == "case") return ShowCase();
  if (name == "assign-case") return AssignCase();
  if (name == "close-case") return CloseCase();
  if (name == "transfer") return Transfer();
  if (name == "transfers") return Transfers();
  if (name == "accept-transfer") return DecideTransfer(true);
  if (name == "reject-transfer") return DecideTransfer(false);
  if (name == "person") return ShowPerson();
  if (name == "update-person") return UpdatePerson();
  if (name == "person-history") return PersonHistory();
  if (name == "duplicates") return Duplicates();
  if (name == "resolve-duplicate") return ResolveDuplicate();
  if (name == "admin procuratorate") return UpsertProcuratorate();
  if (name == "admin agency") return RegisterAgency();
  if (name == "admin agencies") return ListAgencies();
  if (name == "stats") return ReferralStats();
  err_ << absl::Substitute(msg::kUnknownCommand(lang_), name) << "\n";
  return kExitUsage;
}

// --- Referrals ---------------------------------------------------------------------------

int Runner::Submit() {
  const std::string& path = inv_.args[0];
  std::string text;
  if (!ReadInput(path, &text)) {
    err_ << absl::Substitute(msg::kReadFailed(lang_), path) << "\n";
    return kExitUsage;
  }
  rv1::SubmitReferralRequest req;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(text, &req, options);
  if (!status.ok()) {
    err_ << absl::Substitute(msg::kBadJson(lang_), path, status.message().ToString()) << "\n";
    return kExitUsage;
  }
  if (req.request_id().empty()) req.set_request_id(request_id_);
  request_id_ = req.request_id();
  rv1::Referral referral;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::SubmitReferral, req, &referral,
            true)) {
    return kExitRpcError;
  }
  return Done(referral, msg::kDoneSubmitted);
}

int Runner::List() {
  rv1::ListReferralsRequest req;
  if (inv_.Has("status")) {
    req.set_status(EnumArg<rv1::ReferralStatus>("REFERRAL_STATUS_", inv_.Get("status")));
  }
  if (inv_.Has("kind")) {
    req.set_kind(EnumArg<rv1::ReferralKind>("REFERRAL_KIND_", inv_.Get("kind")));
  }
  req.set_assigned_to(inv_.Get("assigned_to"));
  req.set_overdue_only(inv_.Flag("overdue"));
  rv1::ListReferralsResponse resp;
  if (!Page(stubs_.referral, &rv1::ReferralService::StubInterface::ListReferrals, req, &resp)) {
    return kExitRpcError;
  }
  return Emit(resp, [&] {
    return RenderReferralTable({resp.referrals().begin(), resp.referrals().end()}, lang_);
  });
}

int Runner::Show() {
  rv1::GetReferralRequest req;
  req.set_referral_id(inv_.args[0]);
  req.set_unmask(inv_.Flag("unmask"));
  req.set_purpose(inv_.Get("purpose"));
  rv1::Referral referral;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::GetReferral, req, &referral,
            false)) {
    return kExitRpcError;
  }
  return Emit(referral, [&] { return RenderReferral(referral, lang_); });
}

int Runner::Timeline() {
  rv1::GetTimelineRequest req;
  req.set_referral_id(inv_.args[0]);
  rv1::GetTimelineResponse resp;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::GetTimeline, req, &resp,
            false)) {
    return kExitRpcError;
  }
  return Emit(resp, [&] {
    return RenderTimeline({resp.entries().begin(), resp.entries().end()}, lang_);
  });
}

int Runner::Watch() {
  rv1::WatchReferralRequest req;
  req.set_referral_id(inv_.args[0]);
  req.set_after_sequence(inv_.Int("after", 0));
  // No deadline unless --timeout_s was given.
  std::unique_ptr<grpc::ClientContext> context = NewContext(inv_.global.timeout_given);
  InterruptGuard guard(context.get());
  if (!inv_.global.json) err_ << absl::Substitute(msg::kWatching(lang_), req.referral_id()) << "\n";
  std::unique_ptr<grpc::ClientReaderInterface<rv1::TimelineEntry>> reader =
      stubs_.referral->WatchReferral(context.get(), req);
  rv1::TimelineEntry entry;
  while (reader->Read(&entry)) {
    if (inv_.global.json) {
      PrintJson(entry);
    } else {
      out_ << RenderTimelineLine(entry, lang_);
    }
    out_.flush();
  }
  grpc::Status status = reader->Finish();
  if (guard.interrupted() ||
      (inv_.global.timeout_given && status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)) {
    if (!inv_.global.json) err_ << msg::kWatchStopped(lang_) << "\n";
    return kExitOk;
  }
  if (!status.ok()) {
    ReportError(status, *context, false);
    return kExitRpcError;
  }
  if (!inv_.global.json) err_ << msg::kWatchEnded(lang_) << "\n";
  return kExitOk;
}

int Runner::Assign() {
  std::optional<int64_t> version = ReferralVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  rv1::AssignReferralRequest req;
  req.set_request_id(request_id_);
  req.set_referral_id(inv_.args[0]);
  req.set_version(*version);
  req.set_caseworker(inv_.args[1]);
  rv1::Referral referral;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::AssignReferral, req, &referral,
            true)) {
    return kExitRpcError;
  }
  return Done(referral, msg::kDoneAssigned);
}

int Runner::Accept() {
  std::optional<int64_t> version = ReferralVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  rv1::AcceptReferralRequest req;
  req.set_request_id(request_id_);
  req.set_referral_id(inv_.args[0]);
  req.set_version(*version);
  req.set_link_case_id(inv_.Get("link_case"));
  req.set_message_to_agency(inv_.Get("message"));
  rv1::Referral referral;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::AcceptReferral, req, &referral,
            true)) {
    return kExitRpcError;
  }
  return Done(referral, msg::kDoneAccepted);
}

int Runner::Decline() {
  std::optional<int64_t> version = ReferralVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  rv1::DeclineReferralRequest req;
  req.set_request_id(request_id_);
  req.set_referral_id(inv_.args[0]);
  req.set_version(*version);
  req.set_reason(EnumArg<rv1::DeclineReason>("DECLINE_REASON_", inv_.args[1]));
  req.set_message_to_agency(inv_.Get("message"));
  rv1::Referral referral;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::DeclineReferral, req, &referral,
            true)) {
    return kExitRpcError;
  }
  return Done(referral, msg::kDoneDeclined);
}

int Runner::RequestInfo() {
  std::optional<int64_t> version = ReferralVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  rv1::RequestInformationRequest req;
  req.set_request_id(request_id_);
  req.set_referral_id(inv_.args[0]);
  req.set_version(*version);
  req.set_question(inv_.args[1]);
  rv1::Referral referral;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::RequestInformation, req,
            &referral, true)) {
    return kExitRpcError;
  }
  return Done(referral, msg::kDoneInfoRequested);
}

int Runner::Supplement() {
  std::optional<int64_t> version = ReferralVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  rv1::SupplementReferralRequest req;
  req.set_request_id(request_id_);
  req.set_referral_id(inv_.args[0]);
  req.set_version(*version);
  req.set_supplement(inv_.args[1]);
  rv1::Referral referral;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::SupplementReferral, req,
            &referral, true)) {
    return kExitRpcError;
  }
  return Done(referral, msg::kDoneSupplemented);
}

int Runner::Withdraw() {
  std::optional<int64_t> version = ReferralVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  rv1::WithdrawReferralRequest req;
  req.set_request_id(request_id_);
  req.set_referral_id(inv_.args[0]);
  req.set_version(*version);
  if (inv_.args.size() > 1) req.set_reason(inv_.args[1]);
  rv1::Referral referral;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::WithdrawReferral, req, &referral,
            true)) {
    return kExitRpcError;
  }
  return Done(referral, msg::kDoneWithdrawn);
}

// --- Entry point -------------------------------------------------------------------------

int RunCli(const std::vector<std::string>& args, const EnvLookup& env, std::ostream& out,
           std::ostream& err) {
  ParseResult parsed = ParseArgs(args, env);
  const Invocation& inv = parsed.invocation;
  const Lang lang = inv.global.lang;
  const char* colon = lang == Lang::kEn ? ": " : "：";
  if (args.empty()) {
    err << HelpText(lang);
    return kExitUsage;
  }
  if (!parsed.ok()) {
    err << msg::kError(lang) << colon << parsed.error << "\n";
    if (parsed.error_spec != nullptr) {
      err << msg::kUsage(lang) << colon << Usage(*parsed.error_spec, lang) << "\n";
    } else {
      err << msg::kSeeHelp(lang) << "\n";
    }
    return kExitUsage;
  }
  if (inv.help) {
    if (inv.help_topic.empty()) {
      out << HelpText(lang);
      return kExitOk;
    }
    if (inv.help_topic == "aid") {
      out << AidHelpText(lang);
      return kExitOk;
    }
    if (inv.help_topic == "order") {
      out << OrderHelpText(lang);
      return kExitOk;
    }
    if (inv.help_topic == "visit") {
      out << VisitHelpText(lang);
      return kExitOk;
    }
    if (inv.help_topic == "oversight") {
      out << OversightHelpText(lang);
      return kExitOk;
    }
    const CommandSpec* spec = FindCommand(inv.help_topic);
    if (spec == nullptr) {
      err << msg::kError(lang) << colon
          << absl::Substitute(msg::kUnknownCommand(lang), inv.help_topic) << "\n"
          << msg::kSeeHelp(lang) << "\n";
      return kExitUsage;
    }
    out << msg::kUsage(lang) << colon << Usage(*spec, lang) << "\n  " << spec->summary(lang)
        << "\n";
    return kExitOk;
  }

  Connection connection;
  if (std::string error = LoadConnection(inv.global, &connection); !error.empty()) {
    err << msg::kError(lang) << colon << error << "\n";
    return kExitUsage;
  }
  std::shared_ptr<grpc::Channel> channel = MakeChannel(inv.global, connection);
  auto referral = rv1::ReferralService::NewStub(channel);
  auto cases = rv1::CaseService::NewStub(channel);
  auto people = rv1::PersonService::NewStub(channel);
  auto registry = rv1::RegistryService::NewStub(channel);
  std::shared_ptr<grpc::Channel> aid_channel =
      MakeChannel(inv.global, connection, inv.global.aid_addr);
  namespace pb = ::shouhu::aid::v1;
  auto aid = pb::AidApplicationService::NewStub(aid_channel);
  auto disbursements = pb::DisbursementService::NewStub(aid_channel);
  auto fund = pb::FundService::NewStub(aid_channel);
  auto reconciliation = pb::ReconciliationService::NewStub(aid_channel);
  auto recovery = pb::RecoveryService::NewStub(aid_channel);
  auto social = pb::SocialAidService::NewStub(aid_channel);
  auto stats = pb::AidStatisticsService::NewStub(aid_channel);
  auto config = pb::AidConfigService::NewStub(aid_channel);
  std::shared_ptr<grpc::Channel> guardianship_channel =
      MakeChannel(inv.global, connection, inv.global.guardianship_addr);
  namespace gv1 = ::shouhu::guardianship::v1;
  auto orders = gv1::GuardianshipOrderService::NewStub(guardianship_channel);
  auto escalations = gv1::EscalationService::NewStub(guardianship_channel);
  auto unattended = gv1::UnattendedChildService::NewStub(guardianship_channel);
  auto order_config = gv1::GuardianshipConfigService::NewStub(guardianship_channel);
  Stubs stubs{referral.get(), cases.get(),         people.get(),     registry.get(),
              aid.get(),      disbursements.get(), fund.get(),       reconciliation.get(),
              recovery.get(), social.get(),        stats.get(),      config.get(),
              orders.get(),   escalations.get(),   unattended.get(), order_config.get()};
  std::shared_ptr<grpc::Channel> visit_channel =
      MakeChannel(inv.global, connection, inv.global.visit_addr);
  namespace vv1 = ::shouhu::visit::v1;
  auto visit_plans = vv1::VisitPlanService::NewStub(visit_channel);
  auto visits = vv1::VisitService::NewStub(visit_channel);
  auto volunteers = vv1::VolunteerService::NewStub(visit_channel);
  stubs.visit_plans = visit_plans.get();
  stubs.visits = visits.get();
  stubs.volunteers = volunteers.get();
  std::shared_ptr<grpc::Channel> oversight_channel =
      MakeChannel(inv.global, connection, inv.global.oversight_addr);
  auto oversight = ::shouhu::oversight::v1::DeadlineWatchService::NewStub(oversight_channel);
  stubs.oversight = oversight.get();
  auto review = ::shouhu::oversight::v1::QualityReviewService::NewStub(oversight_channel);
  stubs.review = review.get();
  Runner runner(inv, stubs, connection.token, out, err);
  return runner.Run();
}

}  // namespace shouhu::cli
