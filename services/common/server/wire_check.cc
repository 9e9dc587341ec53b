#include "common/server/wire_check.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/base/text.h"

namespace shouhu {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

absl::Status Malformed(absl::string_view path, absl::string_view what) {
  if (path.empty()) return absl::InvalidArgumentError(absl::StrCat("malformed request: ", what));
  return absl::InvalidArgumentError(absl::StrCat("malformed request: ", path, ": ", what));
}

bool IsPackable(const FieldDescriptor* f) {
  return f->is_repeated() && f->cpp_type() != FieldDescriptor::CPPTYPE_STRING &&
         f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE;
}

// Walks one message; `prefix` is the path of the message itself ("" at the top).
absl::Status Walk(const Descriptor* type, absl::string_view bytes, const std::string& prefix,
                  int depth) {
  if (depth > kMaxWireDepth) return Malformed(prefix, "nested too deeply");
  CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                      static_cast<int>(bytes.size()));
  in.SetRecursionLimit(kMaxWireDepth);
  std::map<int, int> seen;  // field number -> elements so far (for "[i]" in paths)
  while (in.CurrentPosition() < static_cast<int>(bytes.size())) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) return Malformed(prefix, "invalid or truncated tag");
    const int number = WireFormatLite::GetTagFieldNumber(tag);
    const WireFormatLite::WireType wire = WireFormatLite::GetTagWireType(tag);
    if (number == 0) return Malformed(prefix, "field number 0");
    if (wire == WireFormatLite::WIRETYPE_START_GROUP ||
        wire == WireFormatLite::WIRETYPE_END_GROUP) {
      return Malformed(prefix, absl::StrCat("field ", number, ": groups are not supported"));
    }
    if (wire > WireFormatLite::WIRETYPE_FIXED32) {
      return Malformed(prefix, absl::StrCat("field ", number, ": invalid wire type ", wire));
    }
    const FieldDescriptor* field = type->FindFieldByNumber(number);
    std::string path;
    if (field != nullptr) {
      path = prefix.empty() ? field->name() : absl::StrCat(prefix, ".", field->name());
      if (field->is_repeated()) absl::StrAppend(&path, "[", seen[number]++, "]");
      const auto expected = WireFormatLite::WireTypeForFieldType(
          static_cast<WireFormatLite::FieldType>(field->type()));
      const bool packed_ok = IsPackable(field) && wire == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
      if (wire != expected && !packed_ok) return Malformed(path, "wrong wire type");
    } else {
      path = absl::StrCat(prefix.empty() ? "" : absl::StrCat(prefix, "."), "#", number);
    }
    switch (wire) {
      case WireFormatLite::WIRETYPE_VARINT: {
        uint64_t v = 0;
        if (!in.ReadVarint64(&v)) return Malformed(path, "truncated varint");
        break;
      }
      case WireFormatLite::WIRETYPE_FIXED64: {
        uint64_t v = 0;
        if (!in.ReadLittleEndian64(&v)) return Malformed(path, "truncated 64-bit value");
        break;
      }
      case WireFormatLite::WIRETYPE_FIXED32: {
        uint32_t v = 0;
        if (!in.ReadLittleEndian32(&v)) return Malformed(path, "truncated 32-bit value");
        break;
      }
      case WireFormatLite::WIRETYPE_LENGTH_DELIMITED: {
        uint32_t length = 0;
        if (!in.ReadVarint32(&length)) return Malformed(path, "truncated length");
        const int at = in.CurrentPosition();
        if (length > bytes.size() - static_cast<size_t>(at)) {
          return Malformed(path, "length runs past the end of the message");
        }
        const absl::string_view value = bytes.substr(at, length);
        if (!in.Skip(static_cast<int>(length))) {
          return Malformed(path, "length runs past the end of the message");
        }
        if (field == nullptr) break;
        if (field->type() == FieldDescriptor::TYPE_STRING && !IsValidUtf8(value)) {
          return absl::InvalidArgumentError(
              absl::StrCat("malformed request: ", path, ": not valid UTF-8"));
        }
        if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
          absl::Status nested = Walk(field->message_type(), value, path, depth + 1);
          if (!nested.ok()) return nested;
        }
        if (IsPackable(field)) {
          // Packed scalars: the payload must be a whole number of elements.
          CodedInputStream packed(reinterpret_cast<const uint8_t*>(value.data()),
                                  static_cast<int>(value.size()));
          const auto elem = WireFormatLite::WireTypeForFieldType(
              static_cast<WireFormatLite::FieldType>(field->type()));
          while (packed.CurrentPosition() < static_cast<int>(value.size())) {
            uint64_t v64 = 0;
            uint32_t v32 = 0;
            const bool ok = elem == WireFormatLite::WIRETYPE_VARINT ? packed.ReadVarint64(&v64)
                            : elem == WireFormatLite::WIRETYPE_FIXED64
                                ? packed.ReadLittleEndian64(&v64)
                                : packed.ReadLittleEndian32(&v32);
            if (!ok) return Malformed(path, "truncated packed value");
          }
        }
        break;
      }
      default:
        return Malformed(path, "invalid wire type");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckWireFormat(const Descriptor* type, absl::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) return Malformed("", "message too large");
  return Walk(type, bytes, "", 0);
}

}  // namespace shouhu
