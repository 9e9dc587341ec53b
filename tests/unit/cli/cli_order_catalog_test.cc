// The order commands' catalogue: every enum value of the guardianship API has a Chinese and
// an English name, and every field the order records carry has a label in both languages.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/catalog.h"
#include "cli/order_catalog.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "gtest/gtest.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::cli {
namespace {

namespace gpb = ::google::protobuf;
namespace gv1 = ::shouhu::guardianship::v1;

bool HasNonAscii(const std::string& text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return true;
  }
  return false;
}

TEST(OrderCatalogTest, EveryEnumValueOfTheGuardianshipApiIsNamedInBothLanguages) {
  const gpb::FileDescriptor* file = gv1::Order::descriptor()->file();
  ASSERT_GE(file->enum_type_count(), 20);
  for (int i = 0; i < file->enum_type_count(); ++i) {
    const gpb::EnumDescriptor* type = file->enum_type(i);
    for (int v = 0; v < type->value_count(); ++v) {
      SCOPED_TRACE(type->value(v)->full_name());
      std::optional<Text> text = EnumText(type->value(v));
      ASSERT_TRUE(text.has_value());
      EXPECT_TRUE(HasNonAscii(text->zh));
      EXPECT_STRNE(text->en, "");
      EXPECT_FALSE(HasNonAscii(text->en));
    }
  }
  EXPECT_EQ(EnumName(gv1::ORDER_STATUS_UNDER_SUPERVISION, Lang::kZh), "监督履行中");
  EXPECT_EQ(EnumName(gv1::ORDER_STATUS_UNDER_SUPERVISION, Lang::kEn), "Under supervision");
}

void CollectFields(const gpb::Descriptor* message, std::set<std::string>* names,
                   std::set<const gpb::Descriptor*>* seen) {
  if (!seen->insert(message).second) return;
  if (message->file()->package() != "shouhu.guardianship.v1" || message->options().map_entry()) {
    return;
  }
  for (int i = 0; i < message->field_count(); ++i) {
    const gpb::FieldDescriptor* f = message->field(i);
    names->insert(f->name());
    if (f->message_type() != nullptr) CollectFields(f->message_type(), names, seen);
  }
}

TEST(OrderCatalogTest, EveryFieldOfTheRenderedRecordsHasALabel) {
  std::set<std::string> names;
  std::set<const gpb::Descriptor*> seen;
  for (const gpb::Descriptor* d :
       {gv1::Order::descriptor(), gv1::AgencyOrderView::descriptor(),
        gv1::GuidanceSession::descriptor(), gv1::ComplianceCheck::descriptor(),
        gv1::SupervisionSummary::descriptor(), gv1::Escalation::descriptor(),
        gv1::AgencyEscalationView::descriptor(), gv1::UnattendedCheck::descriptor(),
        gv1::AgencyUnattendedHandoffView::descriptor(), gv1::OrderPolicy::descriptor(),
        gv1::OrderStatisticsRow::descriptor(), gv1::IdentityDisclosureResponse::descriptor()}) {
    CollectFields(d, &names, &seen);
  }
  EXPECT_GE(names.size(), 100u);
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(HasNonAscii(OrderFieldLabel(name, Lang::kZh)));
    EXPECT_NE(OrderFieldLabel(name, Lang::kEn), name) << "no English label";
  }
  EXPECT_EQ(OrderFieldLabel("no_such_field", Lang::kZh), "no_such_field");
}

}  // namespace
}  // namespace shouhu::cli
