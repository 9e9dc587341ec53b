// OrderCore: reads for staff (the whole order, evaluation_overdue computed for today;
// lists by case, kind, status, caseworker, evaluation overdue) and for guidance agencies
// (AgencyOrderView of the orders naming them, nothing else).
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "guardianship/access_policy.h"
#include "guardianship/order_ops.h"

namespace shouhu::guardianship {

pb::AgencyOrderView OrderCore::AgencyView(const pb::Order& o, const std::string& agency) {
  pb::AgencyOrderView v;
  v.set_order_id(o.order_id());
  v.set_procuratorate_code(o.procuratorate_code());
  v.set_kind(o.kind());
  v.set_status(o.status());
  v.set_minor_display_name(o.minor_display_name());
  for (const pb::Addressee& a : o.addressees()) {
    pb::AgencyOrderView::Guardian* g = v.add_guardians();
    g->set_relation(a.relation());
    g->set_display_name(a.display_name());
  }
  v.set_guidance_focus(o.guidance_focus());
  const int index = ArrangementOf(o, agency);
  v.set_arrangement_index(index);
  if (index >= 0) *v.mutable_arrangement() = o.guidance(index);
  *v.mutable_compliance_starts_on() = o.compliance_starts_on();
  *v.mutable_compliance_ends_on() = o.compliance_ends_on();
  return v;
}

absl::StatusOr<pb::Order> OrderCore::GetOrder(const Principal& p, const pb::GetOrderRequest& req) {
  if (req.order_id().empty()) {
    FieldErrors e;
    e.Add("order_id", "required");
    return e.ToStatus();
  }
  RETURN_IF_ERROR(CheckIdTenant(p, req.order_id(), "order_id"));
  std::optional<pb::Order> o;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(o, repo_.Get(tx, req.order_id(), false));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  if (!o.has_value()) return absl::NotFoundError(absl::StrCat("no order ", req.order_id()));
  return View(*std::move(o));
}

absl::StatusOr<pb::ListOrdersResponse> OrderCore::ListOrders(const Principal& p,
                                                             const pb::ListOrdersRequest& req) {
  FieldErrors e;
  if (!pb::OrderKind_IsValid(req.kind())) e.Add("kind", "unknown value");
  if (!pb::OrderStatus_IsValid(req.status())) e.Add("status", "unknown value");
  if (req.evaluation_overdue_only() && req.status() != pb::ORDER_STATUS_UNSPECIFIED &&
      req.status() != pb::ORDER_STATUS_UNDER_SUPERVISION) {
    e.Add("status", "overdue orders are UNDER_SUPERVISION");
  }
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  if (!req.assigned_to().empty() && req.assigned_to() != "me" &&
      !IsValidUserId(req.assigned_to())) {
    e.Add("assigned_to", "a user id, or \"me\"");
  }
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  if (!req.case_id().empty()) RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  const int size = PageSize(req.page_size());
  OrderFilter f;
  f.procuratorate = p.procuratorate;
  f.case_id = req.case_id();
  f.assigned_to = req.assigned_to() == "me" ? p.id : req.assigned_to();
  f.kind = req.kind();
  f.status = req.status();
  f.evaluation_overdue_only = req.evaluation_overdue_only();
  f.today = Today();
  f.before_seq = *before;
  f.limit = size + 1;
  pb::ListOrdersResponse resp;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        resp.Clear();
        ASSIGN_OR_RETURN(auto rows, repo_.List(tx, f));
        resp.set_next_page_token(
            TakePage(rows, size, [&](pb::Order&& o) { *resp.add_orders() = View(std::move(o)); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return resp;
}

absl::StatusOr<pb::AgencyOrderView> OrderCore::GetAgencyOrder(const Principal& p,
                                                              const pb::GetOrderRequest& req) {
  if (req.order_id().empty()) {
    FieldErrors e;
    e.Add("order_id", "required");
    return e.ToStatus();
  }
  RETURN_IF_ERROR(CheckIdTenant(p, req.order_id(), "order_id"));
  std::optional<pb::Order> o;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(o, repo_.Get(tx, req.order_id(), false));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  if (!o.has_value()) return NoOrder(p, req.order_id(), "see this order");
  RETURN_IF_ERROR(Require(NamedGuidanceAgency(), p, FactsOf(*o, p.id), "see this order"));
  return AgencyView(*o, p.id);
}

absl::StatusOr<pb::ListAgencyOrdersResponse> OrderCore::ListAgencyOrders(
    const Principal& p, const pb::ListAgencyOrdersRequest& req) {
  FieldErrors e;
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  const int size = PageSize(req.page_size());
  pb::ListAgencyOrdersResponse resp;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        resp.Clear();
        ASSIGN_OR_RETURN(auto rows, repo_.ListForAgency(tx, p.id, *before, size + 1));
        resp.set_next_page_token(
            TakePage(rows, size, [&](pb::Order&& o) { *resp.add_orders() = AgencyView(o, p.id); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return resp;
}

}  // namespace shouhu::guardianship
