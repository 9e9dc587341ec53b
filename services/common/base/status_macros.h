// Small local replacements for RETURN_IF_ERROR / ASSIGN_OR_RETURN, which the Abseil
// release shipped by Debian 12 (20220623) does not have.
#ifndef SHOUHU_COMMON_BASE_STATUS_MACROS_H_
#define SHOUHU_COMMON_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SHOUHU_CONCAT_INNER(a, b) a##b
#define SHOUHU_CONCAT(a, b) SHOUHU_CONCAT_INNER(a, b)

// Returns the status from the enclosing function if `expr` is not OK.
#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    ::absl::Status shouhu_status_ = (expr);          \
    if (!shouhu_status_.ok()) return shouhu_status_; \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, Foo());` declares `x` from the value of an absl::StatusOr,
// or returns its status from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  SHOUHU_ASSIGN_OR_RETURN_IMPL(SHOUHU_CONCAT(shouhu_statusor_, __LINE__), lhs, rexpr)

#define SHOUHU_ASSIGN_OR_RETURN_IMPL(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // SHOUHU_COMMON_BASE_STATUS_MACROS_H_
