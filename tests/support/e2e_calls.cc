// The end-to-end support that is not the platform itself: health probes over HTTP, the
// callers' per-call context and trailers, the test data the e2e tests submit and the
// registration of the development procuratorates and agencies.
#include "support/e2e_calls.h"

#include <grpcpp/generic/generic_stub.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/server/grpc_status.h"
#include "gtest/gtest.h"
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

pb::SubmitReferralRequest GuardianshipConcern(const std::string& request_id) {
  const int serial = NextSerial();
  testing::SubmissionSpec spec;
  spec.request_id = request_id;
  spec.kind = pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN;
  spec.occurred_on = TodayInChina() - 7;
  spec.facts = absl::StrCat("学生长期旷课，父母外出务工未委托他人照料，其独自居住。编号", serial);
  spec.subject = testing::PersonWithIdNumber("王小军", MakeIdNumber(10, serial, false));
  spec.with_guardian = false;
  pb::SubmitReferralRequest req = testing::ValidSubmission(spec);
  for (const auto& [name, relation, female] :
       {std::tuple<const char*, const char*, bool>{"王建国", "父亲", false},
        std::tuple<const char*, const char*, bool>{"张桂芳", "母亲", true}}) {
    pb::ReferralPersonInput* g = req.add_people();
    g->set_role(pb::PERSON_ROLE_GUARDIAN);
    g->set_relation(relation);
    *g->mutable_person() = testing::PersonWithIdNumber(name, MakeIdNumber(38, serial, female));
  }
  return req;
}

std::string PersonIdOf(const pb::Referral& r, pb::PersonRole role, absl::string_view relation) {
  for (const pb::ReferralPerson& p : r.people()) {
    if (p.role() == role && (relation.empty() || p.relation() == relation)) {
      return p.person().person_id();
    }
  }
  return "";
}

pb::Referral PlatformTest::AcceptedReferral(const Caller& agency,
                                            const pb::SubmitReferralRequest& req) {
  using RS = pb::ReferralService::Stub;
  pb::Referral r = MustSubmit(agency, req);
  pb::AssignReferralRequest assign;
  assign.set_request_id(NewRequestId("assign"));
  assign.set_referral_id(r.referral_id());
  assign.set_version(r.version());
  assign.set_caseworker(kCaseworker.id);
  pb::Referral assigned;
  grpc::Status st = P().UserCaller(kHead).Call(&RS::AssignReferral, assign, &assigned);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  pb::AcceptReferralRequest accept;
  accept.set_request_id(NewRequestId("accept"));
  accept.set_referral_id(r.referral_id());
  accept.set_version(assigned.version());
  accept.set_message_to_agency("已受理。");
  pb::Referral accepted;
  st = P().UserCaller(kCaseworker).Call(&RS::AcceptReferral, accept, &accepted);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  pb::GetReferralRequest get;
  get.set_referral_id(r.referral_id());
  pb::Referral full;
  st = P().UserCaller(kCaseworker).Call(&RS::GetReferral, get, &full);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  EXPECT_FALSE(full.case_id().empty()) << full.DebugString();
  return full;
}

