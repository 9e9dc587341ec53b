// One table-driven sweep over every mutating operation of the referral service (see
// support/mutation_sweep.h): replays, stale versions, bad input and refused callers, each
// checked for "nothing written" against the row count of every table. The table below is
// the referral service's; the next services list theirs the same way.
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "integration/referral_fixture.h"
#include "support/mutation_sweep.h"
#include "support/principals.h"
#include "support/table_counts.h"

namespace shouhu::testing {
namespace {

// Cells for defects this sweep found (malformed ids refused without naming the field;
// TransferCase checking the destination before the tenant) assert the fixed behaviour
// like every other cell. Mark a new defect with SweepBadInput/SweepDenial::known_defect.

// Every mutating operation of ReferralCore. Versioned: the request carries the version
// the caller read.
const std::vector<SweepOperation>& Operations() {
  static const auto* ops = new std::vector<SweepOperation>{
      // name, versioned, has cells marked with a known defect (*_KnownDefect)
      {"SubmitReferral", false, false},    {"AssignReferral", true, false},
      {"AcceptReferral", true, false},     {"DeclineReferral", true, false},
      {"RequestInformation", true, false}, {"SupplementReferral", true, false},
      {"WithdrawReferral", true, false},   {"AssignCase", true, false},
      {"CloseCase", true, false},          {"TransferCase", true, false},
      {"AcceptTransfer", true, false},     {"RejectTransfer", true, false},
      {"ResolveDuplicate", false, false},  {"UpsertProcuratorate", false, false},
      {"RegisterAgency", false, false},    {"UpdatePerson", true, false},
  };
  return *ops;
}

class ReferralSweepTest : public ReferralCoreFixture,
                          public ::testing::WithParamInterface<SweepCase> {
 protected:
  // Callers by name: the sweep's table refers to them by these names.
  const Principal& Who(const std::string& name) {
    static const std::map<std::string, const Principal ReferralSweepTest::*> kCallers = {
        {"admin", &ReferralSweepTest::admin_user_},
        {"edu", &ReferralSweepTest::edu_},
        {"police", &ReferralSweepTest::police_},
        {"edu-xishui", &ReferralSweepTest::edu_xishui_},
        {"head", &ReferralSweepTest::head_},
        {"chief", &ReferralSweepTest::deputy_},
        {"zhang", &ReferralSweepTest::zhang_},
        {"wang", &ReferralSweepTest::wang_},
        {"analyst", &ReferralSweepTest::analyst_},
        {"xishui-head", &ReferralSweepTest::xs_head_},
        {"xishui-caseworker", &ReferralSweepTest::xs_worker_},
        {"service", &ReferralSweepTest::service_},
    };
    auto it = kCallers.find(name);
    if (it == kCallers.end()) {
      ADD_FAILURE() << "unknown caller " << name;
      return analyst_;
    }
    return this->*(it->second);
  }

  // ------------------------------------------------------------------ arranged records

  // A referral of edu-renhuai, assigned to u-zhang by the head: version 2, UNDER_REVIEW.
  pb::Referral AssignedReferral() {
    const pb::Referral r = MustSubmit(edu_, Submission());
    auto assigned = Assign(head_, r.referral_id(), r.version(), "u-zhang");
    EXPECT_TRUE(assigned.ok()) << assigned.status();
    return assigned.ok() ? *assigned : pb::Referral();
  }

  // An assigned referral about which u-zhang asked the agency: version 3, INFO_REQUESTED.
  pb::Referral InfoRequestedReferral() {
    const pb::Referral r = AssignedReferral();
    pb::RequestInformationRequest req;
    req.set_request_id(Rid());
    req.set_referral_id(r.referral_id());
    req.set_version(r.version());
    req.set_question("请补充学生近三个月的出勤记录。");
    auto asked = core_->RequestInformation(zhang_, req);
    EXPECT_TRUE(asked.ok()) << asked.status();
    return asked.ok() ? *asked : pb::Referral();
  }

  // An open case of Renhuai assigned to u-zhang: version 2.
  pb::Case OpenCase() {
    const pb::Referral r = MustSubmit(edu_, Submission());
    auto accepted = Accept(head_, r.referral_id(), r.version());
    EXPECT_TRUE(accepted.ok()) << accepted.status();
    if (!accepted.ok()) return pb::Case();
    auto c = GetCase(head_, accepted->case_id());
    EXPECT_TRUE(c.ok()) << c.status();
    if (!c.ok()) return pb::Case();
    pb::AssignCaseRequest assign;
    assign.set_request_id(Rid());
    assign.set_case_id(c->case_id());
    assign.set_version(c->version());
    assign.set_caseworker("u-zhang");
    auto assigned = core_->AssignCase(head_, assign);
    EXPECT_TRUE(assigned.ok()) << assigned.status();
    return assigned.ok() ? *assigned : pb::Case();
  }

  // An open case of Renhuai offered to Xishui: version 3, TRANSFER_PENDING.
  pb::Case PendingTransfer() {
    const pb::Case c = OpenCase();
    auto offered = Transfer(c, kXishui);
    EXPECT_TRUE(offered.ok()) << offered.status();
    return offered.ok() ? *offered : pb::Case();
  }

  // A pending possible duplicate: the same girl, first by birth date, then by ID number.
  std::string DuplicateCandidate() {
    auto first =
        Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, Person("刘小红", Date(2014, 5, 5)));
    first.mutable_people()->RemoveLast();
    auto second = Submission(pb::REFERRAL_KIND_SPECIAL_MINOR,
                             Person("刘小红", {}, IdNumber(absl::CivilDay(2014, 5, 5), 222)));
    second.mutable_people()->RemoveLast();
    MustSubmit(edu_, first);
    MustSubmit(police_, second);
    auto candidates = core_->ListDuplicateCandidates(zhang_, {});
    EXPECT_TRUE(candidates.ok()) << candidates.status();
    if (!candidates.ok() || candidates->candidates_size() != 1) {
      ADD_FAILURE() << "expected one duplicate candidate";
      return "";
    }
    return candidates->candidates(0).candidate_id();
  }

