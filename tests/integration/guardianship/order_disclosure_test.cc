// DiscloseOrderIdentity and the audit of every agency view that shows disclosed people:
// the minor or a guardian the order names, to a guidance agency the order names, with a
// purpose; stored sealed, versioned, idempotent, audited; GetAgencyOrder shows the agency
// only what was disclosed to it, and each such read (orders and escalations) writes one
// "guardianship.disclosure.read" audit record with ids, never names.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "guardianship/escalation_grpc.h"
#include "guardianship/escalation_ops.h"
#include "integration/guardianship/order_fixture.h"
#include "support/table_counts.h"

namespace shouhu::testing {
namespace {

namespace pb = ::shouhu::guardianship::v1;

class OrderDisclosureTest : public OrderFixture {
 protected:
  gpb::DiscloseIdentityRequest Disclose(const gpb::Order& o, const std::string& agency,
                                        const std::string& person, const std::string& name) {
    gpb::DiscloseIdentityRequest r;
    r.set_request_id(Rid());
    r.set_record_id(o.order_id());
    r.set_version(o.version());
    r.set_agency_code(agency);
    r.set_person_id(person);
    r.set_purpose("开展家庭教育指导需联系监护人");
    r.mutable_disclosed_person()->set_name(name);
    r.mutable_disclosed_person()->set_phone("13800138000");
    return r;
  }
  int64_t Reads(const std::string& id) {
    return Count("audit_log",
                 "action = 'guardianship.disclosure.read' AND entity_id = '" + id + "'");
  }
  // Supervised, with gg-renhuai named too (fl-renhuai is named by the fixture's draft).
  gpb::Order TwoAgencies() {
    gpb::DraftOrderRequest d = Draft();
    d.mutable_guidance(1)->clear_provider_name();
    d.mutable_guidance(1)->set_agency_code("gg-renhuai");
    gpb::Order o = MustDraft(d);
    o = Must(zhang_, "SubmitOrder", Action(o));
    o = Must(chief_, "ApproveOrder", Action(o));
    return Must(zhang_, "RecordService", Service(o, {kFather, kMother}));
  }
};

TEST_F(OrderDisclosureTest, DisclosedToTheNamedAgencyOnlySealedVersionedIdempotentAudited) {
  gpb::Order o = TwoAgencies();
  ASSERT_FALSE(o.order_id().empty());
  const auto before = CountEveryTable(*pool_);
  ASSERT_TRUE(before.ok());

  // Not a guidance agency of the order; not a person of the order; an ID number.
  gpb::DiscloseIdentityRequest r = Disclose(o, "mz-renhuai", kFather, "王大山");
  auto bad = Do<gpb::IdentityDisclosureResponse>(zhang_, "DiscloseOrderIdentity", r);
  EXPECT_TRUE(HasField(bad.status(), "agency_code")) << bad.status();
  r = Disclose(o, "fl-renhuai", kAdult, "赵成年");
  bad = Do<gpb::IdentityDisclosureResponse>(zhang_, "DiscloseOrderIdentity", r);
  EXPECT_TRUE(HasField(bad.status(), "person_id")) << bad.status();
  r = Disclose(o, "fl-renhuai", kFather, "王大山");
  r.mutable_disclosed_person()->set_id_number("520382198502030011");
  bad = Do<gpb::IdentityDisclosureResponse>(zhang_, "DiscloseOrderIdentity", r);
  EXPECT_TRUE(HasField(bad.status(), "disclosed_person.id_number")) << bad.status();
  r = Disclose(o, "fl-renhuai", kFather, "王大山");
  r.clear_purpose();
  bad = Do<gpb::IdentityDisclosureResponse>(zhang_, "DiscloseOrderIdentity", r);
  EXPECT_TRUE(HasField(bad.status(), "purpose")) << bad.status();
  // Another caseworker: refused by the record's condition.
  r = Disclose(o, "fl-renhuai", kFather, "王大山");
  bad = Do<gpb::IdentityDisclosureResponse>(wang_, "DiscloseOrderIdentity", r);
  EXPECT_TRUE(absl::IsPermissionDenied(bad.status())) << bad.status();
  // A stale version.
  r = Disclose(o, "fl-renhuai", kFather, "王大山");
  r.set_version(o.version() - 1);
  bad = Do<gpb::IdentityDisclosureResponse>(zhang_, "DiscloseOrderIdentity", r);
  EXPECT_TRUE(absl::IsAborted(bad.status())) << bad.status();
  const auto after_bad = CountEveryTable(*pool_);
  ASSERT_TRUE(after_bad.ok());
  EXPECT_EQ(DescribeChange(*before, *after_bad), "");

  r = Disclose(o, "fl-renhuai", kFather, "王大山");
  auto ok = Do<gpb::IdentityDisclosureResponse>(zhang_, "DiscloseOrderIdentity", r);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->record_version(), o.version() + 1);
  EXPECT_EQ(ok->disclosure().agency_code(), "fl-renhuai");
  EXPECT_EQ(ok->disclosure().person_id(), kFather);
  EXPECT_EQ(ok->disclosure().disclosed_by().principal(), "user:u-zhang");
  auto replay = Do<gpb::IdentityDisclosureResponse>(zhang_, "DiscloseOrderIdentity", r);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->record_version(), ok->record_version());
  EXPECT_EQ(replay->disclosure().disclosed_at().unix_millis(),
            ok->disclosure().disclosed_at().unix_millis());
  EXPECT_EQ(Count("guard_disclosures"), 1);
  EXPECT_EQ(Count("guard_disclosures", "person_enc LIKE '%王大山%'"), 0);
  EXPECT_EQ(Count("audit_log", "action = 'guardianship.order.disclose'"), 1);