// The procuratorates and the development agencies of deploy/local (each has a certificate
// from certs.sh), registered as up.sh and demo.sh register them.
absl::Status Platform::RegisterTenants() {
  Caller admin = UserCaller(kAdmin);
  for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
           {"520382", "贵州省仁怀市人民检察院"}, {"520330", "贵州省习水县人民检察院"}}) {
    pb::UpsertProcuratorateRequest req;
    req.set_request_id(NewRequestId("proc"));
    req.mutable_procuratorate()->set_procuratorate_code(code);
    req.mutable_procuratorate()->set_name(name);
    pb::Procuratorate out;
    grpc::Status st = admin.Call(&pb::RegistryService::Stub::UpsertProcuratorate, req, &out);
    if (!st.ok()) return absl::InternalError("UpsertProcuratorate: " + StatusText(st));
  }
  struct AgencyRow {
    const char* code;
    const char* name;
    pb::AgencyType type;
    const char* procuratorate;
  };
  const AgencyRow agencies[] = {
      {"edu-renhuai", "仁怀市教育局", pb::AGENCY_TYPE_EDUCATION, "520382"},
      {"police-renhuai", "仁怀市公安局", pb::AGENCY_TYPE_POLICE, "520382"},
      {"school-renhuai-1", "仁怀市第一中学", pb::AGENCY_TYPE_SCHOOL, "520382"},
      {"fulian-renhuai", "仁怀市妇联", pb::AGENCY_TYPE_WOMENS_FEDERATION, "520382"},
      {"edu-xishui", "习水县教育局", pb::AGENCY_TYPE_EDUCATION, "520330"},
      {"minzheng-renhuai", "仁怀市民政局", pb::AGENCY_TYPE_CIVIL_AFFAIRS, "520382"},
      {"tuanwei-renhuai", "共青团仁怀市委员会", pb::AGENCY_TYPE_YOUTH_LEAGUE, "520382"},
  };
  for (const AgencyRow& a : agencies) {
    pb::RegisterAgencyRequest req;
    req.set_request_id(NewRequestId("agency"));
    pb::Agency* agency = req.mutable_agency();
    agency->set_agency_code(a.code);
    agency->set_name(a.name);
    agency->set_type(a.type);
    agency->set_jurisdiction_code(a.procuratorate);
    agency->set_procuratorate_code(a.procuratorate);
    agency->set_active(true);
    pb::Agency out;
    grpc::Status st = admin.Call(&pb::RegistryService::Stub::RegisterAgency, req, &out);
    if (!st.ok()) return absl::InternalError("RegisterAgency: " + StatusText(st));
    if (!out.active() || out.procuratorate_code() != a.procuratorate) {
      return absl::InternalError("RegisterAgency returned " + out.DebugString());
    }
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------------------
// Judicial aid to a payment (e2e_calls.h)
// ---------------------------------------------------------------------------------------

namespace {

using RS = pb::ReferralService::Stub;
using AS = apb::AidApplicationService::Stub;
using DS = apb::DisbursementService::Stub;
using FS = apb::FundService::Stub;
using CFG = apb::AidConfigService::Stub;

absl::Status Step(const char* what, const grpc::Status& st) {
  if (st.ok()) return absl::OkStatus();
  return absl::Status(FromGrpcStatus(st).code(), absl::StrCat(what, ": ", StatusText(st)));
}

}  // namespace

bool Eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 300; ++i) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return done();
}

pb::Referral AcceptedAidLead(Platform& p) {
  pb::Referral r;
  grpc::Status st = p.Agency("police-renhuai")
                        .Call(&RS::SubmitReferral, JudicialAidLead(NewRequestId("aid-lead")), &r);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  pb::AssignReferralRequest assign;
  assign.set_request_id(NewRequestId("aid-assign"));
  assign.set_referral_id(r.referral_id());
  assign.set_version(r.version());
  assign.set_caseworker(kCaseworker.id);
  pb::Referral assigned;
  st = p.UserCaller(kHead).Call(&RS::AssignReferral, assign, &assigned);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  pb::AcceptReferralRequest accept;
  accept.set_request_id(NewRequestId("aid-accept"));
  accept.set_referral_id(r.referral_id());
  accept.set_version(assigned.version());
  accept.set_message_to_agency("已受理，依职权启动司法救助。");
  pb::Referral accepted;
  st = p.UserCaller(kCaseworker).Call(&RS::AcceptReferral, accept, &accepted);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  return accepted;
}

absl::Status SeedAidMoney(Platform& p, int year, int64_t fund_fen) {
  const std::string aid = p.aid().address();
  apb::UpsertWageEntryRequest wage;
  wage.set_request_id(NewRequestId("wage"));
  wage.mutable_entry()->set_province_code("520000");
  wage.mutable_entry()->set_year(year - 1);
  wage.mutable_entry()->set_monthly_wage_fen(800000);
  wage.mutable_entry()->set_source("贵州省统计公报");
  wage.mutable_entry()->set_basis("城镇非私营单位在岗职工");
  apb::WageEntry stored;
  absl::Status s =
      Step("wage", p.UserCaller(kAdmin, aid).Call(&CFG::UpsertWageEntry, wage, &stored));
  if (!s.ok()) return s;
  apb::AllocateFundRequest allocate;
  allocate.set_request_id(NewRequestId("fund"));
  allocate.set_year(year);
  allocate.set_pot(apb::FUND_POT_REGULAR);
  allocate.set_amount_fen(fund_fen);
  allocate.set_source(absl::StrCat("仁财行〔", year, "〕1号"));
  apb::Fund fund;
  return Step("fund", p.UserCaller(kFinance, aid).Call(&FS::AllocateFund, allocate, &fund));
}

