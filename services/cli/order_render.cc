#include "cli/order_render.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "cli/format.h"
#include "cli/order_catalog.h"
#include "shouhu/common/v1/common.pb.h"

namespace shouhu::cli {
namespace {

namespace gpb = ::google::protobuf;
namespace cv1 = ::shouhu::common::v1;
using Fields = std::vector<std::pair<std::string, std::string>>;

const char* Sep(Lang lang) { return lang == Lang::kEn ? ", " : "、"; }

// Every non-empty line of `block` two columns further in.
std::string Indent(const std::string& block) {
  std::vector<std::string> lines = absl::StrSplit(block, '\n');
  for (std::string& line : lines) {
    if (!line.empty()) line.insert(0, "  ");
  }
  return absl::StrJoin(lines, "\n");
}

// Messages shown on one line.
bool IsLeafMessage(const gpb::Descriptor* d) {
  return d == cv1::Date::descriptor() || d == cv1::Timestamp::descriptor() ||
         d == cv1::Actor::descriptor();
}

std::string LeafMessageText(const gpb::Message& m) {
  const gpb::Descriptor* d = m.GetDescriptor();
  if (d == cv1::Date::descriptor()) {
    cv1::Date date;
    date.CopyFrom(m);
    return FormatDate(date);
  }
  if (d == cv1::Timestamp::descriptor()) {
    cv1::Timestamp ts;
    ts.CopyFrom(m);
    return ts.unix_millis() == 0 ? "" : FormatTimestamp(ts);
  }
  cv1::Actor actor;
  actor.CopyFrom(m);
  if (actor.display_name().empty() || actor.display_name() == actor.principal()) {
    return actor.principal();
  }
  return absl::StrCat(actor.display_name(), " (", actor.principal(), ")");
}

// One value of a scalar, enum or leaf-message field (index -1: singular).
std::string ValueText(const gpb::Message& m, const gpb::FieldDescriptor* f, int index, Lang lang) {
  const gpb::Reflection* r = m.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case gpb::FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
    case gpb::FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? msg::kYes(lang)
                                                                        : msg::kNo(lang);
    case gpb::FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
    case gpb::FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
    case gpb::FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
    case gpb::FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f));
    case gpb::FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(rep ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f));
    case gpb::FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrCat(rep ? r->GetRepeatedFloat(m, f, index) : r->GetFloat(m, f));
    case gpb::FieldDescriptor::CPPTYPE_ENUM:
      return EnumName(f->enum_type(),
                      rep ? r->GetRepeatedEnumValue(m, f, index) : r->GetEnumValue(m, f), lang);
    case gpb::FieldDescriptor::CPPTYPE_MESSAGE: {
      const gpb::Message& sub = rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f);
      if (IsLeafMessage(f->message_type())) return LeafMessageText(sub);
      // A nested record in one cell: its first set field.
      std::vector<const gpb::FieldDescriptor*> set;
      sub.GetReflection()->ListFields(sub, &set);
      if (set.empty() || set[0]->is_repeated()) return "";
      return ValueText(sub, set[0], -1, lang);
    }
  }
  return "";
}

// "key: value" of a map entry (e.g. corrective action 1 -> 已整改).
std::string MapEntryText(const gpb::Message& entry, Lang lang) {
  const gpb::Descriptor* d = entry.GetDescriptor();
  return absl::StrCat(ValueText(entry, d->map_key(), -1, lang), lang == Lang::kEn ? ": " : "：",
                      ValueText(entry, d->map_value(), -1, lang));
}

// Every value of a field as one line of text.
std::string FieldText(const gpb::Message& m, const gpb::FieldDescriptor* f, Lang lang) {
  if (!f->is_repeated()) return ValueText(m, f, -1, lang);
  const gpb::Reflection* r = m.GetReflection();
  std::vector<std::string> values;
  for (int i = 0; i < r->FieldSize(m, f); ++i) {
    values.push_back(f->is_map() ? MapEntryText(r->GetRepeatedMessage(m, f, i), lang)
                                 : ValueText(m, f, i, lang));
  }
  return absl::StrJoin(values, Sep(lang));
}

// Yes/no facts shown even when false (proto3 does not mark a false bool as set).
bool AlwaysShown(const gpb::FieldDescriptor* f) {
  if (f->cpp_type() != gpb::FieldDescriptor::CPPTYPE_BOOL || f->is_repeated()) return false;
  for (const char* name :
       {"attended", "agreed", "guardian_signed", "criteria_met", "meets_condition", "admonished"}) {
    if (f->name() == name) return true;
  }
  return false;
}

bool IsBlock(const gpb::FieldDescriptor* f) {
  return f->cpp_type() == gpb::FieldDescriptor::CPPTYPE_MESSAGE && !f->is_map() &&
         !IsLeafMessage(f->message_type());
}

}  // namespace

std::string RenderOrderRecord(const gpb::Message& record, Lang lang, FieldLabeler label_of) {
  if (label_of == nullptr) label_of = &OrderFieldLabel;
  std::vector<const gpb::FieldDescriptor*> listed;
  record.GetReflection()->ListFields(record, &listed);
  std::vector<const gpb::FieldDescriptor*> set;
  const gpb::Descriptor* d = record.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const gpb::FieldDescriptor* f = d->field(i);
    if (AlwaysShown(f) || std::find(listed.begin(), listed.end(), f) != listed.end()) {
      set.push_back(f);
    }
  }
  Fields lines;
  std::string blocks;
  const gpb::Reflection* r = record.GetReflection();
  const char* colon = lang == Lang::kEn ? ":" : "：";
  for (const gpb::FieldDescriptor* f : set) {
    const std::string label = label_of(f->name(), lang);
    if (!IsBlock(f)) {
      lines.emplace_back(label, FieldText(record, f, lang));
      continue;
    }
    absl::StrAppend(&blocks, "\n", label, colon, "\n");
    if (!f->is_repeated()) {
      absl::StrAppend(&blocks, Indent(RenderOrderRecord(r->GetMessage(record, f), lang, label_of)));
      continue;
    }
    for (int i = 0; i < r->FieldSize(record, f); ++i) {
      absl::StrAppend(
          &blocks, "  [", i + 1, "]\n",
          Indent(Indent(RenderOrderRecord(r->GetRepeatedMessage(record, f, i), lang, label_of))));
    }
  }
  return absl::StrCat(RenderFields(lines), blocks);
}

std::string RenderOrderTable(const std::vector<const gpb::Message*>& rows,
                             const std::vector<const char*>& columns, Lang lang,
                             FieldLabeler label_of) {
  if (label_of == nullptr) label_of = &OrderFieldLabel;
  std::vector<std::string> header;
  for (const char* c : columns) header.push_back(label_of(c, lang));
  Table table(header);
  for (const gpb::Message* m : rows) {
    std::vector<std::string> cells;
    for (const char* c : columns) {
      const gpb::FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(c);
      cells.push_back(f == nullptr ? "" : FieldText(*m, f, lang));
    }
    table.AddRow(std::move(cells));
  }
  return absl::StrCat(table.Render(), absl::Substitute(msg::kCount(lang), rows.size()), "\n");
}

}  // namespace shouhu::cli