  // Staff see who was disclosed to whom.
  gpb::GetOrderRequest get;
  get.set_order_id(o.order_id());
  auto staff = Do<gpb::Order>(head_, "GetOrder", get);
  ASSERT_TRUE(staff.ok()) << staff.status();
  EXPECT_EQ(staff->version(), ok->record_version());
  ASSERT_EQ(staff->disclosures_size(), 1);
  EXPECT_EQ(staff->disclosures(0).agency_code(), "fl-renhuai");

  // The named agency sees the father in clear, the other named agency does not.
  auto fl = Do<gpb::AgencyOrderView>(fulian_, "GetAgencyOrder", get);
  ASSERT_TRUE(fl.ok()) << fl.status();
  ASSERT_EQ(fl->disclosed_people_size(), 1);
  EXPECT_EQ(fl->disclosed_people(0).person_id(), kFather);
  EXPECT_EQ(fl->disclosed_people(0).name(), "王大山");
  EXPECT_EQ(fl->disclosed_people(0).phone(), "13800138000");
  EXPECT_TRUE(fl->disclosed_people(0).unmasked());
  EXPECT_EQ(fl->minor_display_name().find("王小明"), std::string::npos);
  auto gg = Do<gpb::AgencyOrderView>(guangong_, "GetAgencyOrder", get);
  ASSERT_TRUE(gg.ok()) << gg.status();
  EXPECT_EQ(gg->disclosed_people_size(), 0);

  // A second disclosure of the same person replaces the first (one row, one entry).
  r = Disclose(*staff, "fl-renhuai", kFather, "王大山");
  r.set_purpose("更新联系方式");
  auto again = Do<gpb::IdentityDisclosureResponse>(head_, "DiscloseOrderIdentity", r);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Count("guard_disclosures"), 1);
  staff = Do<gpb::Order>(head_, "GetOrder", get);
  ASSERT_TRUE(staff.ok());
  ASSERT_EQ(staff->disclosures_size(), 1);
  EXPECT_EQ(staff->disclosures(0).purpose(), "更新联系方式");
}

