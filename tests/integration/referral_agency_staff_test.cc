// Agency staff on a real MariaDB: a person's token with an agency claim, presented over a
// people-facing client certificate, goes through the real Authenticator (ES256 tokens
// signed in-process; the agency registry is the referral service's own, as in main.cc)
// and the referral core. The principal it makes must get exactly what the agency's own
// certificate gets: its own referral read, another agency's refused with the same status,
// existing or not; what it submits is the agency's, with the person in the timeline and
// the audit.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/server/auth.h"
#include "common/token/token.h"
#include "integration/referral_fixture.h"

namespace shouhu::testing {
namespace {

std::string Drain(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

class AgencyStaffTest : public ReferralCoreFixture {
 protected:
  void SetUp() override {
    ReferralCoreFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    ASSERT_NE(key, nullptr);
    BIO* priv = BIO_new(BIO_s_mem());
    BIO* pub = BIO_new(BIO_s_mem());
    ASSERT_EQ(PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
    ASSERT_EQ(PEM_write_bio_PUBKEY(pub, key), 1);
    EVP_PKEY_free(key);
    auto issuer = TokenIssuer::FromPrivateKeyPem(Drain(priv));
    ASSERT_TRUE(issuer.ok()) << issuer.status();
    issuer_ = *std::move(issuer);
    auto verifier = TokenVerifier::FromPublicKeyPem(Drain(pub));
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    // The registry lookup of shouhu-referral's main.cc.
    auth_ = std::make_unique<Authenticator>(
        *std::move(verifier),
        [this](const std::string& code) -> absl::StatusOr<AgencyIdentity> {
          auto a = core_->LookupAgency(code);
          if (!a.ok()) return a.status();
          return AgencyIdentity{a->agency_code(), a->name(), a->procuratorate_code(), a->active()};
        },
        &clock_);
  }

  // The principal of a person of `agency` over the console's client certificate.
  absl::StatusOr<Principal> Staff(const std::string& sub, const std::string& agency,
                                  const std::string& procuratorate = kRenhuai) {
    Claims c;
    c.subject = sub;
    c.name = "仁怀市教育局 王老师";
    c.procuratorate = procuratorate;
    c.roles = {"agency"};
    c.agency = agency;
    c.issued_at = clock_.Now() - absl::Minutes(1);
    c.expires_at = clock_.Now() + absl::Hours(8);
    auto token = issuer_->Issue(c);
    if (!token.ok()) return token.status();
    return auth_->FromPeer("client:shouhu-console", absl::StrCat("Bearer ", *token));
  }

  absl::StatusCode GetCode(const Principal& p, const std::string& id) {
    return Get(p, id).status().code();
  }

  std::unique_ptr<TokenIssuer> issuer_;
  std::unique_ptr<Authenticator> auth_;
};

TEST_F(AgencyStaffTest, StaffReadWhatTheirAgencysCertificateReadsAndNothingElse) {
  pb::Referral own = MustSubmit(edu_, Submission());
  ASSERT_FALSE(own.referral_id().empty());
  auto edu_staff = Staff("s-edu-renhuai", "edu-renhuai");
  ASSERT_TRUE(edu_staff.ok()) << edu_staff.status();
  auto police_staff = Staff("s-police-renhuai", "police-renhuai");
  ASSERT_TRUE(police_staff.ok()) << police_staff.status();
  auto police_cert = auth_->FromPeer("agency:police-renhuai", "");
  ASSERT_TRUE(police_cert.ok()) << police_cert.status();
  EXPECT_EQ(edu_staff->kind, Principal::Kind::kAgency);
  EXPECT_EQ(edu_staff->Name(), "agency:edu-renhuai");

  // Their own referral: read as the agency sees it (no assignment, no case id).
  auto read = Get(*edu_staff, own.referral_id());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->agency_code(), "edu-renhuai");
  EXPECT_TRUE(read->assigned_to().empty());
  EXPECT_EQ(Steps(*edu_staff, own.referral_id()), (std::vector<std::string>{"submitted"}));

  // Another agency's, existing or not: the certificate's answer, PERMISSION_DENIED.
  const std::string unknown = "ref-520382-0000000000000000";
  EXPECT_EQ(GetCode(*police_staff, own.referral_id()), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(GetCode(*police_staff, own.referral_id()), GetCode(*police_cert, own.referral_id()));
  EXPECT_EQ(GetCode(*police_staff, unknown), GetCode(*police_cert, unknown));
  pb::GetTimelineRequest tl;
  tl.set_referral_id(own.referral_id());
  EXPECT_EQ(core_->Timeline(*police_staff, tl).status().code(),
            core_->Timeline(*police_cert, tl).status().code());
  // A Xishui agency's person on a Renhuai referral: refused from the id alone.
  auto xishui_staff = Staff("s-edu-xishui", "edu-xishui", kXishui);
  ASSERT_TRUE(xishui_staff.ok()) << xishui_staff.status();
  EXPECT_EQ(GetCode(*xishui_staff, own.referral_id()), absl::StatusCode::kPermissionDenied);

  // Lists: the agency's own referrals only.
  auto list = core_->List(*police_staff, {});
  ASSERT_TRUE(list.ok()) << list.status();
  for (const auto& r : list->referrals()) EXPECT_EQ(r.agency_code(), "police-renhuai");
  // Cases and statistics are not an agency's.
  EXPECT_EQ(GetCase(*edu_staff, "case-520382-0000000000000000").status().code(),
            absl::StatusCode::kPermissionDenied);
  pb::GetReferralStatisticsRequest stats;
  stats.set_period(pb::STATISTICS_PERIOD_MONTH);
  stats.set_year(2025);
  stats.set_first_period(3);
  EXPECT_EQ(core_->Statistics(*edu_staff, stats).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AgencyStaffTest, WhatStaffSubmitIsTheAgencysWithThePersonInTimelineAndAudit) {
  auto staff = Staff("s-edu-renhuai", "edu-renhuai");
  ASSERT_TRUE(staff.ok()) << staff.status();
  pb::Referral mine = MustSubmit(*staff, Submission());
  ASSERT_FALSE(mine.referral_id().empty());
  EXPECT_EQ(mine.agency_code(), "edu-renhuai");
  EXPECT_EQ(GetCode(edu_, mine.referral_id()), absl::StatusCode::kOk);  // the certificate's too
  pb::GetTimelineRequest tl;
  tl.set_referral_id(mine.referral_id());
  auto timeline = core_->Timeline(edu_, tl);
  ASSERT_TRUE(timeline.ok()) << timeline.status();
  ASSERT_EQ(timeline->entries_size(), 1);
  EXPECT_EQ(timeline->entries(0).actor().principal(), "agency:edu-renhuai");
  EXPECT_EQ(timeline->entries(0).actor().display_name(), "仁怀市教育局 王老师");
  EXPECT_EQ(Count("audit_log", absl::StrCat("actor = 'agency:edu-renhuai/s-edu-renhuai' AND "
                                            "entity_id = '",
                                            mine.referral_id(), "'")),
            1);
}

TEST_F(AgencyStaffTest, UnknownDeactivatedOrMisplacedAgenciesAreRefused) {
  EXPECT_EQ(Staff("s-x", "edu-nowhere").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Staff("s-x", "edu-renhuai", kXishui).status().code(),
            absl::StatusCode::kUnauthenticated);
  pb::RegisterAgencyRequest off;
  off.set_request_id(Rid());
  pb::Agency* a = off.mutable_agency();
  a->set_agency_code("closed-renhuai");
  a->set_name("已撤销单位");
  a->set_type(pb::AGENCY_TYPE_OTHER);
  a->set_jurisdiction_code(kRenhuai);
  a->set_procuratorate_code(kRenhuai);
  a->set_active(false);
  ASSERT_TRUE(core_->RegisterAgency(admin_user_, off).ok());
  EXPECT_EQ(Staff("s-x", "closed-renhuai").status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(auth_->FromPeer("agency:closed-renhuai", "").status().code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace shouhu::testing
