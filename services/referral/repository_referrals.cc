// Referrals, the people they name, and their timeline.
#include <tuple>

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

}  // namespace

absl::StatusOr<pb::Referral> Repository::ReferralFromRow(sql::ResultSet& rs) const {
  pb::Referral r;
  r.set_referral_id(db::GetStr(rs, "id"));
  r.set_procuratorate_code(db::GetStr(rs, "procuratorate_code"));
  r.set_agency_code(db::GetStr(rs, "agency_code"));
  r.set_kind(static_cast<pb::ReferralKind>(rs.getInt("kind")));
  r.set_status(static_cast<pb::ReferralStatus>(rs.getInt("status")));
  r.set_urgent(rs.getBoolean("urgent"));
  // Rows written before migration 0005 and not yet backfilled still hold clear values.
  absl::StatusOr<std::string> facts = sealed_.OpenOrLegacy(
      db::GetBlob(rs, "facts_enc"), db::GetStr(rs, "facts"), "referral", r.referral_id(), "facts");
  if (!facts.ok()) return facts.status();
  r.set_facts(*std::move(facts));
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
  absl::StatusOr<std::string> message = sealed_.OpenOrLegacy(
      db::GetBlob(rs, "message_to_agency_enc"), db::GetStr(rs, "message_to_agency"), "referral",
      r.referral_id(), "message_to_agency");
  if (!message.ok()) return message.status();
  r.set_message_to_agency(*std::move(message));
  r.set_version(rs.getInt64("version"));
  return r;
}

absl::Status Repository::InsertReferral(db::Tx& tx, const pb::Referral& r) {
  const int64_t now = NowMs();
  absl::StatusOr<std::string> facts = sealed_.Seal(r.facts(), "referral", r.referral_id(), "facts");
  if (!facts.ok()) return facts.status();
  absl::StatusOr<std::string> message =
      sealed_.Seal(r.message_to_agency(), "referral", r.referral_id(), "message_to_agency");
  if (!message.ok()) return message.status();
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
      .BlobOrNull(*facts)
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
      .BlobOrNull(*message)
      .Int(r.version())
      .Int(now)
      .Exec();
  return absl::OkStatus();
}

std::string ReferralPeopleInsertSql(size_t n) {
  std::string sql = kInsertReferralPeople;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) absl::StrAppend(&sql, kInListSeparator);
    absl::StrAppend(&sql, kReferralPersonRow);
  }
  return sql;
}

absl::Status Repository::InsertReferralPeople(
    db::Tx& tx, const pb::Referral& r, const std::vector<const cpb::PersonInput*>& submitted) {
  if (r.people().empty()) return absl::OkStatus();
  if (submitted.size() != static_cast<size_t>(r.people_size())) {
    return absl::InternalError("submitted people do not match the referral's people");
  }
  // Sealed before the statement is built: what the agency sent for each person.
  struct Sealed {
    std::string name, phone, address;
  };
  std::vector<Sealed> sealed(submitted.size());
  for (size_t i = 0; i < submitted.size(); ++i) {
    const int ord = static_cast<int>(i);
    for (auto [value, field, target] :
         {std::tuple{&submitted[i]->name(), "name", &sealed[i].name},
          std::tuple{&submitted[i]->phone(), "phone", &sealed[i].phone},
          std::tuple{&submitted[i]->address(), "address", &sealed[i].address}}) {
      absl::StatusOr<std::string> blob = Seal(*value, SubmittedAt(r.referral_id(), ord, field));
      if (!blob.ok()) return blob.status();
      *target = *std::move(blob);
    }
  }
  auto q = tx.Sql(ReferralPeopleInsertSql(r.people_size()));
  for (int i = 0; i < r.people_size(); ++i) {
    const pb::ReferralPerson& p = r.people(i);
    const cpb::PersonInput& in = *submitted[i];
    q.Str(r.referral_id())
        .Int(i)
        .Str(p.person().person_id())
        .Int(p.role())
        .Str(p.relation())
        .Bool(p.matched_existing())
        .Bool(p.possible_duplicate())
        .BlobOrNull(sealed[i].name)
        .Int(in.sex())
        .StrOrNull(in.has_birth_date() ? DateString(in.birth_date()) : "")
        .BlobOrNull(sealed[i].phone)
        .BlobOrNull(sealed[i].address)
        .Str(in.ethnicity());
  }
  q.Exec();
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
  absl::StatusOr<pb::Referral> read = ReferralFromRow(*rs);
  if (!read.ok()) return read.status();
  pb::Referral r = *std::move(read);
  if (people == People::kWith) {
    auto prs = tx.Sql(kReferralPeople).Str(id).Rows();
    while (prs->next()) {
      pb::ReferralPerson rp;
      rp.set_role(static_cast<pb::PersonRole>(prs->getInt("role")));
      rp.set_relation(db::GetStr(*prs, "relation"));
      rp.set_matched_existing(prs->getBoolean("matched_existing"));
      rp.set_possible_duplicate(prs->getBoolean("possible_duplicate"));
      if (!prs->isNull("id")) {
        absl::StatusOr<PersonRow> person = PersonFromRow(*prs);
        if (!person.ok()) return person.status();
        *rp.mutable_person() = PersonView(*person, Disclosure::kMasked);
      }
      *r.add_people() = std::move(rp);
    }
  }
  return std::optional<pb::Referral>(std::move(r));
}