TEST_F(OrderDisclosureTest, EveryAgencyReadOfDisclosedPeopleIsAuditedWithIdsOnly) {
  gpb::Order o = TwoAgencies();
  ASSERT_FALSE(o.order_id().empty());
  gpb::GetOrderRequest get;
  get.set_order_id(o.order_id());
  // Nothing disclosed yet: no read audit.
  ASSERT_TRUE(Do<gpb::AgencyOrderView>(fulian_, "GetAgencyOrder", get).ok());
  EXPECT_EQ(Reads(o.order_id()), 0);

  auto ok = Do<gpb::IdentityDisclosureResponse>(zhang_, "DiscloseOrderIdentity",
                                                Disclose(o, "fl-renhuai", kMinor, "王小明"));
  ASSERT_TRUE(ok.ok()) << ok.status();
  ASSERT_TRUE(Do<gpb::AgencyOrderView>(fulian_, "GetAgencyOrder", get).ok());
  ASSERT_TRUE(Do<gpb::AgencyOrderView>(fulian_, "GetAgencyOrder", get).ok());
  EXPECT_EQ(Reads(o.order_id()), 2);
  // The other agency's view shows nothing disclosed: not audited.
  ASSERT_TRUE(Do<gpb::AgencyOrderView>(guangong_, "GetAgencyOrder", get).ok());
  EXPECT_EQ(Reads(o.order_id()), 2);
  // Staff reads are no agency views.
  ASSERT_TRUE(Do<gpb::Order>(zhang_, "GetOrder", get).ok());
  EXPECT_EQ(Reads(o.order_id()), 2);
  std::vector<std::string> details = Strings(
      "SELECT CONCAT(actor, ' ', detail) FROM audit_log WHERE action = "
      "'guardianship.disclosure.read' AND entity_id = '" +
      o.order_id() + "'");
  ASSERT_EQ(details.size(), 2u);
  EXPECT_EQ(details[0],
            std::string("agency:fl-renhuai {\"agency\":\"fl-renhuai\",\"person_ids\":[\"") +
                kMinor + "\"]}");
  EXPECT_EQ(Count("audit_log", "detail LIKE '%王小明%'"), 0);
}

TEST_F(OrderDisclosureTest, EscalationAgencyViewsAuditTheirDisclosedReads) {
  guardianship::EscalationCore esc(deps_);
  MethodTable table = guardianship::EscalationMethods(&esc);
  ASSERT_TRUE(table.status().ok());
  pb::DraftEscalationRequest d;
  d.set_request_id(Rid());
  d.set_case_id(kCase);
  d.set_kind(pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
  d.set_basis(pb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114);
  d.set_addressee_agency_code("mz-renhuai");
  d.set_content("监护人长期外出务工，未成年人无人照料，建议落实临时照护");
  auto e = Call<pb::Escalation>(table, zhang_, "DraftEscalation", d);
  ASSERT_TRUE(e.ok()) << e.status();
  pb::EscalationActionRequest a;
  a.set_request_id(Rid());
  a.set_escalation_id(e->escalation_id());
  a.set_version(e->version());
  a.set_agree(true);
  e = Call<pb::Escalation>(table, zhang_, "SubmitEscalation", a);
  ASSERT_TRUE(e.ok()) << e.status();
  a.set_request_id(Rid());
  a.set_version(e->version());
  a.set_note("同意");
  e = Call<pb::Escalation>(table, deputy_, "ApproveEscalation", a);
  ASSERT_TRUE(e.ok()) << e.status();

  pb::GetEscalationRequest get;
  get.set_escalation_id(e->escalation_id());
  ASSERT_TRUE(Call<pb::AgencyEscalationView>(table, minzheng_, "GetAgencyEscalation", get).ok());
  ASSERT_TRUE(Call<pb::ListAgencyEscalationsResponse>(table, minzheng_, "ListAgencyEscalations",
                                                      pb::ListAgencyEscalationsRequest())
                  .ok());
  EXPECT_EQ(Reads(e->escalation_id()), 0);

  pb::DiscloseIdentityRequest r;
  r.set_request_id(Rid());
  r.set_record_id(e->escalation_id());
  r.set_version(e->version());
  r.set_agency_code("mz-renhuai");
  r.set_person_id(kMinor);
  r.set_purpose("落实临时照护需核实身份");
  r.mutable_disclosed_person()->set_name("王小明");
  ASSERT_TRUE(
      Call<pb::IdentityDisclosureResponse>(table, zhang_, "DiscloseEscalationIdentity", r).ok());
  auto view = Call<pb::AgencyEscalationView>(table, minzheng_, "GetAgencyEscalation", get);
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_EQ(view->disclosed_people_size(), 1);
  EXPECT_EQ(Reads(e->escalation_id()), 1);
  auto list = Call<pb::ListAgencyEscalationsResponse>(table, minzheng_, "ListAgencyEscalations",
                                                      pb::ListAgencyEscalationsRequest());
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->escalations_size(), 1);
  EXPECT_EQ(list->escalations(0).disclosed_people_size(), 1);
  EXPECT_EQ(Reads(e->escalation_id()), 2);
  // Staff reads are not agency views.
  ASSERT_TRUE(Call<pb::Escalation>(table, zhang_, "GetEscalation", get).ok());
  EXPECT_EQ(Reads(e->escalation_id()), 2);
}

}  // namespace
}  // namespace shouhu::testing