  std::string ReadReferral(const std::string& id) {
    auto r = Get(head_, id);
    return r.ok() ? r->SerializeAsString() : r.status().ToString();
  }
  std::string ReadCase(const std::string& id) {
    auto c = GetCase(head_, id);
    return c.ok() ? c->SerializeAsString() : c.status().ToString();
  }

  // ----------------------------------------------------------------- the table

  // Arranges fresh records for `operation` and describes how to call it.
  SweepTarget Arrange(const std::string& operation);

  CountTables Counter() {
    return [this] { return CountEveryTable(*pool_); };
  }

  const Principal service_ = Service("aid");
};

// An agency asking about a referral id that does not exist gets the same answer as for
// another agency's referral (PERMISSION_DENIED); staff of the id's procuratorate get
// NOT_FOUND (docs/architecture.md, "Tenant in the id").
template <typename Req>
SweepDenial UnknownReferral(const std::string& caller) {
  using R = std::remove_cvref_t<Req>;
  return {caller,
          caller == "edu" ? absl::StatusCode::kPermissionDenied : absl::StatusCode::kNotFound,
          EditAs<R>([](auto& q) { q.set_referral_id("ref-520382-DOESNOTEXIST"); })};
}

// The same for case ids: staff of the id's procuratorate get NOT_FOUND.
template <typename Req>
SweepDenial UnknownCase(const std::string& caller) {
  return {caller, absl::StatusCode::kNotFound,
          EditAs<Req>([](auto& q) { q.set_case_id("case-520382-DOESNOTEXIST"); })};
}

// Callers refused every referral triage operation (Assign, Accept, Decline,
// RequestInformation) on a referral of Renhuai assigned to u-zhang.
std::vector<SweepDenial> TriageDenials() {
  return {{"edu"},          // the agency that submitted it
          {"police"},       // another agency
          {"xishui-head"},  // another procuratorate
          {"wang"},         // a caseworker it is not assigned to
          {"analyst"},      // a role without record access
          {"service"}};     // services only read cases
}

// Callers refused the agency's own operations (Supplement, Withdraw).
std::vector<SweepDenial> AgencyDenials() {
  return {{"police"}, {"edu-xishui"}, {"head"}, {"zhang"}, {"service"}};
}

// Callers refused the case operations of Renhuai (AssignCase, CloseCase, TransferCase).
std::vector<SweepDenial> CaseDenials(std::vector<SweepDenial> extra) {
  std::vector<SweepDenial> out = {{"edu"}, {"xishui-head"}, {"analyst"}, {"service"}};
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

// Callers refused transfer decisions on a case offered by Renhuai to Xishui.
std::vector<SweepDenial> TransferDecisionDenials() {
  return {{"head"},               // the sender's procuratorate
          {"xishui-caseworker"},  // the right procuratorate, the wrong role
          {"edu-xishui"},         // an agency
          {"service"}};
}

// Callers refused the registry.
std::vector<SweepDenial> RegistryDenials() {
  return {{"edu"}, {"head"}, {"xishui-head"}, {"service"}};
}

SweepTarget ReferralSweepTest::Arrange(const std::string& operation) {
  SweepTarget t;
  if (operation == "SubmitReferral") {
    t.request = std::make_unique<pb::SubmitReferralRequest>(Submission());
    t.caller = "edu";
    t.call = CallAs<pb::SubmitReferralRequest>(
        [this](const std::string& c, const auto& r) { return core_->Submit(Who(c), r); });
    t.bad_inputs = {
        {"no facts", "facts", EditAs<pb::SubmitReferralRequest>([](auto& r) { r.clear_facts(); })},
        {"ID number with a wrong check character", "people[0].person.id_number",
         EditAs<pb::SubmitReferralRequest>([](auto& r) {
           std::string id = r.people(0).person().id_number();
           id.back() = id.back() == '1' ? '2' : '1';
           r.mutable_people(0)->mutable_person()->set_id_number(id);
         })},
        {"occurred in the future", "occurred_on", EditAs<pb::SubmitReferralRequest>([](auto& r) {
           *r.mutable_occurred_on() = Date(2025, 3, 11);
         })},
    };
    // Any active agency may submit (to its own procuratorate): only non-agencies are refused.
    t.denials = {{"head"}, {"admin"}, {"service"}};
    return t;
  }
  if (operation == "AssignReferral" || operation == "AcceptReferral" ||
      operation == "DeclineReferral" || operation == "RequestInformation" ||
      operation == "WithdrawReferral") {
    const pb::Referral r = AssignedReferral();
    const std::string id = r.referral_id();
    t.read_target = [this, id] { return ReadReferral(id); };
    const auto referral_id_input = [](auto tag) {
      using Req = typename decltype(tag)::type;
      return SweepBadInput{"malformed referral_id", "referral_id",
                           EditAs<Req>([](auto& req) { req.set_referral_id("no-such-id"); })};
    };
    if (operation == "AssignReferral") {
      auto req = std::make_unique<pb::AssignReferralRequest>();
      req->set_referral_id(id);
      req->set_version(r.version());
      req->set_caseworker("u-wang");
      t.request = std::move(req);
      t.caller = "head";
      t.call = CallAs<pb::AssignReferralRequest>(
          [this](const std::string& c, const auto& q) { return core_->Assign(Who(c), q); });
      t.bad_inputs = {
          {"no caseworker", "caseworker",
           EditAs<pb::AssignReferralRequest>([](auto& q) { q.clear_caseworker(); })},
          referral_id_input(std::type_identity<pb::AssignReferralRequest>()),
      };
      t.denials = TriageDenials();
      t.denials.push_back({"zhang"});  // assigning needs a department head
      t.denials.push_back(UnknownReferral<pb::AssignReferralRequest>("head"));
      t.denials.push_back(UnknownReferral<pb::AssignReferralRequest>("edu"));
      return t;
    }
    if (operation == "AcceptReferral") {
      auto req = std::make_unique<pb::AcceptReferralRequest>();
      req->set_referral_id(id);
      req->set_version(r.version());
      req->set_message_to_agency("已受理。");
      t.request = std::move(req);
      t.caller = "zhang";
      t.call = CallAs<pb::AcceptReferralRequest>(
          [this](const std::string& c, const auto& q) { return core_->Accept(Who(c), q); });
      t.bad_inputs = {
          {"control character in the message", "message_to_agency",
           EditAs<pb::AcceptReferralRequest>(
               [](auto& q) { q.set_message_to_agency("已受理\x01"); })},
          {"link to something that is not a case id", "link_case_id",
           EditAs<pb::AcceptReferralRequest>([](auto& q) { q.set_link_case_id("nocase"); })},
          {"link to a case that does not exist", "link_case_id",
           EditAs<pb::AcceptReferralRequest>(
               [](auto& q) { q.set_link_case_id("case-520382-DOESNOTEXIST"); })},
          referral_id_input(std::type_identity<pb::AcceptReferralRequest>()),
      };
      t.denials = TriageDenials();
      t.denials.push_back(UnknownReferral<pb::AcceptReferralRequest>("zhang"));
      t.denials.push_back(UnknownReferral<pb::AcceptReferralRequest>("edu"));
      return t;
    }
    if (operation == "DeclineReferral") {
      auto req = std::make_unique<pb::DeclineReferralRequest>();
      req->set_referral_id(id);
      req->set_version(r.version());
      req->set_reason(pb::DECLINE_REASON_NOT_ELIGIBLE);
      t.request = std::move(req);
      t.caller = "zhang";
      t.call = CallAs<pb::DeclineReferralRequest>(
          [this](const std::string& c, const auto& q) { return core_->Decline(Who(c), q); });
      t.bad_inputs = {
          {"no reason", "reason",
           EditAs<pb::DeclineReferralRequest>([](auto& q) { q.clear_reason(); })},
          {"reason OTHER without a message", "message_to_agency",
           EditAs<pb::DeclineReferralRequest>(
               [](auto& q) { q.set_reason(pb::DECLINE_REASON_OTHER); })},
          referral_id_input(std::type_identity<pb::DeclineReferralRequest>()),
      };
      t.denials = TriageDenials();
      t.denials.push_back(UnknownReferral<pb::DeclineReferralRequest>("zhang"));
      t.denials.push_back(UnknownReferral<pb::DeclineReferralRequest>("edu"));
      return t;
    }
    if (operation == "RequestInformation") {
      auto req = std::make_unique<pb::RequestInformationRequest>();
      req->set_referral_id(id);
      req->set_version(r.version());
      req->set_question("请补充监护人联系方式。");
      t.request = std::move(req);
      t.caller = "zhang";
      t.call = CallAs<pb::RequestInformationRequest>([this](const std::string& c, const auto& q) {
        return core_->RequestInformation(Who(c), q);
      });
      t.bad_inputs = {
          {"no question", "question",
           EditAs<pb::RequestInformationRequest>([](auto& q) { q.clear_question(); })},
          referral_id_input(std::type_identity<pb::RequestInformationRequest>()),
      };
      t.denials = TriageDenials();
      t.denials.push_back(UnknownReferral<pb::RequestInformationRequest>("zhang"));
      t.denials.push_back(UnknownReferral<pb::RequestInformationRequest>("edu"));
      return t;
    }
    // WithdrawReferral
    auto req = std::make_unique<pb::WithdrawReferralRequest>();
    req->set_referral_id(id);
    req->set_version(r.version());
    req->set_reason("误报");
    t.request = std::move(req);
    t.caller = "edu";
    t.call = CallAs<pb::WithdrawReferralRequest>(
        [this](const std::string& c, const auto& q) { return core_->Withdraw(Who(c), q); });
    t.bad_inputs = {
        {"control character in the reason", "reason",
         EditAs<pb::WithdrawReferralRequest>([](auto& q) { q.set_reason("误报\x02"); })},
        referral_id_input(std::type_identity<pb::WithdrawReferralRequest>()),
    };
    t.denials = AgencyDenials();
    t.denials.push_back(UnknownReferral<decltype(*req)>("edu"));
    return t;
  }
  if (operation == "SupplementReferral") {
    const pb::Referral r = InfoRequestedReferral();
    const std::string id = r.referral_id();
    t.read_target = [this, id] { return ReadReferral(id); };
    auto req = std::make_unique<pb::SupplementReferralRequest>();
    req->set_referral_id(id);
    req->set_version(r.version());
    req->set_supplement("出勤记录显示缺勤11天。");
    t.request = std::move(req);
    t.caller = "edu";
    t.call = CallAs<pb::SupplementReferralRequest>(
        [this](const std::string& c, const auto& q) { return core_->Supplement(Who(c), q); });
    t.bad_inputs = {
        {"no supplement", "supplement",
         EditAs<pb::SupplementReferralRequest>([](auto& q) { q.clear_supplement(); })},
        {"malformed referral_id", "referral_id",
         EditAs<pb::SupplementReferralRequest>([](auto& q) { q.set_referral_id("no-such-id"); })},
    };
    t.denials = AgencyDenials();
    t.denials.push_back(UnknownReferral<decltype(*req)>("edu"));
    return t;
  }
  if (operation == "AssignCase" || operation == "CloseCase" || operation == "TransferCase") {
    const pb::Case c = OpenCase();
    const std::string id = c.case_id();
    t.read_target = [this, id] { return ReadCase(id); };
    if (operation == "AssignCase") {
      auto req = std::make_unique<pb::AssignCaseRequest>();
      req->set_case_id(id);
      req->set_version(c.version());
      req->set_caseworker("u-wang");
      t.request = std::move(req);
      t.caller = "head";
      t.call = CallAs<pb::AssignCaseRequest>(
          [this](const std::string& w, const auto& q) { return core_->AssignCase(Who(w), q); });
      t.bad_inputs = {
          {"no caseworker", "caseworker",
           EditAs<pb::AssignCaseRequest>([](auto& q) { q.clear_caseworker(); })},
          {"malformed case_id", "case_id",
           EditAs<pb::AssignCaseRequest>([](auto& q) { q.set_case_id("no-such-case"); })},
      };
      t.denials = CaseDenials({{"zhang"}});  // assigning needs a department head
      t.denials.push_back(UnknownCase<pb::AssignCaseRequest>("head"));
      return t;
    }
    if (operation == "CloseCase") {
      auto req = std::make_unique<pb::CloseCaseRequest>();
      req->set_case_id(id);
      req->set_version(c.version());
      req->set_reason(pb::CLOSE_REASON_RESOLVED);
      req->set_note("已完成保护处置。");
      t.request = std::move(req);
      t.caller = "zhang";
      t.call = CallAs<pb::CloseCaseRequest>(
          [this](const std::string& w, const auto& q) { return core_->CloseCase(Who(w), q); });
      t.bad_inputs = {
          {"no reason", "reason", EditAs<pb::CloseCaseRequest>([](auto& q) { q.clear_reason(); })},
          {"reason OTHER without a note", "note", EditAs<pb::CloseCaseRequest>([](auto& q) {
             q.set_reason(pb::CLOSE_REASON_OTHER);
             q.clear_note();
           })},
          {"malformed case_id", "case_id",
           EditAs<pb::CloseCaseRequest>([](auto& q) { q.set_case_id("no-such-case"); })},
      };
      t.denials = CaseDenials({{"wang"}});  // a caseworker it is not assigned to
      t.denials.push_back(UnknownCase<pb::CloseCaseRequest>("zhang"));
      return t;
    }
    auto req = std::make_unique<pb::TransferCaseRequest>();
    req->set_case_id(id);
    req->set_version(c.version());
    req->set_to_procuratorate_code(kXishui);
    req->set_reason("监护人已举家迁居习水县。");
    t.request = std::move(req);
    t.caller = "head";
    t.call = CallAs<pb::TransferCaseRequest>(
        [this](const std::string& w, const auto& q) { return core_->TransferCase(Who(w), q); });
    t.bad_inputs = {
        {"not a procuratorate code", "to_procuratorate_code",
         EditAs<pb::TransferCaseRequest>([](auto& q) { q.set_to_procuratorate_code("5203"); })},
        {"to itself", "to_procuratorate_code",
         EditAs<pb::TransferCaseRequest>([](auto& q) { q.set_to_procuratorate_code(kRenhuai); })},
        {"to an unknown procuratorate", "to_procuratorate_code",
         EditAs<pb::TransferCaseRequest>([](auto& q) { q.set_to_procuratorate_code("520300"); })},
        {"no reason", "reason", EditAs<pb::TransferCaseRequest>([](auto& q) { q.clear_reason(); })},
        {"malformed case_id", "case_id",
         EditAs<pb::TransferCaseRequest>([](auto& q) { q.set_case_id("no-such-case"); })},
    };
    // Another procuratorate's head, offering the case to their own procuratorate.
    t.denials = {{"edu"}, {"analyst"}, {"service"}, {"zhang"}};
    t.denials.push_back({"xishui-head", absl::StatusCode::kPermissionDenied, {}});
    t.denials.push_back(
        {"xishui-head", absl::StatusCode::kPermissionDenied,
         EditAs<pb::TransferCaseRequest>([](auto& q) { q.set_to_procuratorate_code("520300"); })});
    t.denials.push_back(UnknownCase<pb::TransferCaseRequest>("head"));
    return t;
  }
  if (operation == "AcceptTransfer" || operation == "RejectTransfer") {
    const pb::Case c = PendingTransfer();
    const std::string id = c.case_id();
    t.read_target = [this, id] { return ReadCase(id); };
    auto req = std::make_unique<pb::DecideTransferRequest>();
    req->set_case_id(id);
    req->set_version(c.version());
    req->set_note("经核实，同意/不予接收。");
    t.request = std::move(req);
    t.caller = "xishui-head";
    const bool accept = operation == "AcceptTransfer";
    t.call = CallAs<pb::DecideTransferRequest>([this, accept](const std::string& w, const auto& q) {
      return accept ? core_->AcceptTransfer(Who(w), q) : core_->RejectTransfer(Who(w), q);
    });
    t.bad_inputs = {
        {"control character in the note", "note",
         EditAs<pb::DecideTransferRequest>([](auto& q) { q.set_note("备注\x03"); })},
    };
    if (!accept) {
      t.bad_inputs.push_back({"rejected without a note", "note",
                              EditAs<pb::DecideTransferRequest>([](auto& q) { q.clear_note(); })});
    }
    t.denials = TransferDecisionDenials();
    return t;
  }
  if (operation == "ResolveDuplicate") {
    const std::string id = DuplicateCandidate();
    t.read_target = [this] {
      auto list = core_->ListDuplicateCandidates(zhang_, {});
      return list.ok() ? list->SerializeAsString() : list.status().ToString();
    };
    auto req = std::make_unique<pb::ResolveDuplicateRequest>();
    req->set_candidate_id(id);
    req->set_same_person(true);
    t.request = std::move(req);
    t.caller = "head";  // resolving duplicates needs a department head, not the chief
    t.call = CallAs<pb::ResolveDuplicateRequest>(
        [this](const std::string& w, const auto& q) { return core_->ResolveDuplicate(Who(w), q); });
    t.bad_inputs = {
        {"malformed candidate_id", "candidate_id",
         EditAs<pb::ResolveDuplicateRequest>([](auto& q) { q.set_candidate_id("no-such-id"); })},
    };
    t.denials = {{"edu"}, {"xishui-caseworker"}, {"analyst"}, {"service"}, {"zhang"}, {"chief"}};
    return t;
  }
  if (operation == "UpdatePerson") {
    const pb::Referral r = MustSubmit(edu_, Submission());
    const std::string person = SubjectId(MustGet(zhang_, r.referral_id()));
    t.read_target = [this, person] {
      pb::GetPersonRequest get;
      get.set_person_id(person);
      auto found = core_->GetPerson(zhang_, get);
      return found.ok() ? found->SerializeAsString() : found.status().ToString();
    };
    // One correction first, so that the record is at version 2 and an older version exists.
    pb::UpdatePersonRequest first;
    first.set_request_id(Rid());
    first.set_person_id(person);
    first.set_version(1);
    first.add_fields("address");
    first.mutable_values()->set_address("贵州省遵义市仁怀市中枢街道一号");
    first.set_reason("家访核实住址");
    auto corrected = core_->UpdatePerson(zhang_, first);
    EXPECT_TRUE(corrected.ok()) << corrected.status();
    auto req = std::make_unique<pb::UpdatePersonRequest>();
    req->set_person_id(person);
    req->set_version(2);
    req->add_fields("phone");
    req->mutable_values()->set_phone("13812345678");
    req->set_reason("家访核实联系电话");
    t.request = std::move(req);
    t.caller = "zhang";
    t.call = CallAs<pb::UpdatePersonRequest>(
        [this](const std::string& w, const auto& q) { return core_->UpdatePerson(Who(w), q); });
    const std::string referral_id = r.referral_id();
    t.bad_inputs = {
        {"phone with a plus inside", "values.phone",
         EditAs<pb::UpdatePersonRequest>([](auto& q) { q.mutable_values()->set_phone("12345+"); })},
        {"the ID number named", "fields[0]",
         EditAs<pb::UpdatePersonRequest>([](auto& q) { q.set_fields(0, "id_number"); })},
        {"no reason", "reason", EditAs<pb::UpdatePersonRequest>([](auto& q) { q.clear_reason(); })},
        {"values and a referral", "values", EditAs<pb::UpdatePersonRequest>([referral_id](auto& q) {
           q.set_from_referral_id(referral_id);
         })},
    };
    t.denials = {{"edu"}, {"analyst"}, {"service"}, {"admin"}, {"chief"}};
    // Another procuratorate's caseworker and an unknown person get the same NOT_FOUND.
    t.denials.push_back({"xishui-caseworker", absl::StatusCode::kNotFound});
    t.denials.push_back(
        {"zhang", absl::StatusCode::kNotFound,
         EditAs<pb::UpdatePersonRequest>([](auto& q) { q.set_person_id("per-no-such-person"); })});
    return t;
  }
  if (operation == "UpsertProcuratorate") {
    auto req = std::make_unique<pb::UpsertProcuratorateRequest>();
    req->mutable_procuratorate()->set_procuratorate_code("520300");
    req->mutable_procuratorate()->set_name("遵义市人民检察院");
    t.request = std::move(req);
    t.caller = "admin";
    t.call = CallAs<pb::UpsertProcuratorateRequest>([this](const std::string& w, const auto& q) {
      return core_->UpsertProcuratorate(Who(w), q);
    });
    t.bad_inputs = {
        {"five-digit code", "procuratorate.procuratorate_code",
         EditAs<pb::UpsertProcuratorateRequest>(
             [](auto& q) { q.mutable_procuratorate()->set_procuratorate_code("52030"); })},
        {"no name", "procuratorate.name", EditAs<pb::UpsertProcuratorateRequest>([](auto& q) {
           q.mutable_procuratorate()->clear_name();
         })},
    };
    t.denials = RegistryDenials();
    return t;
  }
  if (operation == "RegisterAgency") {
    t.read_target = [this] {
      auto list = core_->ListAgencies(admin_user_, {});
      return list.ok() ? list->SerializeAsString() : list.status().ToString();
    };
    auto req = std::make_unique<pb::RegisterAgencyRequest>();
    pb::Agency* a = req->mutable_agency();
    a->set_agency_code("school-renhuai-2");
    a->set_name("仁怀市第二中学");
    a->set_type(pb::AGENCY_TYPE_SCHOOL);
    a->set_jurisdiction_code(kRenhuai);
    a->set_procuratorate_code(kRenhuai);
    a->set_active(true);
    t.request = std::move(req);
    t.caller = "admin";
    t.call = CallAs<pb::RegisterAgencyRequest>(
        [this](const std::string& w, const auto& q) { return core_->RegisterAgency(Who(w), q); });
    t.bad_inputs = {
        {"code too short", "agency.agency_code", EditAs<pb::RegisterAgencyRequest>([](auto& q) {
           q.mutable_agency()->set_agency_code("ab");
         })},
        {"no name", "agency.name",
         EditAs<pb::RegisterAgencyRequest>([](auto& q) { q.mutable_agency()->clear_name(); })},
        {"no type", "agency.type",
         EditAs<pb::RegisterAgencyRequest>([](auto& q) { q.mutable_agency()->clear_type(); })},
        {"bad jurisdiction", "agency.jurisdiction_code",
         EditAs<pb::RegisterAgencyRequest>(
             [](auto& q) { q.mutable_agency()->set_jurisdiction_code("52"); })},
        {"unknown procuratorate", "agency.procuratorate_code",
         EditAs<pb::RegisterAgencyRequest>(
             [](auto& q) { q.mutable_agency()->set_procuratorate_code("999999"); })},
    };
    t.denials = RegistryDenials();
    return t;
  }
  ADD_FAILURE() << "no arrangement for " << operation;
  return t;
}

TEST_P(ReferralSweepTest, Holds) {
  const SweepCase& c = GetParam();
  SweepTarget target = Arrange(c.operation);
  ASSERT_FALSE(HasFailure()) << "arranging " << c.operation << " failed";
  RunSweepCheck(c.check, std::move(target), Counter());
}

INSTANTIATE_TEST_SUITE_P(Referral, ReferralSweepTest, ::testing::ValuesIn(SweepCases(Operations())),
                         SweepCaseName);

}  // namespace
}  // namespace shouhu::testing
