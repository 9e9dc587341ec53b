// Materials requests (补充材料) of an application: one row per RequestMaterials with the
// note sealed ("aid_materials_requests/<application id>:<seq>/note"), answered by
// MaterialsReceived.
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "aid/application_repository.h"
#include "aid/application_sql.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"

namespace shouhu::aid {
namespace {

constexpr char kMaterialsEntity[] = "aid_materials_requests";

std::string RequestRow(absl::string_view app_id, int seq) { return absl::StrCat(app_id, ":", seq); }

}  // namespace

absl::Status ApplicationRepository::AddMaterialsRequest(db::Tx& tx,
                                                        const std::string& application_id,
                                                        const std::string& procuratorate, int seq,
                                                        const pb::MaterialsRequestRecord& r) {
  ASSIGN_OR_RETURN(std::string note, sealed_.Seal(r.note(), kMaterialsEntity,
                                                  RequestRow(application_id, seq), "note"));
  tx.Sql(kInsertMaterialsRequest)
      .Str(application_id)
      .Int(seq)
      .Str(procuratorate)
      .Str(absl::StrJoin(r.materials(), ","))
      .BlobOrNull(note)
      .Str(DateString(r.requested_on()))
      .Str(r.requested_by().principal())
      .Str(r.requested_by().display_name())
      .StrOrNull(r.answered_on().year() == 0 ? "" : DateString(r.answered_on()))
      .Exec();
  return absl::OkStatus();
}

absl::Status ApplicationRepository::AnswerMaterialsRequest(db::Tx& tx,
                                                           const std::string& application_id,
                                                           int seq, const cpb::Date& day) {
  tx.Sql(kAnswerMaterialsRequest).Str(DateString(day)).Str(application_id).Int(seq).Exec();
  return absl::OkStatus();
}

absl::Status ApplicationRepository::FillMaterialsRequests(db::Tx& tx, AppRow& row) const {
  const std::string& id = row.app.application_id();
  auto rs = tx.Sql(kMaterialsRequestsOf).Str(id).Rows();
  while (rs->next()) {
    pb::MaterialsRequestRecord* r = row.app.add_materials_requests();
    for (absl::string_view part :
         absl::StrSplit(db::GetStr(*rs, "materials"), ',', absl::SkipEmpty())) {
      int kind = 0;
      if (absl::SimpleAtoi(part, &kind)) r->add_materials(static_cast<pb::MaterialKind>(kind));
    }
    ASSIGN_OR_RETURN(*r->mutable_note(),
                     sealed_.Open(db::GetBlob(*rs, "note_enc"), kMaterialsEntity,
                                  RequestRow(id, rs->getInt("seq")), "note"));
    if (auto d = ParseDateString(db::GetStr(*rs, "requested_on"))) {
      *r->mutable_requested_on() = FromCivilDay(*d);
    }
    r->mutable_requested_by()->set_principal(db::GetStr(*rs, "requested_by"));
    r->mutable_requested_by()->set_display_name(db::GetStr(*rs, "requested_by_name"));
    if (auto d = ParseDateString(db::GetStr(*rs, "answered_on"))) {
      *r->mutable_answered_on() = FromCivilDay(*d);
    }
  }
  return absl::OkStatus();
}

}  // namespace shouhu::aid
