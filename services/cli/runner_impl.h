// The Runner's shared templates and renderers, for the files that implement its
// commands (client.cc: connection and referrals; client_cases.cc: cases, people, registry).
// Private to the CLI library.
#ifndef SHOUHU_CLI_RUNNER_IMPL_H_
#define SHOUHU_CLI_RUNNER_IMPL_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "cli/client.h"
#include "cli/format.h"
#include "cli/render.h"

namespace shouhu::cli {

namespace rv1 = ::shouhu::referral::v1;

inline std::string Render(const rv1::Referral& m, Lang lang) { return RenderReferral(m, lang); }
inline std::string Render(const rv1::Case& m, Lang lang) { return RenderCase(m, lang); }
inline std::string Render(const rv1::DuplicateCandidate& m, Lang lang) {
  return RenderDuplicate(m, lang);
}
inline std::string Render(const rv1::Agency& m, Lang lang) { return RenderAgency(m, lang); }
inline std::string Render(const shouhu::common::v1::Person& m, Lang lang) {
  return RenderPerson(m, lang);
}
inline std::string Render(const rv1::Procuratorate& m, Lang lang) {
  return RenderProcuratorate(m, lang);
}

template <typename E>
E EnumArg(const char* prefix, const std::string& text) {
  // Validated by ParseArgs.
  return static_cast<E>(
      ParseEnumArg(google::protobuf::GetEnumDescriptor<E>(), prefix, text).value_or(0));
}
template <typename Stub, typename Req, typename Resp>
bool Runner::Call(Stub* stub, Method<Stub, Req, Resp> method, const Req& req, Resp* resp,
                  bool update) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  grpc::Status status = (stub->*method)(context.get(), req, resp);
  if (status.ok()) return true;
  ReportError(status, *context, update);
  return false;
}

template <typename Stub, typename Req, typename Resp>
bool Runner::Page(Stub* stub, Method<Stub, Req, Resp> method, Req req, Resp* out) {
  const bool all = inv_.Flag("all");
  if (inv_.Has("page_size")) req.set_page_size(static_cast<int32_t>(inv_.Int("page_size", 0)));
  if (inv_.Has("page_token")) req.set_page_token(inv_.Get("page_token"));
  for (;;) {
    Resp page;
    if (!Call(stub, method, req, &page, false)) return false;
    const std::string next = page.next_page_token();
    out->MergeFrom(page);
    out->set_next_page_token(next);
    if (!all || next.empty() || next == req.page_token()) break;
    req.set_page_token(next);
  }
  if (all) out->clear_next_page_token();
  if (!inv_.global.json && !out->next_page_token().empty()) {
    err_ << absl::Substitute(msg::kMoreResults(lang_), out->next_page_token()) << "\n";
  }
  return true;
}

template <typename M>
int Runner::Done(const M& record, const Text& confirmation) {
  return Emit(record,
              [&] { return absl::StrCat(confirmation(lang_), "\n\n", Render(record, lang_)); });
}

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_RUNNER_IMPL_H_