absl::Status Repository::UpdateReferral(db::Tx& tx, const pb::Referral& r, int64_t expected_version,
                                        const ReferralStatsFacts& stats) {
  absl::StatusOr<std::string> facts = sealed_.Seal(r.facts(), "referral", r.referral_id(), "facts");
  if (!facts.ok()) return facts.status();
  absl::StatusOr<std::string> message =
      sealed_.Seal(r.message_to_agency(), "referral", r.referral_id(), "message_to_agency");
  if (!message.ok()) return message.status();
  auto q = tx.Sql(kUpdateReferral);
  q.Int(r.status()).BlobOrNull(*facts);
  if (r.has_response_due_at()) {
    q.Int(r.response_due_at().unix_millis());
  } else {
    q.Null();
  }
  q.StrOrNull(r.assigned_to())
      .StrOrNull(r.case_id())
      .Int(r.decline_reason())
      .BlobOrNull(*message)
      .Bool(stats.department.has_value())
      .Str(stats.department.value_or(""));
  for (const std::optional<absl::Time>& t :
       {stats.answered_at, stats.answer_due, stats.answered_at}) {
    if (t.has_value()) {
      q.Int(absl::ToUnixMillis(*t));
    } else {
      q.Null();
    }
  }
  const int64_t updated = q.Int(NowMs()).Str(r.referral_id()).Int(expected_version).Exec();
  return updated == 1 ? absl::OkStatus() : db::StaleVersionError(expected_version + 1);
}

absl::StatusOr<ReferralAnswerFacts> Repository::GetAnswerFacts(db::Tx& tx, const std::string& id) {
  auto rs = tx.Sql(kReferralAnswerFacts).Str(id).Rows();
  if (!rs->next()) return absl::NotFoundError("referral not found");
  return ReferralAnswerFacts{.answered = rs->getBoolean("answered"),
                             .department = db::GetStr(*rs, "department")};
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
  while (rs->next()) {
    absl::StatusOr<pb::Referral> r = ReferralFromRow(*rs);
    if (!r.ok()) return r.status();
    out.emplace_back(rs->getInt64("seq"), *std::move(r));
  }
  return out;
}

absl::Status Repository::AppendEvent(db::Tx& tx, const std::string& referral_id,
                                     const pb::TimelineEntry& e) {
  // Bound to the referral (the entry's number is assigned by the statement itself).
  absl::StatusOr<std::string> message =
      sealed_.Seal(e.message(), "referral_event", referral_id, "message");
  if (!message.ok()) return message.status();
  tx.Sql(kInsertEvent)
      .Str(referral_id)
      .Int(e.at().unix_millis())
      .Int(e.status())
      .Str(e.step())
      .BlobOrNull(*message)
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
    absl::StatusOr<std::string> message =
        sealed_.OpenOrLegacy(db::GetBlob(*rs, "message_enc"), db::GetStr(*rs, "message"),
                             "referral_event", referral_id, "message");
    if (!message.ok()) return message.status();
    e.set_message(*std::move(message));
    e.mutable_actor()->set_principal(db::GetStr(*rs, "actor"));
    e.mutable_actor()->set_display_name(db::GetStr(*rs, "actor_name"));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace shouhu::referral
