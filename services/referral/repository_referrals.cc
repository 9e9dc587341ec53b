// Referrals, the people they name, and their timeline.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/dates.h"
#include "common/db/mutation.h"
#include "referral/repository.h"
#include "referral/repository_sql.h"

namespace shouhu::referral {

namespace {

std::string JoinEnums(const google::protobuf::RepeatedField<int>& v) {
  return absl::StrJoin(v, ",");
}

template <typename Add>
void SplitEnums(const std::string& s, Add add) {
  for (absl::string_view part : absl::StrSplit(s, ',', absl::SkipEmpty())) {
    int v = 0;
    if (absl::SimpleAtoi(part, &v)) add(v);
  }
}

pb::Referral ReferralFromRow(sql::ResultSet& rs) {
  pb::Referral r;
  r.set_referral_id(db::GetStr(rs, "id"));
  r.set_procuratorate_code(db::GetStr(rs, "procuratorate_code"));
  r.set_agency_code(db::GetStr(rs, "agency_code"));
  r.set_kind(static_cast<pb::ReferralKind>(rs.getInt("kind")));
  r.set_status(static_cast<pb::ReferralStatus>(rs.getInt("status")));
  r.set_urgent(rs.getBoolean("urgent"));
  r.set_facts(db::GetStr(rs, "facts"));
  if (auto day = ParseDateString(db::GetStr(rs, "occurred_on"))) {
    *r.mutable_occurred_on() = FromCivilDay(*day);
  } else {
    r.mutable_occurred_on();
  }
  SplitEnums(db::GetStr(rs, "situations"),
             [&](int v) { r.add_situations(static_cast<pb::MandatoryReportSituation>(v)); });
  SplitEnums(db::GetStr(rs, "aid_grounds"),
             [&](int v) { r.add_aid_grounds(static_cast<pb::AidGround>(v)); });
  SplitEnums(db::GetStr(rs, "special_categories"),
             [&](int v) { r.add_special_categories(static_cast<pb::SpecialMinorCategory>(v)); });
  *r.mutable_submitted_at() = TimestampFromMillis(rs.getInt64("submitted_at_ms"));
  if (!rs.isNull("response_due_at_ms")) {
    *r.mutable_response_due_at() = TimestampFromMillis(rs.getInt64("response_due_at_ms"));
  }
  r.set_assigned_to(db::GetStr(rs, "assigned_to"));
  r.set_case_id(db::GetStr(rs, "case_id"));
  r.set_decline_reason(static_cast<pb::DeclineReason>(rs.getInt("decline_reason")));
  r.set_message_to_agency(db::GetStr(rs, "message_to_agency"));
  r.set_version(rs.getInt64("version"));
  return r;
}

}  // namespace

absl::Status Repository::InsertReferral(db::Tx& tx, const pb::Referral& r) {
  const int64_t now = NowMs();
  std::string subject;
  for (const auto& p : r.people()) {
    if (p.role() == pb::PERSON_ROLE_SUBJECT) subject = p.person().person_id();
  }
  auto q = tx.Sql(kInsertReferral);
  q.Str(r.referral_id())
      .Str(r.procuratorate_code())
      .Str(r.agency_code())
      .Int(r.kind())
      .Int(r.status())
      .Bool(r.urgent())
      .Str(r.facts())
      .Str(DateString(r.occurred_on()))
      .Str(JoinEnums(r.situations()))
      .Str(JoinEnums(r.aid_grounds()))
      .Str(JoinEnums(r.special_categories()))
      .Str(subject)
      .Int(r.submitted_at().unix_millis());
  if (r.has_response_due_at()) {
    q.Int(r.response_due_at().unix_millis());
  } else {
    q.Null();
  }
  q.StrOrNull(r.assigned_to())
      .StrOrNull(r.case_id())
      .Int(r.decline_reason())
      .Str(r.message_to_agency())
      .Int(r.version())
      .Int(now)
      .Exec();
  return absl::OkStatus();
}

absl::Status Repository::InsertReferralPerson(db::Tx& tx, const std::string& referral_id, int ord,
                                              const pb::ReferralPerson& p,
                                              const cpb::PersonInput& submitted) {
  absl::StatusOr<std::string> name =
      Seal(submitted.name(), SubmittedAd(referral_id, ord, "name"), "submitted name");
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> phone =
      Seal(submitted.phone(), SubmittedAd(referral_id, ord, "phone"), "submitted phone");
  if (!phone.ok()) return phone.status();
  absl::StatusOr<std::string> address =
      Seal(submitted.address(), SubmittedAd(referral_id, ord, "address"), "submitted address");
  if (!address.ok()) return address.status();
  tx.Sql(kInsertReferralPerson)
      .Str(referral_id)
      .Int(ord)
      .Str(p.person().person_id())
      .Int(p.role())
      .Str(p.relation())
      .Bool(p.matched_existing())
      .Bool(p.possible_duplicate())
      .BlobOrNull(*name)
      .Int(submitted.sex())
      .StrOrNull(submitted.has_birth_date() ? DateString(submitted.birth_date()) : "")
      .BlobOrNull(*phone)
      .BlobOrNull(*address)
      .Str(submitted.ethnicity())
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::optional<pb::Referral>> Repository::GetReferral(db::Tx& tx,
                                                                    const std::string& id,
                                                                    Lock lock, People people) {
  auto rs =
      tx.Sql(absl::StrCat(kReferralCols, kWhereId, lock == Lock::kForUpdate ? kForUpdate : ""))
          .Str(id)
          .Rows();
  if (!rs->next()) return std::optional<pb::Referral>();
  pb::Referral r = ReferralFromRow(*rs);
  if (people == People::kWith) {
    struct Link {
      std::string person_id;
      pb::ReferralPerson rp;
    };
    std::vector<Link> links;
    {
      auto prs = tx.Sql(kReferralPeople).Str(id).Rows();
      while (prs->next()) {
        Link l;
        l.person_id = db::GetStr(*prs, "person_id");
        l.rp.set_role(static_cast<pb::PersonRole>(prs->getInt("role")));
        l.rp.set_relation(db::GetStr(*prs, "relation"));
        l.rp.set_matched_existing(prs->getBoolean("matched_existing"));
        l.rp.set_possible_duplicate(prs->getBoolean("possible_duplicate"));
        links.push_back(std::move(l));
      }
    }
    for (Link& l : links) {
      absl::StatusOr<std::optional<PersonRow>> person = GetPerson(tx, l.person_id);
      if (!person.ok()) return person.status();
      if (person->has_value()) *l.rp.mutable_person() = PersonView(**person, Disclosure::kMasked);
      *r.add_people() = std::move(l.rp);
    }
  }
  return std::optional<pb::Referral>(std::move(r));
}

absl::Status Repository::UpdateReferral(db::Tx& tx, const pb::Referral& r,
                                        int64_t expected_version) {
  auto q = tx.Sql(kUpdateReferral);
  q.Int(r.status()).Str(r.facts());
  if (r.has_response_due_at()) {
    q.Int(r.response_due_at().unix_millis());
  } else {
    q.Null();
  }
  const int64_t updated = q.StrOrNull(r.assigned_to())
                              .StrOrNull(r.case_id())
                              .Int(r.decline_reason())
                              .Str(r.message_to_agency())
                              .Int(NowMs())
                              .Str(r.referral_id())
                              .Int(expected_version)
                              .Exec();
  return updated == 1 ? absl::OkStatus() : db::StaleVersionError(expected_version + 1);
}

absl::StatusOr<std::vector<std::pair<int64_t, pb::Referral>>> Repository::ListReferrals(
    db::Tx& tx, const ListFilter& f) {
  // The WHERE clause is assembled from fixed fragments only; every value is a parameter.
  // The overdue list is left to the optimizer (idx_ref_due may serve it better).
  std::string sql = absl::StrCat(kReferralCols,
                                 f.overdue_only ? ""
                                                : (f.agency.empty() ? kReferralsByProcuratorateIndex
                                                                    : kReferralsByAgencyIndex),
                                 f.agency.empty() ? kByProcuratorate : kByAgency);
  if (f.status != 0) absl::StrAppend(&sql, kAndStatus);
  if (f.kind != 0) absl::StrAppend(&sql, kAndKind);
  if (!f.assigned_to.empty()) absl::StrAppend(&sql, kAndAssignedTo);
  if (f.overdue_only) absl::StrAppend(&sql, kAndOverdue);
  absl::StrAppend(&sql, kPageBySeq);
  auto q = tx.Sql(sql);
  q.Str(f.agency.empty() ? f.procuratorate : f.agency);
  if (f.status != 0) q.Int(f.status);
  if (f.kind != 0) q.Int(f.kind);
  if (!f.assigned_to.empty()) q.Str(f.assigned_to);
  if (f.overdue_only) q.Int(NowMs());
  q.Int(f.before_seq > 0 ? f.before_seq : INT64_MAX).Int(f.limit);
  std::vector<std::pair<int64_t, pb::Referral>> out;
  auto rs = q.Rows();
  while (rs->next()) out.emplace_back(rs->getInt64("seq"), ReferralFromRow(*rs));
  return out;
}

absl::Status Repository::AppendEvent(db::Tx& tx, const std::string& referral_id,
                                     const pb::TimelineEntry& e) {
  tx.Sql(kInsertEvent)
      .Str(referral_id)
      .Int(e.at().unix_millis())
      .Int(e.status())
      .Str(e.step())
      .Str(e.message())
      .Str(e.actor().principal())
      .Str(e.actor().display_name())
      .Str(referral_id)
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<pb::TimelineEntry>> Repository::Timeline(db::Tx& tx,
                                                                    const std::string& referral_id,
                                                                    int64_t after_seq) {
  std::vector<pb::TimelineEntry> out;
  auto rs = tx.Sql(kTimeline).Str(referral_id).Int(after_seq).Rows();
  while (rs->next()) {
    pb::TimelineEntry e;
    e.set_sequence(rs->getInt64("seq"));
    *e.mutable_at() = TimestampFromMillis(rs->getInt64("at_ms"));
    e.set_status(static_cast<pb::ReferralStatus>(rs->getInt("status")));
    e.set_step(db::GetStr(*rs, "step"));
    e.set_message(db::GetStr(*rs, "message"));
    e.mutable_actor()->set_principal(db::GetStr(*rs, "actor"));
    e.mutable_actor()->set_display_name(db::GetStr(*rs, "actor_name"));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace shouhu::referral
