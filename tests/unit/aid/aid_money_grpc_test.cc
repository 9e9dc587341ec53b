// The money method tables bind every RPC of their services, behind the access table.
#include <gtest/gtest.h>

#include "aid/money_grpc.h"

namespace shouhu::aid {
namespace {

void ExpectAllBound(const MethodTable& t) {
  ASSERT_TRUE(t.status().ok()) << t.status();
  ASSERT_EQ(static_cast<int>(t.entries().size()), t.service()->method_count());
  for (const MethodTable::Entry& e : t.entries()) {
    EXPECT_TRUE(static_cast<bool>(e.unary)) << e.method->full_name();
  }
}

const MethodTable::Entry& EntryOf(const MethodTable& t, const std::string& name) {
  for (const MethodTable::Entry& e : t.entries()) {
    if (e.method->name() == name) return e;
  }
  static const MethodTable::Entry none;
  ADD_FAILURE() << "no method " << name;
  return none;
}

TEST(AidMoneyGrpcTest, EveryMethodIsBoundAndAdmittedByTheTable) {
  AidDeps deps;  // no database: the access table refuses before any operation runs
  FundCore fund(deps);
  DisbursementCore disb(deps);
  ReconciliationCore recon(deps);
  RecoveryCore recovery(deps);
  MethodTable f = FundMethods(&fund);
  MethodTable d = DisbursementMethods(&disb);
  MethodTable r = ReconciliationMethods(&recon);
  MethodTable rec = RecoveryMethods(&recovery);
  ExpectAllBound(f);
  ExpectAllBound(d);
  ExpectAllBound(r);
  ExpectAllBound(rec);

  Principal caseworker;
  caseworker.id = "u-zhang";
  caseworker.procuratorate = "520382";
  caseworker.roles = {Role::kCaseworker};
  Principal finance;
  finance.id = "u-cai";
  finance.procuratorate = "520382";
  finance.roles = {Role::kFinance};
  pb::RecordPaymentRequest pay;
  auto denied = EntryOf(d, "RecordPayment").unary(caseworker, pay);
  EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied);
  pb::OpenRecoveryRequest open;
  EXPECT_EQ(EntryOf(rec, "OpenRecovery").unary(finance, open).status().code(),
            absl::StatusCode::kPermissionDenied);
  pb::AllocateFundRequest alloc;
  EXPECT_EQ(EntryOf(f, "AllocateFund").unary(caseworker, alloc).status().code(),
            absl::StatusCode::kPermissionDenied);
  // Admitted, then the request is checked before any database access.
  auto invalid = EntryOf(f, "AllocateFund").unary(finance, alloc);
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  pb::ImportBankStatementRequest statement;
  EXPECT_EQ(EntryOf(r, "ImportBankStatement").unary(caseworker, statement).status().code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace shouhu::aid
