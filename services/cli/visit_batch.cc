// `shouhu visit batch`: offline captures uploaded in one call, one result line per item.
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "cli/runner_impl.h"
#include "cli/visit_catalog.h"
#include "cli/visit_render.h"
#include "cli/visit_runner.h"
#include "google/protobuf/util/json_util.h"

namespace shouhu::cli {
namespace {

namespace vv1 = ::shouhu::visit::v1;
namespace pbu = ::google::protobuf::util;

pbu::JsonParseOptions Strict() {
  pbu::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  return options;
}

}  // namespace

// A JSON array of BatchItems, an UploadBatchRequest, or JSON lines of BatchItems.
bool VisitRunner::ReadBatch(const std::string& path, vv1::UploadBatchRequest* req) {
  std::string text;
  if (!ReadInput(path, &text)) {
    r_.err_ << absl::Substitute(msg::kReadFailed(lang_), path) << "\n";
    return false;
  }
  const absl::string_view body = absl::StripAsciiWhitespace(text);
  if (absl::StartsWith(body, "[")) {
    auto status = pbu::JsonStringToMessage(absl::StrCat("{\"items\": ", body, "}"), req, Strict());
    if (!status.ok()) {
      r_.err_ << absl::Substitute(msg::kBadMessageJson(lang_), path, "BatchItem",
                                  status.message().ToString())
              << "\n";
      return false;
    }
  } else if (!pbu::JsonStringToMessage(std::string(body), req, Strict()).ok() ||
             req->items().empty()) {
    req->Clear();
    int line_number = 0;
    for (absl::string_view line : absl::StrSplit(body, '\n')) {
      ++line_number;
      line = absl::StripAsciiWhitespace(line);
      if (line.empty()) continue;
      auto status = pbu::JsonStringToMessage(std::string(line), req->add_items(), Strict());
      if (!status.ok()) {
        r_.err_ << absl::Substitute(msg::kBatchBadLine(lang_), path, line_number,
                                    status.message().ToString())
                << "\n";
        return false;
      }
    }
  }
  if (req->items().empty()) {
    r_.err_ << absl::Substitute(msg::kBatchEmpty(lang_), path) << "\n";
    return false;
  }
  return true;
}

int VisitRunner::Batch() {
  vv1::UploadBatchRequest req;
  if (!ReadBatch(inv_.args[0], &req)) return kExitUsage;
  req.set_request_id(RequestIdOf(req.request_id()));
  vv1::UploadBatchResponse resp;
  if (!r_.Call(r_.stubs_.visits, &vv1::VisitService::StubInterface::UploadBatch, req, &resp,
               true)) {
    return kExitRpcError;
  }
  r_.Emit(resp, [&] { return RenderBatchResults(resp, lang_); });
  for (const vv1::BatchItemResult& result : resp.results()) {
    if (result.outcome() == vv1::BATCH_OUTCOME_REJECTED) return kExitRpcError;
  }
  return kExitOk;
}

}  // namespace shouhu::cli