absl::StatusOr<apb::Application> AwaitExOfficioApplication(Platform& p,
                                                           const std::string& case_id) {
  apb::Application app;
  const Caller cw = p.UserCaller(kCaseworker, p.aid().address());
  const bool found = Eventually([&] {
    apb::ListApplicationsRequest list;
    list.set_case_id(case_id);
    apb::ListApplicationsResponse apps;
    if (!cw.Call(&AS::ListApplications, list, &apps).ok()) return false;
    if (apps.applications_size() != 1) return false;
    app = apps.applications(0);
    return true;
  });
  if (!found) return absl::DeadlineExceededError(absl::StrCat("no application on ", case_id));
  return app;
}

apb::UpdateApplicationRequest AidCardRequest(const apb::Application& app) {
  const int year = TodayInChina().year();
  apb::UpdateApplicationRequest update;
  update.set_request_id(NewRequestId("card"));
  update.set_application_id(app.application_id());
  update.set_version(app.version());
  // The draft names the applicant and victim (the referral's subject): keep them.
  apb::ApplicationDetails& d = *update.mutable_details();
  d.set_applicant_person_id(app.details().applicant_person_id());
  d.set_victim_person_id(app.details().victim_person_id());
  d.set_relation(apb::APPLICANT_RELATION_VICTIM);
  d.set_household_registration("贵州省仁怀市茅台镇");
  d.mutable_original_case()->set_case_number(
      absl::StrCat("仁公交〔", year, "〕", NextSerial(), "号"));
  d.mutable_original_case()->set_charge("交通肇事罪");
  d.add_grounds(pb::AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED);
  d.set_harm("交通事故致重伤二级");
  d.mutable_hardship()->set_household_size(3);
  d.mutable_hardship()->set_members_able_to_work(1);
  d.mutable_hardship()->set_household_monthly_income_fen(120000);
  d.mutable_hardship()->set_description("主要劳动力受伤，家庭生活困难");
  d.mutable_harm_facts()->set_serious_injury(true);
  d.mutable_harm_facts()->set_offender_dead_or_unable_to_pay(true);
  d.mutable_harm_facts()->set_hardship_from_case(true);
  d.add_materials(apb::MATERIAL_KIND_WRITTEN_APPLICATION);
  d.mutable_bank_account()->set_name("李秀英");
  d.mutable_bank_account()->set_bank_name("农村信用社");
  d.mutable_bank_account()->set_account_number("6228480012345678");
  return update;
}

apb::ProposeDecisionRequest AidProposeRequest(const apb::Application& app) {
  apb::ProposeDecisionRequest propose;
  propose.set_request_id(NewRequestId("propose"));
  propose.set_application_id(app.application_id());
  propose.set_version(app.version());
  propose.set_decision(apb::DECISION_KIND_GRANT);
  propose.mutable_amount()->set_months(1);
  propose.set_opinion("符合救助条件，建议救助一个月工资。");
  return propose;
}

apb::ApprovalRequest AidReviewRequest(const apb::Application& app) {
  apb::ApprovalRequest review;
  review.set_request_id(NewRequestId("review"));
  review.set_application_id(app.application_id());
  review.set_version(app.version());
  review.set_outcome(apb::APPROVAL_OUTCOME_AGREE);
  review.set_opinion("同意。");
  return review;
}

apb::ApprovalRequest AidDecideRequest(const apb::Application& app) {
  apb::ApprovalRequest decide;
  decide.set_request_id(NewRequestId("decide"));
  decide.set_application_id(app.application_id());
  decide.set_version(app.version());
  decide.set_outcome(apb::APPROVAL_OUTCOME_AGREE);
  decide.set_opinion("同意救助。");
  decide.set_document_ref(
      absl::StrCat("仁检救决〔", TodayInChina().year(), "〕", NextSerial(), "号"));
  return decide;
}

apb::PlanDisbursementRequest AidPlanRequest(const apb::Application& app, int64_t amount_fen) {
  apb::PlanDisbursementRequest plan;
  plan.set_request_id(NewRequestId("plan"));
  plan.set_application_id(app.application_id());
  plan.set_purpose(apb::DISBURSEMENT_PURPOSE_AWARD);
  plan.set_method(apb::DISBURSEMENT_METHOD_LUMP_SUM);
  plan.set_custody(apb::CUSTODY_NONE);
  plan.mutable_payee()->set_name("李秀英");
  plan.mutable_payee()->set_bank_name("农村信用社");
  plan.mutable_payee()->set_account_number("6228480012345678");
  apb::Instalment* only = plan.add_instalments();
  only->set_sequence(1);
  *only->mutable_due_on() = DateOf(TodayInChina());
  only->set_amount_fen(amount_fen);
  return plan;
}

apb::RecordFundsArrivedRequest AidArrivedRequest(const apb::Disbursement& d) {
  apb::RecordFundsArrivedRequest arrived;
  arrived.set_request_id(NewRequestId("arrived"));
  arrived.set_disbursement_id(d.disbursement_id());
  arrived.set_version(d.version());
  *arrived.mutable_arrived_on() = DateOf(TodayInChina());
  return arrived;
}

apb::RecordPaymentRequest AidPayRequest(const apb::Disbursement& d, int64_t amount_fen) {
  apb::RecordPaymentRequest pay;
  pay.set_request_id(NewRequestId("pay"));
  pay.set_disbursement_id(d.disbursement_id());
  pay.set_instalment_sequence(1);
  pay.set_amount_fen(amount_fen);
  *pay.mutable_paid_on() = DateOf(TodayInChina());
  pay.set_voucher_number(absl::StrCat("PZ", NextSerial()));
  pay.set_bank_reference(absl::StrCat("BR", NextSerial()));
  return pay;
}

absl::StatusOr<AidPaid> PayAidOnNewLead(Platform& p) {
  AidPaid out;
  out.lead = AcceptedAidLead(p);
  if (out.lead.case_id().empty()) return absl::FailedPreconditionError("the lead has no case");
  absl::StatusOr<apb::Application> drafted = AwaitExOfficioApplication(p, out.lead.case_id());
  if (!drafted.ok()) return drafted.status();
  apb::Application& app = out.application;
  app = *drafted;
  const std::string aid = p.aid().address();
  const Caller cw = p.UserCaller(kCaseworker, aid);
  const Caller finance = p.UserCaller(kFinance, aid);
  absl::Status s = Step("card", cw.Call(&AS::UpdateApplication, AidCardRequest(app), &app));
  if (s.ok()) s = Step("propose", cw.Call(&AS::ProposeDecision, AidProposeRequest(app), &app));
  if (s.ok()) {
    s = Step("review",
             p.UserCaller(kHead, aid).Call(&AS::ReviewProposal, AidReviewRequest(app), &app));
  }
  if (s.ok()) {
    s = Step("decide",
             p.UserCaller(kChief, aid).Call(&AS::DecideApplication, AidDecideRequest(app), &app));
  }
  apb::Disbursement d;
  if (s.ok()) {
    s = Step("plan", cw.Call(&DS::PlanDisbursement, AidPlanRequest(app, app.approved_fen()), &d));
  }
  if (s.ok()) s = Step("arrived", finance.Call(&DS::RecordFundsArrived, AidArrivedRequest(d), &d));
  if (s.ok()) {
    s = Step("pay",
             finance.Call(&DS::RecordPayment, AidPayRequest(d, app.approved_fen()), &out.payment));
  }
  if (!s.ok()) return s;
  return out;
}

}  // namespace shouhu::e2e
